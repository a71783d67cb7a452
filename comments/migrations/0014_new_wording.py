from django.db import migrations, models

# A comment holding campaign keys is exactly one whose folded text no earlier comment of its
# draft had (comments.campaigns.place), so the keys already stored say which are new wordings.
MARK_EXISTING = """
UPDATE comments_comment c SET new_wording = true
FROM (SELECT DISTINCT comment_id FROM comments_campaignkey) k
WHERE k.comment_id = c.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0013_campaign_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="new_wording",
            field=models.BooleanField(default=False, db_default=False, editable=False),
        ),
        migrations.AddField(
            model_name="historicalcomment",
            name="new_wording",
            field=models.BooleanField(default=False, db_default=False, editable=False),
        ),
        migrations.RunSQL(MARK_EXISTING, migrations.RunSQL.noop),
    ]
