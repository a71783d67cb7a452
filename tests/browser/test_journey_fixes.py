"""What a real browser walk through every role tripped over (issue 14), each checked in Chromium
where the fault is in what the browser shows."""

import pytest

from comments.models import Answer, Comment
from tests.worlds import build_world

from .conftest import assert_accessible, sign_in

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


def test_batch_answer_preselects_no_decision_and_a_missing_one_keeps_the_input(
    site, new_page, body, editor, responder
):
    build_world(body, editor, responder)
    waiting = Comment.objects.get(text="Поддерживаю проект.")
    page = new_page()
    sign_in(page, site, responder, lang="ru")
    page.goto(f"{site}/ru/manage/answers/")
    # Before: "Принято" stood selected, ready to be published for every ticked comment.
    assert page.input_value("select[name=decision]") == ""
    page.check(f"#c{waiting.pk}")
    page.fill("textarea[name=reasoning]", "Спасибо, учтём при доработке.")
    page.click("main form.form button[type=submit]")
    # The browser itself holds the form back (the select is required) and says why; the
    # server's own refusal, for browsers that do not, is in tests/comments/test_batch_answer.py.
    assert page.eval_on_selector("select[name=decision]", "e => e.validationMessage") != ""
    assert not Answer.objects.filter(comment=waiting).exists()
    assert page.input_value("textarea[name=reasoning]") == "Спасибо, учтём при доработке."
    assert page.is_checked(f"#c{waiting.pk}")
    assert_accessible(page)
    page.select_option("select[name=decision]", "noted")
    page.click("main form.form button[type=submit]")
    page.wait_for_selector(".message-success")
    assert Answer.objects.get(comment=waiting).decision == "noted"
