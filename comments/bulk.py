"""Scale data for comments: set-based SQL, like drafts.bulk (no per-row model logic, no history)."""

from django.db import connection, transaction

from accounts.models import RespondentProfile, User
from drafts.models import Draft

from . import campaigns
from .models import CampaignDecision, CampaignKey

REGIONS = [value for value, _label in RespondentProfile.Region.choices]
POSITIONS = ["proposal", "support", "objection", "other"]

# The words the organic comments are drawn from: each is 14 words picked by a hash of its number,
# so two of them share about as little as two people's own opinions do and campaign detection
# keeps them apart (numbered copies of one sentence were all one "campaign").
ORGANIC_WORDS = """
предлагаю считаю прошу необходимо следует уточнить исключить дополнить изменить сохранить
продлить сократить установить отменить закрепить предусмотреть учесть рассмотреть согласовать
срок сроки порядок норму статью пункт часть абзац перечень требования правила процедуру
переходный период уведомление заявление лицензию разрешение проверку штраф пошлину тариф
субсидию льготу реестр отчёт договор аренду закупку торги налог взнос выплату пособие граждан
предпринимателей фермеров пенсионеров студентов родителей врачей учителей юристов нотариусов
инвесторов арендаторов поставщиков перевозчиков застройщиков собственников села районы области
города регионы Бишкек Ош Нарын Талас Баткен Джалал-Абад Иссык-Куль Чуй потому поскольку иначе
однако кроме также например особенно дополнительно отдельно впредь ежегодно ежемесячно заранее
вовремя письменно электронно бесплатно открыто прозрачно расходы нагрузка доступ очередь
качество безопасность ответственность контроль надзор бюджет экономика занятость здоровье
образование экология транспорт связь энергия вода мыйзам долбоор жобо тартип мөөнөт жарандар
ишкерлер дыйкандар айыл аймак салык төлөм
""".split()  # noqa: SIM905 (a word list reads and edits best as text)
ORGANIC_LENGTH = 14


def bulk_author() -> User:
    user, created = User.objects.get_or_create(email="bulk-citizen@example.kg")
    if created:
        user.set_unusable_password()
        user.save()
        RespondentProfile.objects.create(user=user, category="citizen", region="chuy")
    return user


@transaction.atomic
def create_bulk_comments(draft_ids: list[int], per_draft: int) -> int:
    """`per_draft` published comments on each draft, spread over its current articles."""
    if not draft_ids or per_draft < 1:
        return 0
    author = bulk_author()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO comments_comment (
                draft_id, version_id, provision_id, section_id, author_id, kind, position, text,
                explanation, attachment, attachment_name, author_name, author_category,
                author_region, status, hidden_reason, hidden_note, submission_key, language,
                created_at)
            SELECT v.draft_id, v.id,
                   CASE WHEN g %% 5 = 0 THEN NULL ELSE s.provision_id END,
                   CASE WHEN g %% 5 = 0 THEN NULL ELSE s.id END,
                   %s, 'comment', (%s::text[])[1 + g %% 4],
                   -- Every third comment is a mass campaign: five near-identical wordings.
                   CASE WHEN g %% 3 = 0
                        THEN 'Против проекта: он вредит малому и среднему бизнесу в регионах '
                             || 'страны, вариант ' || (g %% 5)
                        ELSE (SELECT string_agg(
                                  (%s::text[])[1 + (hashint8(g * 131 + i + d.id * 7919)
                                                    & 2147483647) %% %s], ' ' ORDER BY i)
                              FROM generate_series(1, %s) i) || '.' END,
                   '', '', '', '', 'citizen', (%s::text[])[1 + g %% %s], 'published', '', '',
                   gen_random_uuid(), 'ru', d.published_at + make_interval(mins => g)
            FROM drafts_draft d
            JOIN LATERAL (
                SELECT id, draft_id FROM drafts_version WHERE draft_id = d.id
                ORDER BY number DESC LIMIT 1) v ON true
            CROSS JOIN generate_series(1, %s) g
            JOIN LATERAL (
                SELECT id, provision_id FROM drafts_section
                WHERE version_id = v.id ORDER BY position
                OFFSET (g %% GREATEST(1, (SELECT count(*) FROM drafts_section
                                          WHERE version_id = v.id))) LIMIT 1) s ON true
            WHERE d.id = ANY(%s)
            """,
            [
                author.pk,
                POSITIONS,
                ORGANIC_WORDS,
                len(ORGANIC_WORDS),
                ORGANIC_LENGTH,
                REGIONS,
                len(REGIONS),
                per_draft,
                draft_ids,
            ],
        )
        created = cursor.rowcount
        cursor.execute(
            "UPDATE comments_comment c "
            "SET receipt = d.reference || '-C' || lpad(c.id::text, 6, '0') "
            "FROM drafts_draft d "
            "WHERE c.draft_id = d.id AND c.receipt IS NULL AND d.id = ANY(%s)",
            [draft_ids],
        )
    Draft.objects.filter(pk__in=draft_ids).touch()
    regroup(draft_ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")
    return created


@transaction.atomic
def answer_bulk_comments(draft_ids: list[int], *, every: int = 2) -> int:
    """Answer every `every`-th comment of these drafts three days after it came, the way
    `answer_comments` would: each answer with its first history row."""
    responder, _created = User.objects.get_or_create(email="bulk-responder@example.kg")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH answered AS (
                INSERT INTO comments_answer (
                    comment_id, decision, reasoning, organization_id, answered_by_id,
                    created_at, updated_at)
                SELECT c.id, (%s::text[])[1 + c.id %% 4],
                       'Рассмотрено рабочей группой: см. пояснительную записку.',
                       d.organization_id, %s, c.created_at + interval '3 days',
                       c.created_at + interval '3 days'
                FROM comments_comment c JOIN drafts_draft d ON d.id = c.draft_id
                WHERE c.draft_id = ANY(%s) AND c.id %% %s = 0
                  AND NOT EXISTS (SELECT FROM comments_answer a WHERE a.comment_id = c.id)
                RETURNING *
            )
            INSERT INTO comments_historicalanswer (
                id, decision, reasoning, created_at, updated_at, edited_at, history_date,
                history_type, answered_by_id, carried_in_id, comment_id, duplicate_of_id,
                history_user_id, organization_id)
            SELECT id, decision, reasoning, created_at, updated_at, edited_at, created_at, '+',
                   answered_by_id, carried_in_id, comment_id, duplicate_of_id, answered_by_id,
                   organization_id
            FROM answered
            """,
            [["accepted", "partly", "rejected", "noted"], responder.pk, draft_ids, every],
        )
        answered = cursor.rowcount
        cursor.execute("ANALYZE comments_answer")
        cursor.execute("ANALYZE comments_historicalanswer")
    return answered


