import datetime
import itertools

import factory
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Membership, Organization, RespondentProfile, User
from comments.models import Answer, Comment
from comments.services import answer_comments
from drafts.models import ActType, Attachment, Draft, SubjectArea, bishkek_midnight
from plans.models import LegislativePlan, PlanItem
from reports.services import build_report, publish_report

PASSWORD = "correct horse battery staple"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TEXT_RU = """Настоящий Закон определяет порядок проведения государственных закупок.

Глава 1. Общие положения
Статья 1. Предмет регулирования
Настоящий Закон регулирует отношения в сфере государственных закупок товаров, работ и услуг.
Статья 2. Основные понятия
Для целей настоящего Закона используются понятия закупающей организации и поставщика.
Глава 2. Порядок закупок
Статья 3. Планирование закупок
Закупающая организация ежегодно утверждает план закупок и публикует его на веб-портале.
Статья 4. Вступление в силу
Настоящий Закон вступает в силу по истечении десяти дней со дня официального опубликования.
"""

TEXT_KY = """Ушул Мыйзам мамлекеттик сатып алууларды жүргүзүүнүн тартибин аныктайт.

1-глава. Жалпы жоболор
1-берене. Жөнгө салуу предмети
Ушул Мыйзам товарларды, жумуштарды жана кызмат көрсөтүүлөрдү мамлекеттик сатып алуу
чөйрөсүндөгү мамилелерди жөнгө салат.
2-берене. Негизги түшүнүктөр
Ушул Мыйзамдын максаттары үчүн сатып алуучу уюм жана берүүчү түшүнүктөрү колдонулат.
2-глава. Сатып алуулардын тартиби
3-берене. Сатып алууларды пландаштыруу
Сатып алуучу уюм жыл сайын сатып алуулардын планын бекитет жана аны веб-порталга жарыялайт.
4-берене. Күчүнө кирүү
Ушул Мыйзам расмий жарыяланган күндөн тартып он күн өткөндөн кийин күчүнө кирет.
"""

