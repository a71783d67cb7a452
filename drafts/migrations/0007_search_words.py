# The portal's own vocabulary for "did you mean" (drafts.search.suggestion).

from django.db import migrations

# The words of the titles and summaries of public drafts (never of a draft still being
# prepared: a suggestion must not reveal it), with the number of drafts using each, and the
# listing stamp they were built at, by which a search sees that they are out of date.
# `folded` is the word as typed on a Russian keyboard (drafts.search.fold), matched by
# trigram similarity; `word` is what the suggestion shows.
CREATE = """
CREATE MATERIALIZED VIEW drafts_search_word AS
SELECT word,
       translate(word, 'үөң', 'уон') AS folded,
       ndoc,
       (SELECT max(listed_at) FROM {schema}.drafts_draft) AS built_at
FROM ts_stat($$
    SELECT to_tsvector('simple', concat_ws(' ', title_ru, title_ky, summary_ru, summary_ky))
    FROM {schema}.drafts_draft WHERE status <> 'preparing'
$$)
WHERE length(word) >= 3 AND word !~ '[0-9_]';
CREATE UNIQUE INDEX drafts_search_word_word ON drafts_search_word (word);
CREATE INDEX drafts_search_word_trgm ON drafts_search_word USING gist (folded gist_trgm_ops);
"""


def create(apps, schema_editor):
    # ts_stat runs its query from text, and PostgreSQL 17+ runs CREATE and REFRESH MATERIALIZED
    # VIEW with a search_path of pg_catalog only: the table is named with its schema.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(current_schema())")
        schema = cursor.fetchone()[0]
        cursor.execute(CREATE.replace("{schema}", schema))


def drop(apps, schema_editor):
    schema_editor.execute("DROP MATERIALIZED VIEW drafts_search_word;")


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0006_draft_search_head"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