@transaction.atomic
def regroup(draft_ids: list[int], *, progress=None) -> None:
    """Group the comments of these drafts into campaigns from scratch, in the order they were
    posted, with the rule `Comment.post` applies one comment at a time (comments.campaigns):
    for comments written by SQL (above) and `manage.py regroup_campaigns`. `progress(draft_id,
    comments, campaigns)` is called after each draft."""
    CampaignKey.objects.lock(draft_ids)
    with connection.cursor() as cursor:
        # Derived data, rebuilt whole (the tables are not among the records never deleted).
        cursor.execute(
            "DELETE FROM comments_campaignsignature s USING comments_comment c "
            "WHERE c.id = s.comment_id AND c.draft_id = ANY(%s)",
            [list(draft_ids)],
        )
        cursor.execute(
            "DELETE FROM comments_campaignkey WHERE draft_id = ANY(%s)", [list(draft_ids)]
        )
        cursor.execute(
            "CREATE TEMP TABLE regrouped (comment_id bigint PRIMARY KEY, lead_id bigint, "
            "new_wording boolean) ON COMMIT DROP"
        )
        for draft_id in sorted(draft_ids):
            cursor.execute(
                "SELECT id, text FROM comments_comment "
                "WHERE draft_id = %s AND kind = 'comment' ORDER BY id",
                [draft_id],
            )
            comments = cursor.fetchall()
            # People's splits and merges are applied after the automatic grouping, in order.
            apart = set(
                CampaignDecision.objects.kept_apart(draft_id).values_list("comment_id", flat=True)
            )
            grouped = campaigns.group(comments, apart=apart)
            leads = campaigns.replay(grouped.leads, CampaignDecision.objects.replayed(draft_id))
            with cursor.copy(
                "COPY regrouped (comment_id, lead_id, new_wording) FROM STDIN"
            ) as copy:
                for pk, _text in comments:
                    copy.write_row((pk, leads.get(pk), pk in grouped.new_wordings))
            with cursor.copy(
                "COPY comments_campaignkey (draft_id, key, comment_id) FROM STDIN"
            ) as copy:
                for key, pk in grouped.keys:
                    copy.write_row((draft_id, key, pk))
            with cursor.copy(
                "COPY comments_campaignsignature (comment_id, signature) FROM STDIN"
            ) as copy:
                copy.set_types(["bigint", "int4[]"])
                for pk, signature in grouped.signatures.items():
                    copy.write_row((pk, signature.tolist()))
            if progress:
                progress(draft_id, len(comments), len(set(leads.values())))
        cursor.execute(
            "UPDATE comments_comment c "
            "SET campaign_lead_id = r.lead_id, new_wording = r.new_wording FROM regrouped r "
            "WHERE c.id = r.comment_id AND (c.campaign_lead_id IS DISTINCT FROM r.lead_id "
            "OR c.new_wording IS DISTINCT FROM r.new_wording)"
        )
        # ON COMMIT DROP alone would collide with a second call in the same transaction.
        cursor.execute("DROP TABLE regrouped")
