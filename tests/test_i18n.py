"""The interface is fully translated into Kyrgyz and Russian, and the shipped .mo files match."""

import re
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Permission

from comments.models import Comment
from comments.services import answer_comments
from tests.factories import (
    TEXT_KY,
    TEXT_RU,
    MembershipFactory,
    make_draft,
    make_item,
    make_plan,
    participant,
    publish,
)

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\(|%s|\{")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalog_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgid, entry.msgstr) for entry in mo if not entry.msgid_plural}
    source = {
        (entry.msgid, entry.msgstr)
        for entry in po.translated_entries()
        if not entry.msgid_plural and not entry.obsolete
    }
    assert source <= compiled, "run: make messages (the .mo files are stale)"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_no_english_interface_text_leaks_into_pages(client, body, editor, language):
    draft = make_draft(body, title_ky="Сыноо", text_ru=TEXT_RU, text_ky=TEXT_KY, by=editor)
    publish(draft, by=editor)
    draft.add_version(
        text_ru=TEXT_RU + "\nДополнение.", text_ky=TEXT_KY + "\nКошумча.", change_note="x"
    )
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    english = [
        entry.msgid
        for entry in po
        if len(entry.msgid) >= 12
        and not PLACEHOLDER.search(entry.msgid)
        and entry.msgstr != entry.msgid
    ]
    author = participant(f"i18n-{language}@example.kg")
    section = draft.current_version.sections.filter(kind="article").first()
    for n in range(4):  # more than the page shows, so "all comments" links appear
        Comment.post(
            draft=draft, author=author, text=f"Пикир {n}", position="proposal", section=section
        )
    comment = Comment.post(draft=draft, author=author, text="Жалпы", position="support")[0]
    responder = MembershipFactory(organization=body, role="responder").user
    answer_comments([comment], by=responder, decision="rejected", reasoning="Себеп")
    plan = make_plan(body)
    item = make_item(plan, title_ru="Пункт плана")
    item.link(draft)
    pages = [
        f"/{language}/plans/",
        f"/{language}/plans/{body.short_name}/2026/",
        f"/{language}/plans/items/{item.pk}/",
        f"/{language}/",
        f"/{language}/drafts/",
        f"/{language}/drafts/?q=закон",
        f"/{language}/drafts/{draft.reference}/",
        f"/{language}/drafts/{draft.reference}/diff/",
        f"/{language}/drafts/{draft.reference}/comments/?article={section.provision_id}",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        leaked = [text for text in english if text in html]
        assert leaked == [], f"{page}: {leaked}"


def visible_text(html: str) -> str:
    """The page as read: without tags, so addresses like /my/subscriptions/ don't count."""
    return re.sub(r"<[^>]*>", " ", html)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_help_reports_and_open_data_speak_the_readers_language(
    client_for, body, editor, responder, analyst, language, django_capture_on_commit_callbacks
):
    """The pages added with the reports, open data and help: no English on ky / ru pages."""
    from reports.services import build_report, publish_report
    from sep.views import HELP_PAGES
    from tests.worlds import known_discussion as _discussion

    moderator = MembershipFactory(organization=body, role="responder").user
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    with django_capture_on_commit_callbacks(execute=True):
        world = _discussion(body, editor, responder, moderator)
        report = publish_report(build_report(world["draft"]), by=editor)
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    english = [
        entry.msgid
        for entry in po
        if len(entry.msgid) >= 12
        and not PLACEHOLDER.search(entry.msgid)
        and entry.msgstr != entry.msgid
    ]
    reference = report.draft.reference
    public = [
        f"/{language}/help/",
        *[f"/{language}/help/{slug}/" for slug in HELP_PAGES],
        f"/{language}/accessibility/",
        f"/{language}/open-data/",
        f"/{language}/drafts/{reference}/reports/{report.number}/",
    ]
    for page in public:
        response = client_for(None).get(page)
        assert response.status_code == 200, page
        leaked = [text for text in english if text in visible_text(response.content.decode())]
        assert leaked == [], f"{page}: {leaked}"
    web = client_for(analyst)
    for page in [f"/{language}/dashboard/", f"/{language}/dashboard/bodies/{body.short_name}/"]:
        response = web.get(page)
        assert response.status_code == 200, page
        leaked = [text for text in english if text in visible_text(response.content.decode())]
        assert leaked == [], f"{page}: {leaked}"
    api_docs = client_for(None).get("/api/v1/docs/", headers={"accept-language": language})
    leaked = [text for text in english if text in visible_text(api_docs.content.decode())]
    assert leaked == [], f"API docs: {leaked}"


def test_russian_labels_agree_with_what_they_describe():
    """One English word, two Russian genders: an answer's decision (решение: «отклонено», like
    «принято») and a draft's outcome (проект: «отклонён»); a report (отчёт) is «опубликован»."""
    from django.template import engines
    from django.utils import translation

    from comments.models import Answer
    from drafts.models import Draft

    with translation.override("ru"):
        assert str(Answer.Decision.REJECTED.label) == "Отклонено"
        assert str(Answer.Decision.ACCEPTED.label) == "Принято"
        assert str(Draft.Status.REJECTED.label) == "Отклонён"
        report_line = engines["django"].from_string(
            '{% load i18n %}{% blocktranslate context "report" with day="1 мая" %}'
            "published {{ day }}{% endblocktranslate %}"
        )
        assert report_line.render({}) == "опубликован 1 мая"
