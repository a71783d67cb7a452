"""How well search finds what people look for: a fixed set of queries over the demo drafts.

Each query is what a citizen might type — a word in another form than the title's, a typo, a
Kyrgyz word typed on a Russian keyboard (ө → о, ү → у, ң → н) — with the demo draft it should
find. The measure is the top-3 hit rate of the list page: the expected draft among the first
three results, or, when nothing was found, among the first three of the "did you mean"
suggestion the page offers. The figure is printed; the test fails when it drops below the floor.
The queries were written from the drafts' subjects, not from the search code.
"""

import pytest
from django.core.management import call_command

from drafts.demo_data import DEMO_DIR, load_drafts
from drafts.models import Draft

pytestmark = pytest.mark.django_db

# (query, the demo folder it should find). Several folders: any of them counts.
QUERIES = [
    # Russian: word forms other than the title's
    ("медиация", ["25-mediation"]),
    ("медиатор", ["25-mediation"]),
    ("нотариус", ["01-notariat"]),
    ("бесплатная юридическая помощь", ["02-legal-aid"]),
    ("банкротство", ["07-bankruptcy"]),
    ("дистанционная продажа товаров", ["08-distance-selling"]),
    ("госзакупки", ["11-public-procurement", "40-electronic-auctions"]),
    ("государственные закупки", ["11-public-procurement"]),
    ("налоги", ["12-tax-code"]),
    ("стипендия студентам", ["22-scholarships"]),
    ("учебники для школ", ["21-textbooks"]),
    ("лекарства", ["17-medicines", "18-subsidised-medicines"]),
    ("пожарная безопасность", ["28-fire-safety"]),
    ("оружие", ["27-firearms"]),
    ("электронная подпись", ["30-electronic-signature"]),
    ("возобновляемая энергия", ["33-renewable-energy"]),
    ("отходы", ["35-waste"]),
    ("телемедицина", ["16-telemedicine"]),
    ("иммунопрофилактика", ["19-immunisation"]),
    ("дорожное движение", ["26-road-traffic"]),
    ("микрокредиты", ["15-microfinance"]),
    ("пробация", ["05-probation"]),
    # Russian typos
    ("медиацыя", ["25-mediation"]),
    ("банкротсво", ["07-bankruptcy"]),
    ("налогавый кодекс", ["12-tax-code"]),
    ("стипендя", ["22-scholarships"]),
    ("зокон о нотариате", ["01-notariat"]),
    ("лицензированние", ["06-licensing"]),
    # Kyrgyz
    ("салык кодекси", ["12-tax-code"]),
    ("өрт коопсуздугу", ["28-fire-safety"]),
    ("жер казынасы", ["32-subsoil"]),
    ("стипендиялар", ["22-scholarships"]),
    ("токой", ["36-logging"]),
    ("медиация маселелери", ["25-mediation"]),
    ("дары каражаттары", ["17-medicines", "18-subsidised-medicines"]),
    # Kyrgyz typed on a Russian keyboard
    ("орт коопсуздугу", ["28-fire-safety"]),
    ("кайра жаралуучу энергия", ["33-renewable-energy"]),
    ("кыймылсыз мулк", ["34-property-registration"]),
    ("окуу китептери", ["21-textbooks"]),
]

# The top-3 hit rates must not drop below these. Measured on 2026-12-03: 37/39 direct, 39/39 with
# "did you mean"; without the title trigram match for typos, direct falls to 33/39.
FLOOR_DIRECT = 0.9
FLOOR_WITH_SUGGESTION = 0.95


def _demo_drafts() -> dict[str, Draft]:
    """The seeded demo drafts by folder name, found by their titles."""
    folders = sorted(p.name for p in DEMO_DIR.iterdir() if p.is_dir())  # load_drafts' order
    specs = dict(zip(folders, load_drafts(), strict=True))
    by_title = {draft.title_ru or draft.title_ky: draft for draft in Draft.objects.all()}
    return {
        folder: by_title[spec["title_ru"] or spec["title_ky"]] for folder, spec in specs.items()
    }


def _top3(client, query: str) -> tuple[list[int], str | None]:
    response = client.get("/ru/drafts/", {"q": query})
    assert response.status_code == 200
    return [draft.pk for draft in response.context["page"].object_list[:3]], response.context[
        "suggestion"
    ]


def test_top3_hit_rate_of_the_relevance_set(client, capsys):
    call_command("seed_demo", verbosity=0)
    demo = _demo_drafts()
    direct = with_suggestion = 0
    misses = []
    for query, folders in QUERIES:
        expected = {demo[folder].pk for folder in folders}
        assert all(demo[folder].is_public for folder in folders), (query, folders)
        top3, suggestion = _top3(client, query)
        if expected & set(top3):
            direct += 1
            with_suggestion += 1
            continue
        if not top3 and suggestion and expected & set(_top3(client, suggestion)[0]):
            with_suggestion += 1
            continue
        misses.append(query)
    total = len(QUERIES)
    with capsys.disabled():
        print(
            f"\nsearch relevance: top-3 hit rate {direct}/{total} = {direct / total:.2f} "
            f"direct, {with_suggestion}/{total} = {with_suggestion / total:.2f} with "
            f"'did you mean'; missed: {', '.join(misses) or 'none'}"
        )
    assert direct / total >= FLOOR_DIRECT, misses
    assert with_suggestion / total >= FLOOR_WITH_SUGGESTION, misses
