"""Reports read each answer as it stood when they were built (reports.models.ReportEntry):
the latest history row of a comment's answer up to a moment. This index finds it directly."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comments", "0008_campaigns")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX comments_historicalanswer_as_of "
            "ON comments_historicalanswer (comment_id, history_date DESC, history_id DESC);",
            reverse_sql="DROP INDEX comments_historicalanswer_as_of;",
        )
    ]