_short_names = itertools.count(1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    short_name = factory.LazyFunction(lambda: f"T{next(_short_names)}")
    kind = Organization.Kind.MINISTRY
    name_ru = factory.Sequence(lambda n: f"Тестовое министерство {n}")
    name_ky = factory.Sequence(lambda n: f"Сыноо министрлиги {n}")
    name_en = factory.Sequence(lambda n: f"Test ministry {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kg")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.EDITOR


def participant(
    email=None, *, category="citizen", region="chuy", show_name=False, first_name=""
) -> User:
    """Someone who may comment at once: a verified e-mail and a respondent profile."""
    fields = {"email": email} if email else {}
    user = UserFactory(**fields, first_name=first_name, last_name="Асанова" if first_name else "")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    RespondentProfile.objects.create(
        user=user, category=category, region=region, show_name=show_name
    )
    return user


def make_draft(
    organization,
    *,
    title_ru="Об изменениях в законодательство о закупках",
    title_ky="",
    summary_ru="",
    text_ru=TEXT_RU,
    text_ky="",
    act_type=ActType.LAW,
    by=None,
    subject_areas=(),
) -> Draft:
    draft = Draft.create(
        organization=organization,
        by=by,
        act_type=act_type,
        title_ru=title_ru,
        title_ky=title_ky,
        summary_ru=summary_ru,
        subject_areas=subject_areas,
    )
    if text_ru or text_ky:
        draft.add_version(text_ru=text_ru, text_ky=text_ky, by=by)
    return draft


def publish(draft, *, days=30, started_days_ago=0, justification="", by=None) -> Draft:
    """Publish `draft` for `days` calendar days, as if it had been published some days ago."""
    now = timezone.now() - datetime.timedelta(days=started_days_ago)
    start = timezone.localdate(now)
    draft.publish(
        start=start,
        end=start + datetime.timedelta(days=days - 1),
        justification=justification,
        by=by,
        now=now,
    )
    return draft


def noon(days_ago: int) -> datetime.datetime:
    """Noon in Bishkek `days_ago` days ago: far from any day boundary."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return bishkek_midnight(day) + datetime.timedelta(hours=12)


def procurement_area() -> SubjectArea:
    """The subject area the worlds file their drafts under (the migration does not seed it)."""
    area, _ = SubjectArea.objects.get_or_create(
        slug="procurement",
        defaults={"name_ky": "Сатып алуулар", "name_ru": "Закупки", "name_en": "Procurement"},
    )
    return area


def revise(draft, *, text_ru, text_ky="", change_note, by=None) -> Draft:
    """A second (or later) version of `draft`, with `draft` reloaded to show it."""
    draft.add_version(text_ru=text_ru, text_ky=text_ky, change_note=change_note, by=by)
    draft.refresh_from_db()
    return draft


def attach(
    version,
    *,
    title="Справка-обоснование",
    name="note.pdf",
    content=PDF,
    kind=Attachment.Kind.JUSTIFICATION,
    by=None,
) -> Attachment:
    return Attachment.objects.create(
        version=version,
        kind=kind,
        title=title,
        file=ContentFile(content, name=name),
        original_name=name,
        size=len(content),
        uploaded_by=by,
    )


def post_comment(draft, author, text, position="other", **fields) -> Comment:
    """`Comment.post` for setting up: the comment itself (fields: section, now, kind, ...)."""
    return Comment.post(draft=draft, author=author, text=text, position=position, **fields)[0]


def answer(comment, *, by, decision, reasoning="Причина", after_days=None) -> Comment:
    """Answer `comment`; with `after_days`, as if that long after it was posted (its history
    says so too)."""
    answer_comments([comment], by=by, decision=decision, reasoning=reasoning)
    if after_days is not None:
        when = comment.created_at + datetime.timedelta(days=after_days)
        Answer.objects.filter(comment=comment).update(created_at=when)
        Answer.history.filter(comment=comment).update(created_at=when)
    return comment


def closed_draft(body, *, by, commenter, title_ru) -> Draft:
    """A 30-day discussion that ended ten days ago with one objection, closed by `by`."""
    draft = make_draft(body, by=by, title_ru=title_ru, text_ru=TEXT_RU)
    publish(draft, days=30, started_days_ago=40, by=by)
    ago = timezone.now() - datetime.timedelta(days=35)
    post_comment(draft, commenter, "Против.", "objection", now=ago)
    draft.refresh_from_db()
    draft.close(by=by)
    return draft


def summarise(draft, *, by):
    """Build and publish the report of closed `draft` (which is reloaded: `summarised`)."""
    report = publish_report(build_report(draft, by=by), by=by)
    draft.refresh_from_db()
    return report


def make_plan(body, *, year=2026, period=0, approved=True) -> LegislativePlan:
    plan = LegislativePlan.objects.create(organization=body, year=year, period=period)
    if approved:
        LegislativePlan.objects.filter(pk=plan.pk).update(
            status="approved", approval_reference="Приказ № 1", approved_on=f"{year - 1}-12-20"
        )
        plan.refresh_from_db()
    return plan


def make_item(plan, *, quarter=1, title_ru="О нотариате", **fields) -> PlanItem:
    fields.setdefault("act_type", "law")
    return PlanItem.objects.create(
        plan=plan, quarter=quarter, title_ru=title_ru, responsible=plan.organization, **fields
    )


def make_items(plan, count) -> list[PlanItem]:
    """`count` items due in the first quarter of 2026, in one query (for query budgets)."""
    return PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=plan,
                quarter=i % 4 + 1,
                title_ru=f"Пункт {i}",
                act_type="law",
                responsible=plan.organization,
                due_from="2026-01-01",
                due_until="2026-03-31",
            )
            for i in range(count)
        ]
    )
