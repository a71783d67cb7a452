"""Whole public records, built from the factories in tests/factories.py: each world is a few
bodies' worth of drafts in several states with comments (one of them hidden), answers, votes,
alternatives, reports and plans. The fixtures that hand them to tests live in the conftest of
each suite: `build_world` (browser journeys, HTML checks), `body_world` (tests/security
`world`), `known_discussion` (tests/reports `discussion`, tests/api `world`)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from comments.models import Agreement, Comment, Vote
from comments.services import moderate_comment
from plans.models import PlanImport
from reports.services import build_report
from tests.factories import (
    PDF,
    TEXT_KY,
    TEXT_RU,
    answer,
    attach,
    closed_draft,
    make_draft,
    make_item,
    make_plan,
    noon,
    participant,
    post_comment,
    procurement_area,
    publish,
    revise,
    summarise,
)

TEXT_RU_V2 = TEXT_RU.replace("поставщика.", "поставщика и участника закупок.").replace(
    "десяти дней", "тридцати дней"
)

# Texts that must never reach anyone outside the body (or anyone at all, for e-mails).
PREPARING_TITLE = "SECRETPREPARINGTITLE"
PREPARING_ARTICLE = "SECRETPREPARINGARTICLE"
HIDDEN_COMMENT = "SECRETHIDDENCOMMENT"
SHY_NAME = "Unconsentedperson"
UNPUBLISHED_PLAN_ITEM = "SECRETDRAFTPLANITEM"
PUBLIC_COMMENT = "Публичный комментарий о закупках"

CAMPAIGN = [
    "Я против этого закона потому что он вредит малому бизнесу в регионах",
    "Я против этого закона, потому что он вредит малому бизнесу в наших регионах!",
    "я ПРОТИВ этого закона — потому что он вредит малому бизнесу в регионах",
]


def build_world(body, editor, responder):
    """A small portal with something on every page: an open bilingual draft in its second
    version with comments, an answer, a vote and an alternative; a summarised draft with a
    published report; an approved plan with an item."""
    area = procurement_area()
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
    revise(draft, text_ru=TEXT_RU_V2, text_ky=TEXT_KY, change_note="Уточнены понятия", by=editor)
    article_2 = draft.current_version.sections.get(kind="article", number="2")
    comment = post_comment(
        draft, author, "Предлагаю уточнить понятие поставщика.", "proposal", section=article_2
    )
    post_comment(draft, author, "Поддерживаю проект.", "support")
    post_comment(
        draft,
        author,
        "Статья 1. Иная редакция.",
        "proposal",
        kind=Comment.Kind.ALTERNATIVE,
        explanation="Короче",
    )
    answer(comment, by=responder, decision="partly", reasoning="Учтено частично.")
    Vote.objects.create(draft=draft, user=author, value="support")

    closed = closed_draft(body, by=editor, commenter=author, title_ru="О нотариате")
    report = summarise(closed, by=editor)

    plan = make_plan(body, year=timezone.localdate().year)
    item = make_item(plan, quarter=1, title_ru="О нотариате")
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


def body_world(body, editor, responder, moderator, author, shy, *, secret):
    """One body's drafts, reports and plans for the access and input checks: a draft being
    prepared, a draft in discussion (two versions, comments, one of them hidden, attachments),
    a closed draft with an unpublished report, a summarised draft with a published report, an
    approved plan with items and an import, a plan still being drawn up.
    `secret`: put the private marker texts here."""
    year = timezone.localdate().year
    area = procurement_area()
    preparing = make_draft(
        body,
        by=editor,
        title_ru=PREPARING_TITLE if secret else "Готовится",
        text_ru=f"Статья 1. {PREPARING_ARTICLE if secret else 'Текст'}\nТекст статьи.",
    )
    preparing_attachment = attach(
        preparing.current_version, title="Справка", name="prep.pdf", by=editor
    )

    discussion = make_draft(body, by=editor, title_ru="О государственных закупках", text_ru=TEXT_RU)
    discussion.subject_areas.add(area)
    publish(discussion, days=30, started_days_ago=2, by=editor)
    revise(
        discussion,
        text_ru=TEXT_RU.replace("десяти дней", "тридцати дней"),
        change_note="Сроки",
        by=editor,
    )
    attachment = attach(discussion.current_version, by=editor)
    comment = post_comment(
        discussion,
        author,
        PUBLIC_COMMENT,
        "proposal",
        attachment=ContentFile(PDF, name="comment.pdf"),
    )
    post_comment(discussion, shy, "Поддерживаю проект.", "support")
    hidden = post_comment(
        discussion,
        author,
        HIDDEN_COMMENT if secret else "Скрытый",
        "other",
        attachment=ContentFile(PDF, name="hidden.pdf"),
    )
    moderate_comment(hidden, by=moderator, hide=True, reason="insult")

    closed = closed_draft(body, by=editor, commenter=author, title_ru="О нотариате")
    unpublished_report = build_report(closed, by=editor)
    summarised = closed_draft(body, by=editor, commenter=author, title_ru="Об адвокатуре")
    published_report = summarise(summarised, by=editor)

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


def known_discussion(body, editor, responder, moderator):
    """A closed 30-day bilingual discussion whose every number is known (see
    tests/reports/test_report_build.py): comments on articles, a campaign, a hidden spam
    comment, an alternative, answers after known delays, votes and agreements."""
    draft = make_draft(
        body,
        by=editor,
        title_ky="Жаңы мыйзам: мамлекеттик сатып алуулар жөнүндө",
        text_ru=TEXT_RU,
        text_ky=TEXT_KY,
    )
    publish(draft, days=30, started_days_ago=40, by=editor)
    sections = {s.number: s for s in draft.current_version.sections.filter(kind="article")}
    a = participant("a@example.kg", category="citizen", region="chuy")
    b = participant("b@example.kg", category="ngo", region="bishkek")
    c = participant("c@example.kg", category="company", region="osh")
    d = participant("d@example.kg", category="citizen", region="osh")
    e = participant("e@example.kg", category="media", region="talas")
    crowd = [participant(f"x{n}@example.kg", region="naryn") for n in range(3)]

    def post(author, text, position, days_ago, section=None, **extra):
        return post_comment(
            draft, author, text, position, section=section, now=noon(days_ago), **extra
        )

    c1 = post(a, "Уточнить понятие поставщика", "proposal", 38, sections["2"])
    c2 = post(b, "Поддерживаем проект в целом", "support", 37)
    c3 = post(c, '=HYPERLINK("http://evil.example")', "objection", 37, sections["3"])
    c4 = post(a, "Добавить сроки планирования", "proposal", 36, sections["2"])
    spam = post(b, "Купите наши услуги", "other", 36)
    campaign = [
        post(user, text, "objection", 35) for user, text in zip(crowd, CAMPAIGN, strict=True)
    ]
    alternative = post(
        b,
        "Статья 1. Иная редакция предмета регулирования.",
        "proposal",
        34,
        kind=Comment.Kind.ALTERNATIVE,
        explanation="Короче и яснее",
    )
    moderate_comment(spam, by=moderator, hide=True, reason="spam")
    answer(c1, by=responder, decision="accepted", after_days=2, reasoning="")
    answer(c2, by=responder, decision="rejected", after_days=4)
    answer(c4, by=responder, decision="partly", after_days=6)
    for user, value in [(d, "support"), (a, "support"), (c, "oppose")]:
        Vote.objects.create(draft=draft, user=user, value=value, updated_at=noon(33))
    for user in (e, b):
        Agreement.objects.create(comment=c1, user=user, created_at=noon(33))
    draft.refresh_from_db()
    draft.close(by=editor)
    return {
        "draft": draft,
        "comments": [c1, c2, c3, c4],
        "campaign": campaign,
        "spam": spam,
        "alternative": alternative,
    }
