"""The state bodies of the Kyrgyz Republic named in the OGP action plan.

The list is written out here, not read from a data file, so editing the list later cannot change
what this migration puts into a database that has not run it yet.
"""

from django.db import migrations

# (short name, kind, name in Russian, in Kyrgyz, in English)
BODIES = [
    (
        "MJ",
        "ministry",
        "Министерство юстиции Кыргызской Республики",
        "Кыргыз Республикасынын Юстиция министрлиги",
        "Ministry of Justice",
    ),
    (
        "ME",
        "ministry",
        "Министерство экономики и коммерции Кыргызской Республики",
        "Кыргыз Республикасынын Экономика жана коммерция министрлиги",
        "Ministry of Economy and Commerce",
    ),
    (
        "MoF",
        "ministry",
        "Министерство финансов Кыргызской Республики",
        "Кыргыз Республикасынын Финансы министрлиги",
        "Ministry of Finance",
    ),
    (
        "MoH",
        "ministry",
        "Министерство здравоохранения Кыргызской Республики",
        "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
        "Ministry of Health",
    ),
    (
        "MES",
        "ministry",
        "Министерство образования и науки Кыргызской Республики",
        "Кыргыз Республикасынын Билим берүү жана илим министрлиги",
        "Ministry of Education and Science",
    ),
    (
        "MIA",
        "ministry",
        "Министерство внутренних дел Кыргызской Республики",
        "Кыргыз Республикасынын Ички иштер министрлиги",
        "Ministry of Internal Affairs",
    ),
    (
        "MoES",
        "ministry",
        "Министерство чрезвычайных ситуаций Кыргызской Республики",
        "Кыргыз Республикасынын Өзгөчө кырдаалдар министрлиги",
        "Ministry of Emergency Situations",
    ),
    (
        "SCITC",
        "committee",
        "Государственный комитет информационных технологий и связи",
        "Маалыматтык технологиялар жана байланыш боюнча мамлекеттик комитет",
        "State Committee of Information Technologies and Communications",
    ),
    (
        "SCIESU",
        "committee",
        "Государственный комитет промышленности, энергетики и недропользования",
        "Өнөр жай, энергетика жана жер казынасын пайдалануу боюнча мамлекеттик комитет",
        "State Committee of Industry, Energy and Subsoil Use",
    ),
    (
        "SNSC",
        "committee",
        "Государственный комитет национальной безопасности",
        "Улуттук коопсуздук мамлекеттик комитети",
        "State Committee for National Security",
    ),
    (
        "SRS",
        "service",
        "Государственная регистрационная служба",
        "Мамлекеттик каттоо кызматы",
        "State Registration Service",
    ),
    (
        "SFIS",
        "service",
        "Государственная служба финансовой разведки",
        "Мамлекеттик каржы чалгындоо кызматы",
        "State Financial Intelligence Service",
    ),
    (
        "SAEPF",
        "agency",
        "Государственное агентство охраны окружающей среды и лесного хозяйства",
        "Айлана-чөйрөнү коргоо жана токой чарбасы мамлекеттик агенттиги",
        "State Agency for Environmental Protection and Forestry",
    ),
    (
        "SALGIER",
        "agency",
        "Государственное агентство по делам местного самоуправления и межэтнических отношений",
        "Жергиликтүү өз алдынча башкаруу жана этностор аралык мамилелер боюнча мамлекеттик агенттик",
        "State Agency for Local Government and Inter-Ethnic Relations",
    ),
    (
        "SIETS",
        "inspectorate",
        "Государственная инспекция по экологической и технической безопасности",
        "Экологиялык жана техникалык коопсуздук боюнча мамлекеттик инспекция",
        "State Inspectorate for Environmental and Technical Safety",
    ),
    (
        "NSC",
        "committee",
        "Национальный статистический комитет Кыргызской Республики",
        "Кыргыз Республикасынын Улуттук статистикалык комитети",
        "National Statistical Committee",
    ),
    (
        "FSPM",
        "fund",
        "Фонд по управлению государственным имуществом",
        "Мамлекеттик мүлктү башкаруу фонду",
        "Fund of State Property Management",
    ),
    (
        "CEC",
        "commission",
        "Центральная комиссия по выборам и проведению референдумов",
        "Шайлоо жана референдум өткөрүү боюнча борбордук комиссия",
        "Central Election Commission",
    ),
    (
        "GPO",
        "prosecutor",
        "Генеральная прокуратура Кыргызской Республики",
        "Кыргыз Республикасынын Башкы прокуратурасы",
        "General Prosecutor's Office",
    ),
    (
        "NISS",
        "institute",
        "Национальный институт стратегических исследований",
        "Улуттук стратегиялык изилдөөлөр институту",
        "National Institute for Strategic Studies",
    ),
]


def load_bodies(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    for short, kind, name_ru, name_ky, name_en in BODIES:
        Organization.objects.update_or_create(
            short_name=short,
            defaults={"kind": kind, "name_ru": name_ru, "name_ky": name_ky, "name_en": name_en},
        )


def unload_bodies(apps, schema_editor):
    # Reversing only forgets the seed rows nobody refers to yet.
    Organization = apps.get_model("accounts", "Organization")
    shorts = [short for short, *_names in BODIES]
    Organization.objects.filter(short_name__in=shorts, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_users_bodies_memberships")]

    operations = [migrations.RunPython(load_bodies, unload_bodies)]
