"""One journey per role in real Chromium, with the browser set to Kyrgyz, Russian and English;
every page on the way passes axe-core's WCAG 2.1 AA rules. Screenshots of the key pages at phone and desktop width go to test-artifacts/."""

import datetime

import pytest
from django.utils import timezone

from comments.models import Answer, Comment, Subscription, Vote
from drafts.models import Draft
from tests.factories import participant
from tests.worlds import build_world

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["ky-KG", "ru-RU", "en-US"])
def browser_locale(request):
    """Every journey with the browser set to each of the portal's languages: a page's language
    is in its address, so nothing on the way may depend on the browser's."""
    return request.param


def test_axe_check_fails_on_an_unlabelled_field(new_page):
    # The guard of every journey below must be able to fail.
    page = new_page()
    page.set_content("<!DOCTYPE html><html><body><input type=text></body></html>")
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)


def test_citizen_searches_reads_the_diff_comments_votes_and_follows(
    site, new_page, body, editor, responder
):
    world = build_world(body, editor, responder)
    draft = world["draft"]
    citizen = participant("aibek@example.kg")
    page = new_page()
    sign_in(page, site, citizen)

    page.goto(f"{site}/en/")
    assert_accessible(page)
    page.fill("#home-q", "закупок")
    page.click("form[role=search] button[type=submit]")
    assert "/drafts/" in page.url
    assert_accessible(page)
    page.click(f"main a[href$='/drafts/{draft.reference}/']")
    assert page.inner_text("h1") == "О государственных закупках"
    assert_accessible(page)

    page.click("a:has-text('What changed between versions')")
    assert "участника закупок" in page.inner_text("main ins")
    assert_accessible(page)
    page.go_back()

    page.click("a:text-is('Comment on Article 2')")
    assert_accessible(page)
    page.select_option("select[name=position]", "objection")
    page.fill("textarea[name=text]", "Понятие поставщика слишком широкое.")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".message-success")
    assert_accessible(page)
    comment = Comment.objects.get(author=citizen)
    assert comment.section.number == "2"
    assert "Понятие поставщика слишком широкое." in page.inner_text(f"#comment-{comment.pk}")

    page.check("input[name=value][value=oppose]")
    page.click("#opinion button:has-text('Vote')")
    page.wait_for_selector(".message-success")
    assert Vote.objects.get(user=citizen).value == "oppose"
    assert "Oppose: 1" in page.inner_text("#opinion")

    page.click("button:has-text('Follow this draft')")
    page.wait_for_selector(".message-success")
    assert Subscription.objects.filter(user=citizen, draft=draft).exists()
    assert_accessible(page)
    page.goto(f"{site}/en/my/subscriptions/")
    assert draft.reference in page.inner_text("main")
    assert_accessible(page)


def test_editor_creates_adds_a_version_publishes_and_closes(
    site, new_page, body, editor, responder
):
    build_world(body, editor, responder)
    page = new_page()
    sign_in(page, site, editor)

    page.goto(f"{site}/en/manage/drafts/")
    assert_accessible(page)
    page.goto(f"{site}/en/manage/drafts/new/")
    assert_accessible(page)
    page.select_option("select[name=act_type]", "ministerial_order")
    page.fill("textarea[name=title_ru]", "О порядке ведения реестра нотариусов")
    page.fill("textarea[name=title_ky]", "Нотариустардын реестрин жүргүзүү тартиби жөнүндө")
    page.click("main form button[type=submit]:has-text('Save')")
    draft = Draft.objects.get(title_ru="О порядке ведения реестра нотариусов")

    # The first version, by pasting the text.
    page.goto(f"{site}/en/manage/drafts/{draft.reference}/versions/new/")
    assert_accessible(page)
    page.fill("textarea[name=text_ru]", "Статья 1. Реестр\nРеестр ведётся в электронной форме.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert draft.versions.count() == 1
    assert_accessible(page)

    page.goto(f"{site}/en/manage/drafts/{draft.reference}/")
    page.click("a:has-text('Publish for discussion')")
    assert_accessible(page)
    today = timezone.localdate()
    page.fill("input[name=starts]", today.isoformat())
    page.fill("input[name=ends]", (today + datetime.timedelta(days=29)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_selector(".message-success")
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DISCUSSION
    assert_accessible(page)

    page.click("button:has-text('Close the discussion now')")
    page.wait_for_selector(".message-success")
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLOSED
    assert_accessible(page)
    page.goto(f"{site}/en/drafts/{draft.reference}/")
    assert "Discussion closed" in page.inner_text(".phase")
    assert_accessible(page)


def test_responder_answers_from_the_queue(site, new_page, body, editor, responder):
    world = build_world(body, editor, responder)
    waiting = Comment.objects.get(text="Поддерживаю проект.")
    page = new_page(width=375)
    sign_in(page, site, responder)
    page.goto(f"{site}/en/manage/answers/")
    assert_accessible(page)
    screenshot(page, "answer-queue-375")
    page.click(f"a[href$='/manage/answers/{waiting.pk}/']")
    assert_accessible(page)
    page.select_option("select[name=decision]", "noted")
    page.fill("textarea[name=reasoning]", "Спасибо за поддержку.")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".message-success")
    assert Answer.objects.get(comment=waiting).reasoning == "Спасибо за поддержку."
    assert_accessible(page)
    page.goto(f"{site}/en/drafts/{world['draft'].reference}/")
    assert "Спасибо за поддержку." in page.inner_text(f"#comment-{waiting.pk}")


def test_analyst_drills_down_from_the_dashboard_and_exports(
    site, new_page, body, editor, responder, analyst
):
    build_world(body, editor, responder)
    page = new_page()
    sign_in(page, site, analyst)
    page.goto(f"{site}/ru/dashboard/")
    assert_accessible(page)
    page.click(f"a[href*='/dashboard/bodies/{body.short_name}/']")
    assert body.short_name in page.url
    assert_accessible(page)
    csv_link = page.locator("a:text-is('CSV')")
    response = page.request.get(page.url.split("?")[0] + csv_link.get_attribute("href"))
    assert response.status == 200
    assert "text/csv" in response.headers["content-type"]


def test_key_pages_at_phone_and_desktop_width(site, new_page, body, editor, responder, analyst):
    world = build_world(body, editor, responder)
    pages = {
        "home": "/ru/",
        "list": "/ru/drafts/",
        "draft": f"/ru/drafts/{world['draft'].reference}/",
        "report": f"/ru/drafts/{world['summarised'].reference}/report/",
        "dashboard": "/ru/dashboard/",
    }
    for width in (375, 1280):
        page = new_page(width=width)
        sign_in(page, site, analyst, lang="ru")
        for name, path in pages.items():
            page.goto(site + path)
            # Nothing sticks out sideways: the page fits a phone without horizontal scrolling.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
            assert_accessible(page)
            screenshot(page, f"{name}-{width}")
