"""The interface is fully translated into Kyrgyz and Russian, and the shipped .mo files match."""

import re
from pathlib import Path

import polib
import pytest

from comments.models import Comment
from comments.services import answer_comments
from tests.comments.conftest import participant
from tests.factories import TEXT_KY, TEXT_RU, MembershipFactory, make_draft, publish
from tests.plans.conftest import make_item, make_plan

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
