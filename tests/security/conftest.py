"""A small portal for the access and input checks: two state bodies, each with a draft being
prepared, a draft in discussion (two versions, comments, one of them hidden, an attachment), a
closed draft with an unpublished report, a summarised draft with a published report, an approved
plan with items and a plan still being drawn up; and every kind of user the portal knows."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import ApiKey, Membership
from comments.models import Comment, Subscription
from comments.notifications import unsubscribe_token
from comments.services import moderate_comment
from drafts.models import Attachment, SubjectArea
from plans.models import PlanImport
from reports.services import build_report, publish_report
from tests.factories import TEXT_RU, MembershipFactory, make_draft, participant, publish
from tests.plans.conftest import make_item, make_plan

# Texts that must never reach anyone outside the body (or anyone at all, for e-mails).
PREPARING_TITLE = "SECRETPREPARINGTITLE"
PREPARING_ARTICLE = "SECRETPREPARINGARTICLE"
HIDDEN_COMMENT = "SECRETHIDDENCOMMENT"
SHY_NAME = "Unconsentedperson"
UNPUBLISHED_PLAN_ITEM = "SECRETDRAFTPLANITEM"
PUBLIC_COMMENT = "Публичный комментарий о закупках"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ROLES = (
    "anonymous",
    "citizen",
    "other_citizen",
    "editor",
    "responder",
    "outsider_editor",
    "outsider_responder",
    "moderator",
    "analyst",
)


@pytest.fixture(autouse=True)
def _no_comment_rate_limit(settings):
    # The flood limits have their own tests (tests/comments); here one user posts many inputs.
    settings.SEP_COMMENT_RATE_USER = "100000/m"
    settings.SEP_COMMENT_RATE_IP = "100000/m"
    settings.SEP_API_RATE_ANON = "100000/minute"


def _body_world(body, editor, responder, moderator, author, shy, *, secret):
    """One body's drafts, reports and plans. `secret`: put the private marker texts here."""
    year = timezone.localdate().year
    area, _ = SubjectArea.objects.get_or_create(
        slug="procurement",
        defaults={"name_ky": "Сатып алуулар", "name_ru": "Закупки", "name_en": "Procurement"},
    )
    preparing = make_draft(
        body,
        by=editor,
        title_ru=PREPARING_TITLE if secret else "Готовится",
        text_ru=f"Статья 1. {PREPARING_ARTICLE if secret else 'Текст'}\nТекст статьи.",
    )
    preparing_attachment = Attachment.objects.create(
        version=preparing.current_version,
        kind=Attachment.Kind.JUSTIFICATION,
        title="Справка",
        file=ContentFile(PDF, name="prep.pdf"),
        original_name="prep.pdf",
        size=len(PDF),
        uploaded_by=editor,
    )

    discussion = make_draft(body, by=editor, title_ru="О государственных закупках", text_ru=TEXT_RU)
    discussion.subject_areas.add(area)
    publish(discussion, days=30, started_days_ago=2, by=editor)
    discussion.add_version(
        text_ru=TEXT_RU.replace("десяти дней", "тридцати дней"), change_note="Сроки", by=editor
    )
    discussion.refresh_from_db()
    attachment = Attachment.objects.create(
        version=discussion.current_version,
        kind=Attachment.Kind.JUSTIFICATION,
        title="Справка-обоснование",
        file=ContentFile(PDF, name="note.pdf"),
        original_name="note.pdf",
        size=len(PDF),
        uploaded_by=editor,
    )
    comment, _ = Comment.post(
        draft=discussion,
        author=author,
        text=PUBLIC_COMMENT,
        position="proposal",
        attachment=ContentFile(PDF, name="comment.pdf"),
    )
    Comment.post(draft=discussion, author=shy, text="Поддерживаю проект.", position="support")
    hidden, _ = Comment.post(
        draft=discussion,
        author=author,
        text=HIDDEN_COMMENT if secret else "Скрытый",
        position="other",
        attachment=ContentFile(PDF, name="hidden.pdf"),
    )
    moderate_comment(hidden, by=moderator, hide=True, reason="insult")

    def closed_draft(title):
        draft = make_draft(body, by=editor, title_ru=title, text_ru=TEXT_RU)
        publish(draft, days=30, started_days_ago=40, by=editor)
        Comment.post(
            draft=draft,
            author=author,
            text="Против.",
            position="objection",
            now=timezone.now() - datetime.timedelta(days=35),
        )
        draft.refresh_from_db()
        draft.close(by=editor)
        return draft

    closed = closed_draft("О нотариате")
    unpublished_report = build_report(closed, by=editor)
    summarised = closed_draft("Об адвокатуре")
    published_report = publish_report(build_report(summarised, by=editor), by=editor)
    summarised.refresh_from_db()

    plan = make_plan(body, year=year)
    item = make_item(plan, quarter=1, title_ru="О закупках")
    item.link(discussion, by=editor)
    make_item(plan, quarter=2, title_ru="О нотариате")
    plan_import = PlanImport.objects.create(
        plan=plan,
        file=ContentFile(b"quarter,title\n", name="import.csv"),
        original_name="import.csv",
        uploaded_by=editor,
    )
    draft_plan = make_plan(body, year=year + 1, approved=False)
    draft_item = make_item(
        draft_plan, title_ru=UNPUBLISHED_PLAN_ITEM if secret else "Будущий пункт"
    )
    return {
        "body": body,
        "area": area,
        "preparing": preparing,
        "preparing_attachment": preparing_attachment,
        "discussion": discussion,
        "attachment": attachment,
        "comment": comment,
        "hidden": hidden,
        "closed": closed,
        "unpublished_report": unpublished_report,
        "summarised": summarised,
        "published_report": published_report,
        "plan": plan,
        "item": item,
        "plan_import": plan_import,
        "draft_plan": draft_plan,
        "draft_item": draft_item,
    }


@pytest.fixture
def world(
    body,
    other_body,
    editor,
    responder,
    outsider_editor,
    analyst,
    moderator,
    django_capture_on_commit_callbacks,
):
    """Both bodies' worlds ("ours" is `body`'s, with the secret texts) and every role's user."""
    outsider_responder = MembershipFactory(
        organization=other_body, role=Membership.Role.RESPONDER
    ).user
    citizen = participant("citizen@example.kg")
    other_citizen = participant("other-citizen@example.kg", region="osh")
    author = participant("author@example.kg", first_name="Consentedperson", show_name=True)
    shy = participant("shy@example.kg", first_name=SHY_NAME, show_name=False)
    with django_capture_on_commit_callbacks(execute=True):
        ours = _body_world(body, editor, responder, moderator, author, shy, secret=True)
        theirs = _body_world(
            other_body, outsider_editor, outsider_responder, moderator, author, shy, secret=False
        )
    subscription = Subscription.follow(citizen, draft=ours["discussion"])
    api_key, _key = ApiKey.issue(user=citizen, name="Research")
    return {
        "ours": ours,
        "theirs": theirs,
        "users": {
            "anonymous": None,
            "citizen": citizen,
            "other_citizen": other_citizen,
            "editor": editor,
            "responder": responder,
            "outsider_editor": outsider_editor,
            "outsider_responder": outsider_responder,
            "moderator": moderator,
            "analyst": analyst,
        },
        "author": author,
        "shy": shy,
        "unsubscribe_token": unsubscribe_token(subscription),
        "api_key": api_key,
    }
