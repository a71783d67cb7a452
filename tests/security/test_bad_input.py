"""Inputs an outside probe sent that gave a server error or showed a text other than it says:
crafted API cursors, NUL bytes in forms, direction overrides in comments, reports of hidden
comments. Each test sends the probe's own input. Fuzzing every API list and form with hostile
values (tests/security/test_input_fuzz.py and the property test below) never gives a 5xx."""

import base64
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.models import Comment, CommentReport, Subscription

API_LISTS = [
    "drafts",
    "versions",
    "comments",
    "alternatives",
    "plans",
    "plan-items",
    "reports",
    "subject-areas",
]


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Crafted cursors --------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", API_LISTS)
@pytest.mark.parametrize(
    "cursor",
    [
        _cursor("p="),
        _cursor("p=2026-01-01"),
        _cursor("p=<script>"),
        _cursor("p=99999999999999999999999"),
        _cursor("o=-1"),
        "not base64 at all!",
        "cD0%3D",
    ],
)
def test_a_crafted_cursor_is_a_clear_400(db, endpoint, cursor):
    # The cursor is read before any row: an empty portal shows the refusal as well.
    response = Client().get(f"/api/v1/{endpoint}/", {"cursor": cursor})
    assert response.status_code == 400, response.content[:300]
    assert "cursor" in response.json()


def test_the_cursor_the_api_gave_still_walks_the_list(world, settings):
    settings.SEP_API_PAGE_SIZE = 1
    first = Client().get("/api/v1/comments/").json()
    assert first["next"]
    second = Client().get(first["next"])
    assert second.status_code == 200
    assert second.json()["results"][0]["id"] != first["results"][0]["id"]


