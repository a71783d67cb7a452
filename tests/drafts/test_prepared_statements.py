"""A page's statements are prepared on the connection, so PostgreSQL stops parsing and planning
them; a search's are still planned for the words asked (sep/settings.py, drafts.search)."""

from django.db import connection

from drafts.models import Draft
from tests.factories import make_draft, publish


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def test_reading_drafts_prepares_the_draft_pages_statements(client, body, editor):
    drafts = [publish(make_draft(body, by=editor), by=editor) for _ in range(3)]
    # Three different drafts: three page-cache misses, each running the page's statements.
    for draft in drafts:
        assert client.get(f"/ru/drafts/{draft.reference}/").status_code == 200
    prepared = prepared_statements()
    # The draft's own query, its reference a parameter ($1), is one of them.
    assert any(
        statement.startswith('SELECT "drafts_draft"."id"') and "$1" in statement
        for statement in prepared
    ), prepared


def test_a_search_plans_its_candidates_for_the_words_asked(body, editor):
    """After five runs of one prepared statement PostgreSQL may keep a generic plan, made for
    no tsquery in particular; a search's candidate queries never run with one."""
    for title in ("О нотариате", "О реестре нотариусов", "О лицензировании"):
        publish(make_draft(body, title_ru=title, by=editor), by=editor)
    modes = []

    def note_plan_mode(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "search_vector" in sql and "@@" in sql:
            # Asked on the driver's connection, outside Django's wrappers (and this one).
            modes.append(connection.connection.execute("SHOW plan_cache_mode").fetchone()[0])
        return result

    with connection.execute_wrapper(note_plan_mode):
        for word in ["нотариат", "реестр", "лицензия"] * 3:
            list(Draft.objects.public().search(word)[:20])
    assert modes and set(modes) == {"force_custom_plan"}, modes
