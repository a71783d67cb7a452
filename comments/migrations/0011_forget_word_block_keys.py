"""The keys of the earlier word-block rule name nothing under MinHash bands: forgotten, for
`manage.py regroup_campaigns` to write the new ones (0010). Derived data, so going back leaves
the table empty rather than inventing the old keys again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comments", "0010_campaign_minhash_bands")]

    operations = [
        migrations.RunSQL("DELETE FROM comments_campaignkey;", reverse_sql=migrations.RunSQL.noop)
    ]