# --- NUL in a form ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["draft", "body", "subject", "search", "plan_item"])
def test_a_nul_byte_in_a_follow_form_is_a_clear_400(world, field):
    citizen = world["users"]["citizen"]
    before = Subscription.objects.filter(user=citizen).count()
    response = signed_in(citizen).post(reverse("comments:follow"), {field: "MJ\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert Subscription.objects.filter(user=citizen).count() == before


def test_a_nul_byte_in_the_plan_link_forms_is_a_clear_400(world):
    editor = world["users"]["editor"]
    item = world["ours"]["item"]
    linked_before = item.draft_id
    client = signed_in(editor)
    for url, data in [
        (reverse("plans:staff-item-link", args=[item.plan_id, item.pk]), {"draft": "MJ\x00"}),
        (reverse("plans:link-draft"), {"item": str(item.pk), "draft": "MJ\x00"}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, url
    item.refresh_from_db()
    assert item.draft_id == linked_before


# --- Direction controls -------------------------------------------------------------------------


def test_a_direction_override_is_withheld_from_the_published_text_and_kept_in_history(world):
    citizen = world["users"]["citizen"]
    draft = world["ours"]["discussion"]
    sent = "Срок 10 дней, \u202eон 01 кос\u202c а не 30."
    response = signed_in(citizen).post(
        reverse("comments:new", args=[draft.reference]),
        {"text": sent, "position": "proposal", "section": "", "key": uuid.uuid4()},
    )
    assert response.status_code == 302
    comment = Comment.objects.filter(author=citizen).latest("pk")
    assert comment.text == "Срок 10 дней, он 01 кос а не 30."
    assert sent in comment.history.values_list("text", flat=True)
    page = Client().get(draft.get_absolute_url()).content.decode()
    assert "\u202e" not in page
    assert 'class="comment-text" dir="auto"' in page


def test_a_comment_of_direction_controls_alone_is_refused_as_empty(world):
    draft = world["ours"]["discussion"]
    response = signed_in(world["users"]["citizen"]).post(
        reverse("comments:new", args=[draft.reference]),
        {"text": "\u202e\u2066\u2069", "position": "other", "section": "", "key": uuid.uuid4()},
    )
    assert response.status_code == 200
    assert "Write your comment." in response.content.decode()


# --- Reports of hidden comments ------------------------------------------------------------------


def test_reporting_an_already_hidden_comment_is_refused_with_a_message(world):
    hidden = world["ours"]["hidden"]
    citizen = world["users"]["other_citizen"]
    client = signed_in(citizen)
    url = reverse("comments:report", args=[hidden.pk])
    response = client.post(url, {"reason": "spam", "note": "ещё раз"}, follow=True)
    assert "already hidden by a moderator" in response.content.decode()
    assert not CommentReport.objects.filter(comment=hidden, reporter=citizen).exists()
    assert "already hidden" in client.get(url, follow=True).content.decode()


# --- Hostile values everywhere -------------------------------------------------------------------

HOSTILE_BYTES = ["%ED%A0%80", "%FF%FE", "%C0%AF", "%00", "%E2%80%AE", "%F4%90%80%80"]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE_BYTES),
    # Any text, percent-encoded as a browser would send it.
    st.text(max_size=50).map(lambda text: "".join(f"%{byte:02X}" for byte in text.encode())),
    st.integers(-(2**80), 2**80).map(str),
    st.sampled_from(["", "null", "[]", "{}", "true", "1e309", "-0", "0x10", "1" * 1000]),
    st.just("я" * 1_000_000),
)

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

API_PARAMETERS = [
    "cursor",
    "page_size",
    "modified_since",
    "q",
    "status",
    "organization",
    "draft",
    "version",
    "provision",
    "answered",
    "plan",
    "year",
    "format",
]


def test_no_api_list_answers_any_query_with_a_server_error(world):
    client = Client()

    @PROPERTY
    @given(
        endpoint=st.sampled_from(API_LISTS),
        query=st.dictionaries(st.sampled_from(API_PARAMETERS), hostile_value, max_size=3),
    )
    def check(endpoint, query):
        raw = "&".join(
            f"{name}={value if value in HOSTILE_BYTES else value[:2000]}"
            for name, value in query.items()
        )
        response = client.get(f"/api/v1/{endpoint}/?{raw}")
        assert response.status_code < 500, (endpoint, raw[:200], response.content[:300])

    check()


FORMS = [
    ("comments:new", "discussion", ["text", "position", "section", "key"]),
    ("comments:alternative", "discussion", ["text", "explanation", "key"]),
    ("comments:vote", "discussion", ["value"]),
    ("comments:follow", None, ["draft", "body", "subject", "search", "plan_item", "next"]),
    ("accounts:profile", None, ["first_name", "category", "region", "organisation_name"]),
    ("drafts:list", None, ["q", "status", "organization", "page"]),
]


def test_no_public_or_citizen_form_answers_hostile_bytes_with_a_server_error(world):
    citizen = signed_in(world["users"]["citizen"])

    @PROPERTY
    @given(
        form=st.sampled_from(FORMS),
        values=st.data(),
    )
    def check(form, values):
        name, draft_key, fields = form
        args = [world["ours"][draft_key].reference] if draft_key else []
        chosen = values.draw(st.dictionaries(st.sampled_from(fields), hostile_value, max_size=3))
        body = "&".join(f"{field}={value[:200_000]}" for field, value in chosen.items())
        response = citizen.post(
            reverse(name, args=args), body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, (name, body[:200], response.content[:300])

    check()


@pytest.mark.parametrize(
    "next_url", ["%ED%A0%80", "admin:index", "//evil.example/", "javascript:alert(1)"]
)
def test_a_next_address_that_is_not_a_path_here_falls_back(world, next_url):
    """Found by the property test: `redirect()` reverses any string without a slash as a view
    name, so a mangled `next` gave 500 (NoReverseMatch) — or a view of the attacker's choice."""
    client = signed_in(world["users"]["citizen"])
    response = client.post(
        reverse("comments:follow"),
        f"search=закупки&next={next_url}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("comments:subscriptions")
    switched = Client().get(reverse("switch-language", args=["ky"]), {"next": next_url})
    assert switched.status_code == 302 and switched["Location"].startswith("/ky/")
