"""Demo data for `make run`: state bodies' staff, citizens and ~40 drafts at every stage."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, RespondentProfile, User
from comments.models import Comment, Vote
from comments.services import answer_comments
from drafts.demo_data import load_drafts
from drafts.models import Draft, SubjectArea
from plans.models import LegislativePlan, PlanItem
from reports.services import build_report, publish_report

DEMO_PASSWORD = "demo-password-2026"
DEMO_STAFF = [
    # e-mail, body, role
    ("editor@mj.demo.kg", "MJ", Membership.Role.EDITOR),
    ("responder@mj.demo.kg", "MJ", Membership.Role.RESPONDER),
    ("editor@me.demo.kg", "ME", Membership.Role.EDITOR),
    ("editor@mof.demo.kg", "MoF", Membership.Role.EDITOR),
    ("editor@moh.demo.kg", "MoH", Membership.Role.EDITOR),
    ("editor@mes.demo.kg", "MES", Membership.Role.EDITOR),
]
DEMO_CITIZENS = ["aigul@demo.kg", "bakyt@demo.kg"]
DEMO_ANALYST = "analyst@minjust.demo.kg"
DEMO_MODERATOR = "moderator@minjust.demo.kg"
DEMO_ADMIN = "admin@demo.kg"


class Command(BaseCommand):
    help = "Load demo accounts and about 40 drafts at different stages (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self.create_accounts()
            if not Draft.objects.filter(created_by__email__endswith=".demo.kg").exists():
                self.create_drafts(users)
            if not LegislativePlan.objects.exists():
                self.create_plans(users)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        for email, body, role in DEMO_STAFF:
            self.stdout.write(f"  {email:28} {DEMO_PASSWORD}   ({role.label}, {body})")
        self.stdout.write(f"  {DEMO_ANALYST:28} {DEMO_PASSWORD}   (Ministry of Justice analyst)")
        self.stdout.write(f"  {DEMO_MODERATOR:28} {DEMO_PASSWORD}   (moderator)")
        for email in DEMO_CITIZENS:
            self.stdout.write(f"  {email:28} {DEMO_PASSWORD}   (citizen)")
        self.stdout.write(f"  {DEMO_ADMIN:28} {DEMO_PASSWORD}   (administrator, /admin/)")

    def user(self, email, **fields):
        user, created = User.objects.get_or_create(email=email, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            # Demo addresses count as confirmed, so every demo account can sign in at once.
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def create_accounts(self):
        editors = {}
        for email, short, role in DEMO_STAFF:
            user = self.user(email)
            body = Organization.objects.get(short_name=short)
            Membership.objects.get_or_create(user=user, organization=body, role=role)
            if role == Membership.Role.EDITOR:
                editors[short] = user
        for index, email in enumerate(DEMO_CITIZENS):
            citizen = self.user(email, first_name=["Айгуль", "Бакыт"][index], last_name="Демо")
            RespondentProfile.objects.get_or_create(
                user=citizen,
                defaults={
                    "category": ["citizen", "ngo"][index],
                    "region": ["chuy", "osh"][index],
                    "show_name": index == 0,
                    "organisation_name": ["", "ОО «Укук»"][index],
                },
            )
        analyst = self.user(DEMO_ANALYST)
        analyst.user_permissions.add(Permission.objects.get(codename="moj_analyst"))
        moderator = self.user(DEMO_MODERATOR)
        moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
        self.user(DEMO_ADMIN, is_staff=True, is_superuser=True)
        return editors

    def create_drafts(self, editors):
        rng = random.Random(2026)
        bodies = {o.short_name: o for o in Organization.objects.all()}
        subjects = {s.slug: s for s in SubjectArea.objects.all()}
        now = timezone.now()
        today = timezone.localdate(now)
        drafts = load_drafts()
        for index, item in enumerate(drafts):
            body = bodies[item["body"]]
            editor = editors.get(item["body"]) or self.user(
                f"editor@{item['body'].lower()}.demo.kg"
            )
            Membership.objects.get_or_create(
                user=editor, organization=body, role=Membership.Role.EDITOR
            )
            stage = item["stage"]
            # Back-date the whole life of the draft so its timeline looks real.
            if stage in ("discussion",):
                start = today - datetime.timedelta(days=rng.randint(1, 14))
                end = start + datetime.timedelta(days=29 + rng.randint(0, 20))
            elif stage == "closing_soon":
                days_left = rng.randint(1, 5)
                start = today - datetime.timedelta(days=30 - days_left)
                end = start + datetime.timedelta(days=29)
            else:
                start = today - datetime.timedelta(days=rng.randint(40, 200))
                end = start + datetime.timedelta(days=29 + rng.randint(0, 10))
            created = timezone.make_aware(
                datetime.datetime.combine(start - datetime.timedelta(days=7), datetime.time(10))
            )
            draft = Draft.create(
                organization=body,
                by=editor,
                act_type=item["act_type"],
                title_ru=item["title_ru"],
                title_ky=item["title_ky"],
                summary_ru=item["summary_ru"],
                summary_ky=item["summary_ky"],
                subject_areas=[subjects[s] for s in item["subjects"] if s in subjects],
            )
            versions = item["versions"]
            draft.add_version(
                text_ru=versions[0]["text_ru"],
                text_ky=versions[0]["text_ky"],
                by=editor,
                now=created,
            )
            if stage == "preparing":
                for version in versions[1:]:
                    draft.add_version(
                        text_ru=version["text_ru"],
                        text_ky=version["text_ky"],
                        change_note=version["change_note"],
                        by=editor,
                    )
                continue
            opened = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
            short = index % 13 == 5  # a few discussions shorter than the minimum, justified
            if short:
                end = start + datetime.timedelta(days=14)
            draft.publish(
                start=start,
                end=end,
                justification=(
                    "Срочное приведение в соответствие с вступающим в силу Законом; "
                    "сокращённый срок согласован с Министерством юстиции."
                    if short
                    else ""
                ),
                by=editor,
                now=opened,
            )
            for number, version in enumerate(versions[1:], start=1):
                draft.add_version(
                    text_ru=version["text_ru"],
                    text_ky=version["text_ky"],
                    change_note=version["change_note"],
                    by=editor,
                    now=min(now, opened + datetime.timedelta(days=7 * number)),
                )
            self.discuss(draft, opened, editor)
            if index % 8 == 0:  # a few, open and (once answered) closed
                self.propose_alternative(draft, opened)
            if stage == "discussion" and index % 7 == 3:
                draft.extend(
                    until=draft.discussion_last_day + datetime.timedelta(days=10),
                    reason="Продление по просьбе ассоциаций предпринимателей.",
                    by=editor,
                )
            if stage in ("closed", "adopted", "rejected"):
                draft.close(by=editor, now=draft.discussion_ends)
                self.answer_all(draft)
            if stage in ("adopted", "rejected"):
                # The report of the discussion is published first, as the law asks.
                publish_report(build_report(draft, by=editor), by=editor)
                draft.refresh_from_db()
                draft.record_outcome(stage, by=editor)
            if stage == "withdrawn":
                draft.record_outcome(
                    Draft.Status.WITHDRAWN,
                    note="Проект отозван разработчиком для доработки концепции.",
                    by=editor,
                )
        self.stdout.write(f"Created {len(drafts)} demo drafts.")

    COMMENTS = [
        ("proposal", "Предлагаю уточнить срок: десять рабочих дней вместо календарных."),
        ("objection", "Норма создаёт дополнительную нагрузку на малый бизнес в регионах."),
        ("support", "Поддерживаю: электронная форма сэкономит время граждан."),
        ("proposal", "Бул беренеге айыл жергесиндеги жарандар үчүн өзгөчө тартип кошуу керек."),
    ]

    def discuss(self, draft, opened, editor):
        """A few comments and votes from the demo citizens, made early in the discussion."""
        citizens = list(User.objects.filter(email__in=DEMO_CITIZENS).order_by("email"))
        articles = list(draft.current_version.sections.filter(kind="article"))
        moment = opened + datetime.timedelta(hours=5)
        for number, (position, text) in enumerate(self.COMMENTS[: 1 + draft.pk % 4]):
            section = articles[number % len(articles)] if articles and number % 3 != 2 else None
            Comment.post(
                draft=draft,
                author=citizens[number % 2],
                text=text,
                position=position,
                section=section,
                now=moment + datetime.timedelta(hours=number),
            )
        for number, citizen in enumerate(citizens):
            Vote.cast(
                draft=draft,
                user=citizen,
                value="support" if (draft.pk + number) % 3 else "oppose",
                now=moment,
            )

    def propose_alternative(self, draft, opened):
        """An alternative version of the draft from a demo citizen, with its explanation."""
        citizen = User.objects.get(email=DEMO_CITIZENS[1])
        text = (
            draft.current_version.text_ru.replace("календарных дней", "рабочих дней", 1)
            or draft.current_version.text_ky
        )
        Comment.post(
            draft=draft,
            author=citizen,
            kind=Comment.Kind.ALTERNATIVE,
            position=Comment.Position.PROPOSAL,
            text=text,
            explanation=(
                "Сроки считаются в рабочих днях, а обращение можно подать в любом ЦОНе: "
                "так норма не ущемляет жителей отдалённых районов."
            ),
            now=opened + datetime.timedelta(days=1),
        )

    def answer_all(self, draft):
        responder = self.user(f"responder@{draft.organization.short_name.lower()}.demo.kg")
        Membership.objects.get_or_create(
            user=responder, organization=draft.organization, role=Membership.Role.RESPONDER
        )
        decisions = ["accepted", "partly", "rejected", "noted"]
        for number, comment in enumerate(draft.comments.order_by("pk")):
            decision = decisions[number % 4]
            answer_comments(
                [comment],
                by=responder,
                decision=decision,
                reasoning="" if decision == "accepted" else "Норма согласована с Законом о НПА.",
            )

    def create_plans(self, editors):
        """Approved plans for last year, this year and next, with items in every status.

        Whatever today's date: last year's plan holds overdue and dropped items, this year's
        has an item due in the current quarter, next year's items are planned, and each
        published draft is planned in its own quarter (on time) or, every third one, in the
        quarter before (late) — last year's plan catches those published early in the year.
        """
        today = timezone.localdate()
        year = today.year
        current_quarter = (today.month - 1) // 3 + 1
        subjects = list(SubjectArea.objects.all())
        for short, editor in editors.items():
            body = Organization.objects.get(short_name=short)
            plans = {
                plan_year: LegislativePlan.objects.create(organization=body, year=plan_year)
                for plan_year in (year - 1, year)
            }
            drafts = list(
                Draft.objects.public()
                .filter(organization=body, published_at__year__gte=year - 1)
                .order_by("published_at")
            )
            for index, draft in enumerate(drafts):
                published = timezone.localdate(draft.published_at)
                planned = (published.year, (published.month - 1) // 3 + 1)
                # Every third published draft came a quarter later than planned.
                earlier = (planned[0], planned[1] - 1) if planned[1] > 1 else (planned[0] - 1, 4)
                if index % 3 == 2 and earlier[0] in plans:
                    planned = earlier
                item = PlanItem.objects.create(
                    plan=plans[planned[0]],
                    quarter=planned[1],
                    title_ru=draft.title_ru,
                    title_ky=draft.title_ky,
                    act_type=draft.act_type,
                    responsible=body,
                    subject_area=draft.subject_areas.first(),
                    rationale="Предусмотрено Программой деятельности Кабинета Министров.",
                )
                if index % 4 != 3:  # a few published drafts stay "unplanned"
                    item.link(draft, by=editor)
                else:
                    item.drop(reason="Заменён проектом с более широким охватом.", by=editor)
            overdue = PlanItem.objects.create(
                plan=plans[year - 1],
                quarter=4,
                title_ru=f"О порядке ведения ведомственного реестра актов ({short})",
                title_ky=f"Ведомстволук актылар реестрин жүргүзүү тартиби жөнүндө ({short})",
                act_type="ministerial_order",
                responsible=body,
                subject_area=subjects[0] if subjects else None,
            )
            dropped = PlanItem.objects.create(
                plan=plans[year - 1],
                quarter=overdue.quarter - 1,
                title_ru=f"О признании утратившими силу отдельных приказов ({short})",
                act_type="ministerial_order",
                responsible=body,
            )
            dropped.drop(reason="Приказы отменены постановлением Кабинета Министров.", by=editor)
            for quarter in range(1, current_quarter + 1):
                PlanItem.objects.create(
                    plan=plans[year],
                    quarter=quarter,
                    title_ru=f"О внесении изменений в отдельные приказы ({short}, {quarter} кв.)",
                    title_ky=f"Айрым буйруктарга өзгөртүүлөрдү киргизүү жөнүндө ({short})",
                    act_type="ministerial_order",
                    responsible=body,
                    subject_area=subjects[quarter % len(subjects)] if subjects else None,
                )
            for plan_year, plan in plans.items():
                plan.approve(
                    reference=f"Приказ {short} № {17 + len(short)}",
                    on=datetime.date(plan_year - 1, 12, 20),
                    by=editor,
                )
            following = LegislativePlan.objects.create(organization=body, year=year + 1, period=1)
            for quarter in (1, 2):
                PlanItem.objects.create(
                    plan=following,
                    quarter=quarter,
                    title_ru=f"Об утверждении Положения о реестре ({short}, {quarter} кв.)",
                    act_type="government_resolution",
                    responsible=body,
                    planned_adoption=datetime.date(year + 1, 3 * quarter + 3, 1),
                )
            if short != "MJ":  # the Ministry of Justice's next plan is still being drafted
                following.approve(
                    reference=f"Приказ {short} № 3", on=datetime.date(year, 11, 1), by=editor
                )
        self.stdout.write("Created legislative plans.")
