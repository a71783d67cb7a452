"""sep.form_renderer writes <input>, <select>, labels and field groups in Python: every form of
the portal must come out exactly as Django's own templates write it."""

import re

import pytest
from django import forms
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from comments.models import Comment
from tests.factories import UserFactory, participant, publish

DJANGO = "django.forms.renderers.DjangoTemplates"
OURS = "sep.form_renderer.FormRenderer"


class Tricky(forms.Form):
    """Values and attributes that need escaping, booleans, lazy labels, groups, help texts."""

    name = forms.CharField(
        label='Name <b>"quoted"</b>',
        help_text=mark_safe("<em>as typed</em>"),  # noqa: S308 - a constant
        widget=forms.TextInput(attrs={"placeholder": 'a "b" & <c>', "disabled": False}),
    )
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False, label=gettext_lazy("Search"))
    born = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    count = forms.IntegerField(min_value=0, required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    kind = forms.ChoiceField(
        choices=[
            ("", "—"),
            ("Group <1>", [("a&b", "A & B"), ("c", mark_safe("<i>C</i>"))]),  # noqa: S308
            ("d", gettext_lazy("Status")),
        ],
        required=False,
    )
    kinds = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y"), ("z", "Z")],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    maybe = forms.NullBooleanField(required=False)
    choice = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect)
    text = forms.CharField(widget=forms.Textarea, required=False)
    upload = forms.FileField(required=False)


def rendered(renderer, make_form) -> str:
    with override_settings(FORM_RENDERER=renderer):
        form = make_form()
        return "".join(field.as_field_group() for field in form) + str(form.errors) + str(form)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": '<script>"x"</script>', "agree": "on", "born": "not a date", "count": "-1"},
        {"name": "ok", "kind": "a&b", "kinds": ["x", "z"], "maybe": "true", "choice": "2"},
        {"email": "bad", "secret": "p&ss", "hidden": '"h"', "kind": "nonexistent"},
    ],
)
def test_every_widget_of_a_form_is_written_as_djangos_templates_write_it(data):
    def make_form():
        return Tricky(data) if data is not None else Tricky(initial={"kind": "c"})

    ours = rendered(OURS, make_form)
    assert ours == rendered(DJANGO, make_form)
    assert "<script>" not in ours


def _same_page(client, method, url, data=None) -> str:
    def fetch(renderer):
        caches["pages"].clear()
        with override_settings(FORM_RENDERER=renderer):
            response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 400, 403, 429), (url, response.status_code)
        # What differs between any two requests: CSRF tokens, nonces, submission keys.
        text = response.content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value=|name="key" value=|nonce=)"[^"]*"', r"\1", text)

    ours = fetch(OURS)
    assert ours == fetch(DJANGO), url
    return ours


@pytest.mark.django_db
def test_the_portals_forms_are_the_same_with_djangos_templates(client_for, body, editor, draft):
    publish(draft, by=editor)
    citizen = participant("reader@example.kg")
    pages = [
        (None, "get", reverse("drafts:list"), None),
        (
            None,
            "get",
            reverse("drafts:list"),
            {"q": "закупки", "organization": body.pk, "status": "bogus", "published_from": "x"},
        ),
        (None, "get", reverse("account_login"), None),
        (None, "post", reverse("account_signup"), {"email": "not an address", "password1": "1"}),
        (citizen, "get", reverse("comments:new", args=[draft.reference]), None),
        (citizen, "post", reverse("comments:new", args=[draft.reference]), {"text": ""}),
        (citizen, "get", reverse("accounts:profile"), None),
        (editor, "get", reverse("drafts:staff-create"), None),
        (editor, "post", reverse("drafts:staff-create"), {"title_ru": ""}),
        (editor, "get", reverse("drafts:staff-version-new", args=[draft.reference]), None),
        (editor, "get", reverse("plans:items"), {"year": "abc"}),
    ]
    seen = []
    for user, method, url, data in pages:
        page = _same_page(client_for(user), method, url, data)
        seen.append(page)
    # The pages did show their forms, errors included (or the comparison proved nothing).
    assert all("<form" in page for page in seen)
    assert any('class="errorlist"' in page for page in seen)
    assert any("<select" in page and "<option" in page for page in seen)
    assert not Comment.objects.exists()  # the empty comment was refused, not stored


@pytest.mark.django_db
def test_admin_forms_with_their_own_widgets_are_the_same(client_for, draft):
    admin = UserFactory(email="admin@minjust.kg", is_staff=True, is_superuser=True)
    client = client_for(admin)
    for url in (
        reverse("admin:drafts_draft_change", args=[draft.pk]),
        reverse("admin:accounts_user_add"),
    ):
        assert "<select" in _same_page(client, "get", url)
