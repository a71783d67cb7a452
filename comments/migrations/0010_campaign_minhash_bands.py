"""Campaigns found by MinHash bands (comments.campaigns): the signature table, and band keys
held by several comments each.

Schema only, by choice: existing comments are regrouped by `manage.py regroup_campaigns`, run
once after deploy (README, "Deploying"). The rule lives in datasketch's MinHash, so a copy
frozen here would still depend on live library code, and regrouping every discussion inside
the deploy's migration transaction would hold the comment table for minutes on large drafts;
the command goes draft by draft, shows its progress and can be re-run at any time. Until it
runs, existing comments keep the campaigns the earlier rule gave them.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_answer_history_as_of"),
        ("drafts", "0004_draft_listed_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="CampaignSignature",
            fields=[
                (
                    "comment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="comments.comment",
                    ),
                ),
                (
                    "signature",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), size=128
                    ),
                ),
            ],
        ),
        migrations.RemoveConstraint(
            model_name="campaignkey",
            name="campaign_key_once_per_draft",
        ),
        migrations.AddConstraint(
            model_name="campaignkey",
            constraint=models.UniqueConstraint(
                fields=("draft", "key", "comment"), name="campaign_key_holder"
            ),
        ),
    ]
