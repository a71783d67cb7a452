"""Every change a reader can see moves the draft's cache stamps (drafts.caching keys cached pages
by them): `changed_at` for the draft's page, `listed_at` as well for what the lists, search and
home page show. A new kind of change that forgets `Draft.touch` fails here, and the portal never
serves a stale page; one that stamps the lists needlessly fails too (a busy discussion would
empty every list's cache)."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from comments.models import Comment, Vote
from comments.services import answer_comments, moderate_comment
from drafts.models import Attachment, Draft
from reports.services import build_report, close_discussion, publish_report
from tests.factories import TEXT_RU, make_draft, make_item, make_plan, participant, publish

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def world(body, editor, responder, moderator):
    draft = publish(make_draft(body, by=editor), by=editor)
    author, reader = participant("author@example.kg"), participant("reader@example.kg")
    comment, _created = Comment.post(
        draft=draft, author=author, text="Предлагаю уточнить статью 1.", position="proposal"
    )
    return {
        "draft": draft,
        "comment": comment,
        "author": author,
        "reader": reader,
        "editor": editor,
        "responder": responder,
        "moderator": moderator,
    }


def _post_comment(w):
    Comment.post(draft=w["draft"], author=w["reader"], text="Поддерживаю.", position="support")


def _agree(w):
    w["comment"].agree(w["reader"])


def _answer(w):
    answer_comments([w["comment"]], by=w["responder"], decision="accepted")


def _hide(w):
    moderate_comment(w["comment"], by=w["moderator"], hide=True, reason="spam")


def _hide_first(w):
    _hide(w)
    w["comment"].refresh_from_db()


def _restore(w):
    moderate_comment(w["comment"], by=w["moderator"], hide=False)


def _attach(w):
    w["draft"].current_version.attach(
        file=ContentFile(b"%PDF-1.4 note", name="note.pdf"),
        kind=Attachment.Kind.JUSTIFICATION,
        by=w["editor"],
    )


def _vote(w):
    Vote.cast(draft=w["draft"], user=w["reader"], value="support")


def _edit(w):
    w["draft"].edit(by=w["editor"], title_ru="О закупках: новая редакция")


def _extend(w):
    draft = w["draft"]
    until = draft.discussion_last_day + datetime.timedelta(days=5)
    draft.extend(until=until, reason="Просьба общественности", by=w["editor"])


def _new_version(w):
    w["draft"].add_version(text_ru=TEXT_RU + "\n\nСтатья 9. Новая статья.", by=w["editor"])


def _close(w):
    close_discussion(w["draft"], by=w["editor"])


def _close_and_build(w):
    _close(w)
    w["report"] = build_report(w["draft"])


def _publish_report(w):
    publish_report(w["report"], by=w["editor"])


def _link_plan_item(w):
    draft = w["draft"]
    make_item(make_plan(draft.organization, year=draft.published_at.year)).link(draft)


def _approve_plan(w):
    draft = w["draft"]
    plan = make_plan(draft.organization, year=draft.published_at.year, approved=False)
    make_item(plan).link(draft)
    w["plan"] = plan


def _approve(w):
    w["plan"].approve(reference="Приказ № 7", on=datetime.date.today(), by=w["editor"])


# (change, what happens first, whether the lists show it)
CHANGES = [
    ("comment posted", None, _post_comment, False),
    ("agreement", None, _agree, False),
    ("answer", None, _answer, False),
    ("comment hidden", None, _hide, False),
    ("comment restored", _hide_first, _restore, False),
    ("document attached", None, _attach, False),
    ("vote", None, _vote, True),
    ("draft edited", None, _edit, True),
    ("discussion extended", None, _extend, True),
    ("new version", None, _new_version, True),
    ("discussion closed", None, _close, True),
    ("report published", _close_and_build, _publish_report, True),
    ("plan item linked", None, _link_plan_item, True),
    ("plan approved", _approve_plan, _approve, True),
]


@pytest.mark.parametrize(
    "prepare, change, listed", [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES]
)
def test_a_visible_change_moves_the_stamps(world, prepare, change, listed):
    if prepare:
        prepare(world)
    Draft.objects.filter(pk=world["draft"].pk).update(changed_at=LONG_AGO, listed_at=LONG_AGO)
    world["draft"].refresh_from_db()

    change(world)

    stamps = Draft.objects.filter(pk=world["draft"].pk).values("changed_at", "listed_at").get()
    assert stamps["changed_at"] > LONG_AGO, "the draft's cached page would stay stale"
    if listed:
        assert stamps["listed_at"] > LONG_AGO, "the cached lists would stay stale"
    else:
        assert stamps["listed_at"] == LONG_AGO, "the lists' cache is emptied for nothing"


PRODUCT_CODE = ["accounts", "comments", "drafts", "plans", "reports", "sep"]
STAMPS = ("changed_at", "listed_at")


def test_only_the_draft_writes_its_stamps():
    """`Draft.save` and `DraftQuerySet.touch` are the only writers: a stamp set by hand
    elsewhere is a rule written twice, which the next change forgets."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in PRODUCT_CODE:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts or path == root / "drafts" / "models.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#")[0]
                if any(f"{stamp}=" in code.replace(" ", "") for stamp in STAMPS) or any(
                    f"set {stamp}" in code.lower() for stamp in STAMPS
                ):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
