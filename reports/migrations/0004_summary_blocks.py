"""The summary table is stored in blocks of 1,000 rows (reports.models.SummaryBlock) that point
at their comments, instead of one copied row per comment: a 100,000-comment report is written
as 100 rows. `reports_reportentry` becomes a view of the blocks, one row per position.

Existing rows keep their report, position, comment, campaign size and "I agree" count; what
they copied is read from the comments (which never change) and the answers' history."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

BLOCK = 1000

VIEW = """
CREATE VIEW reports_reportentry AS
SELECT b.report_id, b.first_position + r.i - 1 AS position, b.first_position AS block,
       r.comment_id, r.campaign_size, r.agreements
FROM reports_summaryblock b
CROSS JOIN LATERAL unnest(b.comments, b.campaign_sizes, b.agreements)
    WITH ORDINALITY AS r(comment_id, campaign_size, agreements, i);
"""

COPY_ROWS = f"""
INSERT INTO reports_summaryblock (report_id, first_position, comments, campaign_sizes, agreements)
SELECT report_id, (position - 1) / {BLOCK} * {BLOCK} + 1,
       array_agg(comment_id ORDER BY position), array_agg(campaign_size ORDER BY position),
       array_agg(agreements ORDER BY position)
FROM reports_copiedreportentry
GROUP BY report_id, (position - 1) / {BLOCK};
"""

# Blocks are written once and read a page at a time: store them uncompressed, which writes
# 100 blocks in a fraction of the time compression takes.
UNCOMPRESSED = "".join(
    f"ALTER TABLE reports_summaryblock ALTER COLUMN {column} SET STORAGE EXTERNAL;\n"
    for column in ("comments", "campaign_sizes", "agreements")
)

NEVER_DELETED = (
    "CREATE TRIGGER reports_summaryblock_never_deleted BEFORE DELETE ON reports_summaryblock "
    "FOR EACH ROW EXECUTE FUNCTION sep_refuse_delete();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_campaigns"),
        ("reports", "0003_summary_rows_without_unused_indexes"),
    ]

    operations = [
        migrations.RenameModel("ReportEntry", "CopiedReportEntry"),
        migrations.CreateModel(
            name="SummaryBlock",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("first_position", models.PositiveIntegerField()),
                (
                    "comments",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), size=None
                    ),
                ),
                (
                    "campaign_sizes",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), size=None
                    ),
                ),
                (
                    "agreements",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), size=None
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reports.report",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "first_position"), name="summary_block_position"
                    )
                ],
            },
        ),
        # Irreversible: going back would leave the old table empty and lose every report's rows.
        migrations.RunSQL(UNCOMPRESSED + COPY_ROWS + NEVER_DELETED),
        migrations.DeleteModel("CopiedReportEntry"),
        migrations.RunSQL(VIEW, reverse_sql="DROP VIEW reports_reportentry;"),
        migrations.CreateModel(
            name="ReportEntry",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "report",
                        "position",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("position", models.PositiveIntegerField()),
                ("block", models.PositiveIntegerField()),
                ("campaign_size", models.PositiveIntegerField()),
                ("agreements", models.PositiveIntegerField()),
                (
                    "comment",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="report_entries",
                        to="comments.comment",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="entries",
                        to="reports.report",
                    ),
                ),
            ],
            options={
                "verbose_name": "row of a report",
                "verbose_name_plural": "rows of a report",
                "db_table": "reports_reportentry",
                "ordering": ["report", "position"],
                "managed": False,
            },
        ),
    ]
