import datetime
import itertools

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organization, RespondentProfile, User
from drafts.models import ActType, Draft

PASSWORD = "correct horse battery staple"

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
