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
       (SELECT max(listed_at) FROM drafts_draft) AS built_at
FROM ts_stat($$
    SELECT to_tsvector('simple', concat_ws(' ', title_ru, title_ky, summary_ru, summary_ky))
    FROM drafts_draft WHERE status <> 'preparing'
$$)
WHERE length(word) >= 3 AND word !~ '[0-9_]';
CREATE UNIQUE INDEX drafts_search_word_word ON drafts_search_word (word);
CREATE INDEX drafts_search_word_trgm ON drafts_search_word USING gist (folded gist_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0006_draft_search_head"),
    ]

    operations = [
        migrations.RunSQL(CREATE, reverse_sql="DROP MATERIALIZED VIEW drafts_search_word;"),
    ]
