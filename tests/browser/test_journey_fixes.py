"""What a real browser walk through every role tripped over (issue 14), each checked in Chromium
where the fault is in what the browser shows."""

import pytest

from comments.models import Answer, Comment
from tests.factories import make_draft, publish
from tests.worlds import build_world

from .conftest import assert_accessible, screenshot, sign_in

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


# A real body's name, as long as the longest on the portal, for the tables' widest row.
LONG_BODY_NAME = "Государственное агентство охраны окружающей среды и лесного хозяйства"

WIDTHS = """() => {
  const region = document.querySelector('.table-scroll');
  const table = region.querySelector('table');
  const first = table.querySelector('tbody th[scope=row]');
  return {
    page: document.scrollingElement.scrollWidth,
    region: region.clientWidth,
    table: table.scrollWidth,
    firstLeft: first.getBoundingClientRect().left,
    regionLeft: region.getBoundingClientRect().left,
  };
}"""


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_dashboard_table_fits_a_desktop_and_scrolls_in_its_box_on_a_phone(
    site, new_page, body, editor, responder, analyst, lang
):
    body.name_ru = body.name_ky = body.name_en = LONG_BODY_NAME
    body.save()
    build_world(body, editor, responder)
    desktop = new_page(width=1280)
    sign_in(desktop, site, analyst, lang=lang)
    for path in ["/dashboard/", f"/dashboard/bodies/{body.short_name}/"]:
        desktop.goto(f"{site}/{lang}{path}")
        widths = desktop.evaluate(WIDTHS)
        screenshot(desktop, f"dashboard-{lang}-1280{path.count('/')}")
        # Before: the 11 columns ran 300 px past their box on a 1280 px screen.
        assert widths["table"] <= widths["region"], (path, widths)
        assert widths["page"] <= 1280, (path, widths)
    phone = new_page(width=375)
    sign_in(phone, site, analyst, lang=lang)
    phone.goto(f"{site}/{lang}/dashboard/")
    widths = phone.evaluate(WIDTHS)
    # The page itself never scrolls sideways: the table scrolls inside its own box...
    assert widths["page"] <= 375, widths
    phone.eval_on_selector(".table-scroll", "region => { region.scrollLeft = 10000; }")
    scrolled = phone.evaluate(WIDTHS)
    # ...and the body's name stays in view while the numbers scroll past it.
    assert scrolled["firstLeft"] >= scrolled["regionLeft"] - 1, scrolled
    phone.locator(".table-scroll").scroll_into_view_if_needed()
    screenshot(phone, f"dashboard-{lang}-375")
    assert_accessible(phone)


def test_home_page_is_short_and_lists_each_draft_once(site, new_page, body, editor):
    for n in range(14):
        publish(
            make_draft(body, title_ru=f"Проект об изменениях номер {n}", by=editor),
            days=30,
            started_days_ago=n * 2,
            by=editor,
        )
    page = new_page(width=1280)
    page.goto(f"{site}/ru/")
    links = page.eval_on_selector_all(
        "main article.card h3 a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) == len(set(links)), links
    # Before: 6,600 px — the same drafts three times over.
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 2600
    assert_accessible(page)
