"""Reports are public records: the database refuses to delete them (see comments 0007)."""

from django.db import migrations

PROTECTED = ["reports_report", "reports_reportentry"]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_reports_and_summary_rows"),
        ("comments", "0007_refuse_deletes"),  # defines sep_refuse_delete()
    ]

    operations = [
        migrations.RunSQL(
            "".join(
                f"CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION sep_refuse_delete();\n"
                for table in PROTECTED
            ),
            reverse_sql="".join(
                f"DROP TRIGGER IF EXISTS {table}_never_deleted ON {table};\n" for table in PROTECTED
            ),
        )
    ]
