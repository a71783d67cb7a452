"""The state bodies of the Kyrgyz Republic named in the OGP action plan (accounts/data)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "organizations.csv"


def load_bodies(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Organization.objects.update_or_create(
                short_name=row["short"],
                defaults={
                    "kind": row["kind"],
                    "name_ru": row["name_ru"],
                    "name_ky": row["name_ky"],
                    "name_en": row["name_en"],
                },
            )


def unload_bodies(apps, schema_editor):
    # Reversing only forgets the seed rows nobody refers to yet.
    Organization = apps.get_model("accounts", "Organization")
    with DATA.open(encoding="utf-8") as handle:
        shorts = [row["short"] for row in csv.DictReader(handle)]
    Organization.objects.filter(short_name__in=shorts, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_users_bodies_memberships")]

    operations = [migrations.RunPython(load_bodies, unload_bodies)]
