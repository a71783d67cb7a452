"""What a real browser walk through every role tripped over (issue 14), each checked in Chromium
where the fault is in what the browser shows."""

import pytest

from tests.worlds import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("locale", ["ky-KG", "ru-RU", "en-US"])
def test_language_links_switch_the_draft_page_in_any_browser_language(
    site, new_page, body, editor, responder, locale
):
    draft = build_world(body, editor, responder)["draft"]
    page = new_page(locale=locale)
    page.goto(f"{site}/ru/drafts/{draft.reference}/")
    # Round the three languages twice: each link must work after any earlier choice.
    for code in ["en", "ky", "ru", "ky", "en", "ru"]:
        page.click(f"nav.languages a[lang={code}]")
        page.wait_for_load_state()
        assert page.url == f"{site}/{code}/drafts/{draft.reference}/", (locale, code)
        assert page.get_attribute("html", "lang") == code
