"""Scale data: many realistic-looking published drafts, inserted with COPY and set-based SQL.

Used by `manage.py seed_bulk` (benchmarks, trying the portal at national scale) and by the
query-budget tests. Rows made here skip per-row model logic on purpose; they carry no history.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Organization

from .models import ActType, Draft, SubjectArea
from .search import fold

TOPICS_RU = [
    "государственных закупках",
    "лицензионно-разрешительной системе",
    "защите персональных данных",
    "нотариате",
    "охране здоровья граждан",
    "образовании",
    "дорожном движении",
    "пожарной безопасности",
    "электронной подписи",
    "недрах",
    "возобновляемых источниках энергии",
    "банкротстве",
    "микрофинансовых организациях",
    "местном самоуправлении",
    "официальной статистике",
    "защите прав потребителей",
]
TOPICS_KY = [
    "мамлекеттик сатып алуулар",
    "лицензиялык-уруксат берүү системасы",
    "жеке маалыматтарды коргоо",
    "нотариат",
    "жарандардын ден соолугун коргоо",
    "билим берүү",
    "жол кыймылы",
    "өрт коопсуздугу",
    "электрондук кол тамга",
    "жер казынасы",
    "кайра жаралуучу энергия булактары",
    "банкроттук",
    "микрофинансылык уюмдар",
    "жергиликтүү өз алдынча башкаруу",
    "расмий статистика",
    "керектөөчүлөрдүн укуктарын коргоо",
]
SENTENCES = [
    "Уполномоченный государственный орган обеспечивает размещение сведений на официальном сайте.",
    "Заявление рассматривается в течение десяти рабочих дней со дня его регистрации.",
    "Порядок ведения реестра определяется Кабинетом Министров Кыргызской Республики.",
    "Нарушение требований настоящей статьи влечёт ответственность по законодательству.",
    "Физические и юридические лица вправе обжаловать решения в судебном порядке.",
    "Ыйгарым укуктуу мамлекеттик орган маалыматтарды расмий сайтта жайгаштырууну камсыз кылат.",
    "Арыз катталган күндөн тартып он жумуш күндүн ичинде каралат.",
    "Сведения предоставляются бесплатно в электронной форме через единый портал.",
]


def _title(rng, index):
    topic = rng.randrange(len(TOPICS_RU))
    kind = rng.random()
    if kind < 0.4:
        return (
            f"О внесении изменений в Закон Кыргызской Республики «О {TOPICS_RU[topic]}» ({index})",
            f"«{TOPICS_KY[topic].capitalize()} жөнүндө» Кыргыз Республикасынын Мыйзамына "
            f"өзгөртүүлөрдү киргизүү тууралуу ({index})",
        )
    return (
        f"Об утверждении Положения о {TOPICS_RU[topic]} ({index})",
        f"{TOPICS_KY[topic].capitalize()} жөнүндө жобону бекитүү тууралуу ({index})",
    )


@transaction.atomic
def create_bulk_drafts(count: int, sections_per_draft: int = 20, *, seed: int = 1) -> list[int]:
    """Insert `count` published drafts with one version of `sections_per_draft` articles;
    returns their ids."""
    rng = random.Random(seed)
    bodies = list(Organization.objects.values_list("pk", "short_name"))
    subject_ids = list(SubjectArea.objects.values_list("pk", flat=True))
    now = timezone.now()
    year = timezone.localdate(now).year
    batch = f"{now:%H%M%S%f}"
    rows = []
    for index in range(count):
        body_id, short = bodies[index % len(bodies)]
        title_ru, title_ky = _title(rng, index)
        if rng.random() < 0.15:
            title_ky = ""
        published = now - datetime.timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
        starts = published
        ends = starts + datetime.timedelta(days=30 + rng.randint(0, 20))
        if ends > now:
            status, closed = Draft.Status.DISCUSSION, None
        else:
            status = rng.choice(
                [Draft.Status.CLOSED, Draft.Status.ADOPTED, Draft.Status.SUMMARISED]
            )
            closed = ends
        reference = f"{short.upper()}-{year}-B{batch}{index:06d}"
        rows.append(
            (
                reference,
                body_id,
                rng.choice(ActType.values),
                title_ky,
                title_ru,
                "",
                f"Проект разработан в целях совершенствования регулирования ({index}).",
                status,
                starts,
                ends,
                "",
                "",
                published,
                closed,
                published,
                published,
                fold(f"{reference} {title_ru} {title_ky}"),
                "",
            )
        )
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY drafts_draft (reference, organization_id, act_type, title_ky, title_ru, "
            "summary_ky, summary_ru, status, discussion_starts, discussion_ends, "
            "short_period_justification, outcome_note, published_at, closed_at, created_at, "
            "changed_at, search_title, body_text) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            "CREATE TEMP TABLE bulk_drafts AS "
            "SELECT id, published_at FROM drafts_draft WHERE reference LIKE %s",
            [f"%-B{batch}%"],
        )
        cursor.execute(
            "INSERT INTO drafts_version (draft_id, number, change_note, text_ru, text_ky, "
            "published_at, created_at) "
            "SELECT id, 1, '', '', '', published_at, published_at FROM bulk_drafts"
        )
        cursor.execute(
            "INSERT INTO drafts_provision (draft_id) "
            "SELECT d.id FROM bulk_drafts d, generate_series(1, %s) ORDER BY d.id",
            [sections_per_draft],
        )
        # Article texts are drawn from SENTENCES by a hash of the draft and article number.
        cursor.execute(
            "INSERT INTO drafts_section (version_id, provision_id, position, kind, number, "
            "heading_ru, heading_ky, text_ru, text_ky, change, previous_number) "
            "SELECT v.id, p.id, p.rn - 1, 'article', p.rn::text, "
            "  'Статья ' || p.rn, '', "
            "  (%s::text[])[1 + (p.id %% %s)] || ' ' || (%s::text[])[1 + ((p.id / 3) %% %s)], "
            "  '', 'new', '' "
            "FROM (SELECT id, draft_id, row_number() OVER (PARTITION BY draft_id ORDER BY id) rn "
            "      FROM drafts_provision WHERE draft_id IN (SELECT id FROM bulk_drafts)) p "
            "JOIN drafts_version v ON v.draft_id = p.draft_id AND v.number = 1",
            [SENTENCES, len(SENTENCES), SENTENCES, len(SENTENCES)],
        )
        cursor.execute(
            "UPDATE drafts_version v SET text_ru = s.text FROM ("
            "  SELECT version_id, string_agg('Статья ' || number || E'.\\n' || text_ru, E'\\n' "
            "  ORDER BY position) AS text FROM drafts_section "
            "  WHERE version_id IN (SELECT id FROM drafts_version "
            "                      WHERE draft_id IN (SELECT id FROM bulk_drafts)) "
            "  GROUP BY version_id) s WHERE s.version_id = v.id"
        )
        cursor.execute(
            "UPDATE drafts_draft d SET body_text = v.text_ru FROM drafts_version v "
            "WHERE v.draft_id = d.id AND d.id IN (SELECT id FROM bulk_drafts)"
        )
        if subject_ids:
            cursor.execute(
                "INSERT INTO drafts_draft_subject_areas (draft_id, subjectarea_id) "
                "SELECT id, (%s::bigint[])[1 + (id %% %s)] FROM bulk_drafts",
                [subject_ids, len(subject_ids)],
            )
        cursor.execute("SELECT id FROM bulk_drafts ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE bulk_drafts")
        cursor.execute("ANALYZE drafts_draft")
    return ids
