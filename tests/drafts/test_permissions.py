"""Every staff URL tried by each role: only an editor of the developer body gets through."""

import pytest
from django.urls import reverse

from drafts.models import Draft
from tests.factories import make_draft, publish

STAFF_PAGES = [
    ("get", "drafts:staff-detail"),
    ("get", "drafts:staff-edit"),
    ("post", "drafts:staff-edit"),
    ("get", "drafts:staff-version-new"),
    ("post", "drafts:staff-version-new"),
    ("get", "drafts:staff-attachment-new"),
    ("post", "drafts:staff-attachment-new"),
    ("get", "drafts:staff-publish"),
    ("post", "drafts:staff-publish"),
    ("get", "drafts:staff-extend"),
    ("post", "drafts:staff-extend"),
    ("post", "drafts:staff-close"),
    ("post", "drafts:staff-outcome"),
]


@pytest.fixture(params=["preparing", "discussion"])
def target(request, body, editor):
    draft = make_draft(body, by=editor)
    if request.param == "discussion":
        publish(draft, by=editor)
    return draft


def _call(client, method, name, draft):
    url = reverse(name, args=[draft.reference])
    return getattr(client, method)(url, {"title_ru": "Подмена", "status": "withdrawn"})


@pytest.mark.parametrize(("method", "name"), STAFF_PAGES)
def test_editor_of_other_body_gets_404_or_403(client_for, outsider_editor, target, method, name):
    response = _call(client_for(outsider_editor), method, name, target)
    expected = 404 if target.status == Draft.Status.PREPARING else 403
    assert response.status_code == expected
    target.refresh_from_db()
    assert target.title_ru != "Подмена"
    assert target.status in (Draft.Status.PREPARING, Draft.Status.DISCUSSION)


@pytest.mark.parametrize(("method", "name"), STAFF_PAGES)
def test_responder_of_the_body_cannot_edit(client_for, responder, target, method, name):
    response = _call(client_for(responder), method, name, target)
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "name"), STAFF_PAGES)
def test_citizen_gets_404_or_403(client_for, citizen, target, method, name):
    response = _call(client_for(citizen), method, name, target)
    assert response.status_code == (404 if target.status == Draft.Status.PREPARING else 403)


@pytest.mark.parametrize(("method", "name"), STAFF_PAGES)
def test_anonymous_is_sent_to_sign_in(client_for, target, method, name):
    response = _call(client_for(None), method, name, target)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(("method", "name"), STAFF_PAGES)
def test_editor_of_the_body_gets_through(client_for, editor, target, method, name):
    response = _call(client_for(editor), method, name, target)
    assert response.status_code in (200, 302)


# Staff pages about no one draft. A signed-in person who is no member of any body is refused
# (the create page does not exist for anyone who edits for no body).
BODY_PAGES = [
    ("get", "drafts:staff-list", 403),
    ("get", "drafts:staff-create", 404),
    ("post", "drafts:staff-create", 404),
]


@pytest.mark.parametrize(("method", "name", "status"), BODY_PAGES)
def test_anonymous_is_sent_to_sign_in_from_body_pages(db, client_for, method, name, status):
    response = getattr(client_for(None), method)(reverse(name), {"title_ru": "Подмена"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(("method", "name", "status"), BODY_PAGES)
def test_citizen_without_membership_is_refused_body_pages(
    client_for, citizen, body, method, name, status
):
    data = {"organization": body.pk, "act_type": "law", "title_ru": "Подмена"}
    response = getattr(client_for(citizen), method)(reverse(name), data)
    assert response.status_code == status
    assert not Draft.objects.filter(title_ru="Подмена").exists()


def test_responder_sees_the_list_of_the_bodys_drafts(client_for, responder, draft):
    response = client_for(responder).get(reverse("drafts:staff-list"))
    assert response.status_code == 200
    assert draft.reference in response.text


def test_create_form_cannot_name_another_body(client_for, editor, other_body):
    client = client_for(editor)
    response = client.post(
        reverse("drafts:staff-create"),
        {"organization": other_body.pk, "act_type": "law", "title_ru": "Чужой проект"},
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Draft.objects.filter(title_ru="Чужой проект").exists()


def test_citizen_has_no_create_page(client_for, citizen):
    assert client_for(citizen).get(reverse("drafts:staff-create")).status_code == 404


def test_staff_list_shows_only_own_bodies_drafts(
    client_for, editor, outsider_editor, body, other_body
):
    mine = make_draft(body, title_ru="Наш проект", by=editor)
    make_draft(other_body, title_ru="Чужой проект", by=outsider_editor)
    response = client_for(editor).get(reverse("drafts:staff-list"))
    assert mine.reference in response.text
    assert "Чужой проект" not in response.text


def test_preparing_draft_is_hidden_from_the_public(client_for, draft, citizen, outsider_editor):
    url = draft.get_absolute_url()
    assert client_for(None).get(url).status_code == 404
    assert client_for(citizen).get(url).status_code == 404
    assert client_for(outsider_editor).get(url).status_code == 404
    assert draft.reference not in client_for(None).get(reverse("drafts:list")).text
