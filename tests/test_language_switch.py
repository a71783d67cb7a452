"""The language links in the header: from any page, in any browser language, to the same page
in the chosen language (issue 14, item 1)."""

import pytest
from django.urls import reverse

from tests.factories import publish

pytestmark = pytest.mark.django_db

BROWSER_LANGUAGES = ["ky-KG,ky;q=0.9", "ru-RU,ru;q=0.9", "en-US,en;q=0.9"]


@pytest.mark.parametrize("accept_language", BROWSER_LANGUAGES)
@pytest.mark.parametrize("page_language", ["ky", "ru", "en"])
@pytest.mark.parametrize("code", ["ky", "ru", "en"])
def test_switch_keeps_the_page_whatever_the_browser_language(
    client, draft, editor, accept_language, page_language, code
):
    publish(draft, by=editor)
    response = client.get(
        reverse("switch-language", args=[code]),
        {"next": f"/{page_language}/drafts/{draft.reference}/?tab=comments"},
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    assert response["Location"] == f"/{code}/drafts/{draft.reference}/?tab=comments"
    assert response.cookies["django_language"].value == code


def test_switch_after_an_earlier_choice_still_follows_the_page(client, draft, editor):
    # The cookie of an earlier switch (English) must not decide how a Russian page resolves.
    publish(draft, by=editor)
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("switch-language", args=["ky"]), {"next": f"/ru/drafts/{draft.reference}/"}
    )
    assert response["Location"] == f"/ky/drafts/{draft.reference}/"


def test_switch_from_an_unknown_address_goes_to_the_new_languages_home(client):
    response = client.get(
        reverse("switch-language", args=["en"]),
        {"next": "/ru/no-such-page/"},
        HTTP_ACCEPT_LANGUAGE="ky-KG",
    )
    assert response["Location"] == "/en/"
