"""A page for a signed-in user is never stored by a browser or a proxy; public pages for
anonymous readers keep their headers (they are shared, and cached whole by drafts.caching)."""

import pytest
from django.urls import reverse

from tests.factories import publish

PRIVATE = "private, no-store"


@pytest.fixture
def public_draft(draft, editor):
    publish(draft, by=editor)
    return draft


def private_pages(draft):
    return [
        reverse("accounts:api-keys"),
        reverse("comments:mine"),
        reverse("accounts:profile"),
        reverse("drafts:detail", args=[draft.reference]),
    ]


def test_every_page_of_a_signed_in_user_is_private(client_for, citizen, public_draft):
    web = client_for(citizen)
    for url in private_pages(public_draft):
        response = web.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url


def test_the_page_showing_a_new_api_key_once_is_private(client_for, citizen):
    response = client_for(citizen).post(
        reverse("accounts:api-keys"), {"name": "laptop"}, follow=True
    )
    assert response.context["new_key"]
    assert response["Cache-Control"] == PRIVATE
    assert response.redirect_chain and all(
        hop_status == 302 for _url, hop_status in response.redirect_chain
    )


def test_a_staff_page_and_a_redirect_are_private_too(client_for, editor, public_draft):
    web = client_for(editor)
    staff_page = web.get(reverse("drafts:staff-detail", args=[public_draft.reference]))
    assert staff_page["Cache-Control"] == PRIVATE
    response = web.post(reverse("accounts:api-keys"), {"name": "x"})
    assert response.status_code == 302 and response["Cache-Control"] == PRIVATE


def test_anonymous_public_pages_keep_their_headers(client_for, public_draft):
    web = client_for(None)
    for url in [reverse("home"), reverse("drafts:detail", args=[public_draft.reference])]:
        first, cached = web.get(url), web.get(url)
        for response in (first, cached):
            assert response.status_code == 200, url
            assert "Cache-Control" not in response, url


def test_a_cache_control_a_view_chose_is_kept(rf, citizen):
    from django.http import HttpResponse

    from accounts.middleware import PrivateResponsesMiddleware

    def view(request):
        response = HttpResponse("file")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = rf.get("/")
    request.user = citizen
    assert PrivateResponsesMiddleware(view)(request)["Cache-Control"] == "private, max-age=60"
