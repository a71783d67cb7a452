"""A small portal with something on every page: an open bilingual draft in its second version
with comments, an answer, a vote and an alternative; a summarised draft with a published
report; an approved plan with an item. Shared by the browser journeys and the HTML checks."""

import datetime

from django.utils import timezone

from comments.models import Comment, Vote
from comments.services import answer_comments
from drafts.models import SubjectArea
from plans.models import LegislativePlan, PlanItem
from reports.services import build_report, publish_report
from tests.factories import TEXT_KY, TEXT_RU, make_draft, participant, publish

TEXT_RU_V2 = TEXT_RU.replace("поставщика.", "поставщика и участника закупок.").replace(
    "десяти дней", "тридцати дней"
)


def build_world(body, editor, responder):
    area = SubjectArea.objects.create(
        slug="procurement", name_ky="Сатып алуулар", name_ru="Закупки", name_en="Procurement"
    )
    author = participant("author@example.kg")

    draft = make_draft(
        body,
        by=editor,
        title_ru="О государственных закупках",
        title_ky="Мамлекеттик сатып алуулар жөнүндө",
        summary_ru="Проект уточняет порядок планирования закупок.",
        text_ru=TEXT_RU,
        text_ky=TEXT_KY,
        subject_areas=[area],
    )
    publish(draft, days=30, started_days_ago=2, by=editor)
    draft.add_version(
        text_ru=TEXT_RU_V2, text_ky=TEXT_KY, change_note="Уточнены понятия", by=editor
    )
    draft.refresh_from_db()
    article_2 = draft.current_version.sections.get(kind="article", number="2")
    comment = Comment.post(
        draft=draft,
        author=author,
        text="Предлагаю уточнить понятие поставщика.",
        position="proposal",
        section=article_2,
    )[0]
    Comment.post(draft=draft, author=author, text="Поддерживаю проект.", position="support")
    Comment.post(
        draft=draft,
        author=author,
        text="Статья 1. Иная редакция.",
        position="proposal",
        kind=Comment.Kind.ALTERNATIVE,
        explanation="Короче",
    )
    answer_comments([comment], by=responder, decision="partly", reasoning="Учтено частично.")
    Vote.objects.create(draft=draft, user=author, value="support")

    closed = make_draft(body, by=editor, title_ru="О нотариате", text_ru=TEXT_RU)
    publish(closed, days=30, started_days_ago=40, by=editor)
    Comment.post(
        draft=closed,
        author=author,
        text="Против.",
        position="objection",
        now=timezone.now() - datetime.timedelta(days=35),
    )
    closed.refresh_from_db()
    closed.close(by=editor)
    report = publish_report(build_report(closed, by=editor), by=editor)
    closed.refresh_from_db()

    plan = LegislativePlan.objects.create(organization=body, year=timezone.localdate().year)
    LegislativePlan.objects.filter(pk=plan.pk).update(
        status="approved", approval_reference="Приказ № 1", approved_on=f"{plan.year - 1}-12-20"
    )
    plan.refresh_from_db()
    item = PlanItem.objects.create(
        plan=plan, quarter=1, title_ru="О нотариате", responsible=body, act_type="law"
    )
    return {
        "draft": draft,
        "comment": comment,
        "author": author,
        "summarised": closed,
        "report": report,
        "plan": plan,
        "item": item,
        "area": area,
    }
