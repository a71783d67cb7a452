from django.db import migrations

SUBJECT_AREAS = [
    ("justice", "Сот адилеттиги жана укук", "Правосудие и право", "Justice and law"),
    (
        "economy",
        "Экономика жана ишкердик",
        "Экономика и предпринимательство",
        "Economy and business",
    ),
    ("finance", "Финансы жана салыктар", "Финансы и налоги", "Finance and taxes"),
    ("health", "Саламаттык сактоо", "Здравоохранение", "Health"),
    ("education", "Билим берүү жана илим", "Образование и наука", "Education and science"),
    (
        "digital",
        "Санариптик өнүгүү жана байланыш",
        "Цифровое развитие и связь",
        "Digital development and communications",
    ),
    ("environment", "Айлана-чөйрө", "Окружающая среда", "Environment"),
    (
        "energy",
        "Энергетика жана жер казынасы",
        "Энергетика и недропользование",
        "Energy and subsoil",
    ),
    (
        "social",
        "Социалдык коргоо жана эмгек",
        "Социальная защита и труд",
        "Social protection and labour",
    ),
    (
        "security",
        "Коопсуздук жана коомдук тартип",
        "Безопасность и общественный порядок",
        "Security and public order",
    ),
    (
        "local-government",
        "Жергиликтүү өз алдынча башкаруу",
        "Местное самоуправление",
        "Local government",
    ),
    ("agriculture", "Айыл чарба", "Сельское хозяйство", "Agriculture"),
    (
        "transport",
        "Транспорт жана курулуш",
        "Транспорт и строительство",
        "Transport and construction",
    ),
]


def load(apps, schema_editor):
    SubjectArea = apps.get_model("drafts", "SubjectArea")
    for slug, ky, ru, en in SUBJECT_AREAS:
        SubjectArea.objects.update_or_create(
            slug=slug, defaults={"name_ky": ky, "name_ru": ru, "name_en": en}
        )


def unload(apps, schema_editor):
    SubjectArea = apps.get_model("drafts", "SubjectArea")
    SubjectArea.objects.filter(
        slug__in=[row[0] for row in SUBJECT_AREAS], drafts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("drafts", "0001_drafts_versions_sections")]

    operations = [migrations.RunPython(load, unload)]
