import datetime

import pytest
from django.utils import timezone

from comments.models import Agreement, Answer, Comment, Vote
from comments.services import answer_comments, moderate_comment
from drafts.models import bishkek_midnight
from tests.factories import TEXT_KY, TEXT_RU, make_draft, participant, publish

CAMPAIGN = [
    "Я против этого закона потому что он вредит малому бизнесу в регионах",
    "Я против этого закона, потому что он вредит малому бизнесу в наших регионах!",
    "я ПРОТИВ этого закона — потому что он вредит малому бизнесу в регионах",
]


def person(email, *, category="citizen", region="chuy"):
    return participant(email, category=category, region=region)


def noon(days_ago: int) -> datetime.datetime:
    """Noon in Bishkek `days_ago` days ago: far from any day boundary."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return bishkek_midnight(day) + datetime.timedelta(hours=12)


def answered(comment, responder, decision, *, after_days, reasoning="Причина"):
    """Answer `comment` as if `after_days` after it was posted (its history says so too)."""
    answer_comments([comment], by=responder, decision=decision, reasoning=reasoning)
    when = comment.created_at + datetime.timedelta(days=after_days)
    Answer.objects.filter(comment=comment).update(created_at=when)
    Answer.history.filter(comment=comment).update(created_at=when)


@pytest.fixture
def discussion(body, editor, responder, moderator, django_capture_on_commit_callbacks):
    """A closed 30-day discussion whose every number is known (see test_report_build)."""
    with django_capture_on_commit_callbacks(execute=True):  # receipts are issued on commit
        return _discussion(body, editor, responder, moderator)


def _discussion(body, editor, responder, moderator):
    draft = make_draft(
        body,
        by=editor,
        title_ky="Жаңы мыйзам: мамлекеттик сатып алуулар жөнүндө",
        text_ru=TEXT_RU,
        text_ky=TEXT_KY,
    )
    publish(draft, days=30, started_days_ago=40, by=editor)
    sections = {s.number: s for s in draft.current_version.sections.filter(kind="article")}
    a = person("a@example.kg", category="citizen", region="chuy")
    b = person("b@example.kg", category="ngo", region="bishkek")
    c = person("c@example.kg", category="company", region="osh")
    d = person("d@example.kg", category="citizen", region="osh")
    e = person("e@example.kg", category="media", region="talas")
    crowd = [person(f"x{n}@example.kg", region="naryn") for n in range(3)]

    def post(author, text, position, days_ago, section=None, **extra):
        return Comment.post(
            draft=draft,
            author=author,
            text=text,
            position=position,
            section=section,
            now=noon(days_ago),
            **extra,
        )[0]

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
    answered(c1, responder, "accepted", after_days=2, reasoning="")
    answered(c2, responder, "rejected", after_days=4)
    answered(c4, responder, "partly", after_days=6)
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
