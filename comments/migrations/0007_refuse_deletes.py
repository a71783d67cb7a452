"""Nothing a citizen wrote, no answer and no vote is ever deleted (DESIGN.md, "Data rules").

The database itself refuses: a trigger raises on DELETE, whoever asks — the application, an
admin in psql, a bug. Hiding is a state with a reason (comments.Comment.status). TRUNCATE,
which only the test runner uses to reset its database, is not affected. Production also
revokes DELETE from the application's role (docs/database-grants.sql).
"""

from django.db import migrations

PROTECTED = [
    "comments_comment",
    "comments_answer",
    "comments_vote",
    "comments_agreement",
    "comments_moderationevent",
    "comments_commentreport",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION sep_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted: hide them with a reason instead', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def triggers(tables):
    return "".join(
        f"CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION sep_refuse_delete();\n"
        for table in tables
    )


def drop_triggers(tables):
    return "".join(
        f"DROP TRIGGER IF EXISTS {table}_never_deleted ON {table};\n" for table in tables
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0006_follow_plan_items")]

    operations = [
        migrations.RunSQL(
            FUNCTION + triggers(PROTECTED),
            reverse_sql=drop_triggers(PROTECTED) + "DROP FUNCTION IF EXISTS sep_refuse_delete();",
        )
    ]
