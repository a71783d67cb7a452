"""Search: "did you mean" from the portal's own words, a capped count, filter errors shown."""

import pytest

from drafts import search
from tests.factories import make_draft, publish


@pytest.fixture
def drafts(body, editor):
    made = {
        "tax": make_draft(body, title_ru="О налоговых льготах по налоговому кодексу", by=editor),
        "law": make_draft(body, title_ru="О внесении изменений в закон о медиации", by=editor),
        "ky": make_draft(
            body, title_ru="", title_ky="Мамлекеттик сатып алуулар жөнүндө мыйзам", by=editor
        ),
    }
    for draft in made.values():
        publish(draft, by=editor)
    # Being prepared: its words are nobody's business yet.
    make_draft(body, title_ru="Секретная квазиреформа таможни", by=editor)
    return made


def test_a_typo_that_finds_nothing_suggests_the_portals_word(client, drafts):
    response = client.get("/ru/drafts/", {"q": "зокон", "status": "discussion"})
    assert response.context["suggestion"] == "закон"
    assert "status=discussion" in response.context["suggestion_query"]
    assert "q=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD" in response.text  # the link searches «закон»


def test_suggestion_replaces_only_the_words_that_match_nothing(drafts):
    assert search.suggestion("налогавый кодекс", found=0) == "налоговых кодекс"
    assert search.suggestion("мамлекетик жонундо", found=0) == "мамлекеттик жонундо"


def test_no_suggestion_when_the_words_are_the_portals_or_enough_is_found(drafts):
    assert search.suggestion("медиации", found=0) is None
    assert search.suggestion("зокон", found=search.SUGGEST_BELOW) is None


def test_a_draft_being_prepared_lends_no_word_to_suggestions(drafts):
    assert search.suggestion("квазиреформы", found=0) != "квазиреформа"


def test_the_vocabulary_follows_a_newly_published_draft(body, editor, drafts):
    assert search.suggestion("телемедицына", found=0) is None
    publish(make_draft(body, title_ru="О телемедицине", by=editor), by=editor)
    assert search.suggestion("телемедицына", found=0) == "телемедицине"


def test_an_unknown_status_is_shown_as_an_error_not_ignored(client, drafts):
    response = client.get("/ru/drafts/", {"status": "bogus"})
    page = response.text
    assert 'role="alert"' in page
    assert "bogus" in page.split('role="alert"')[1].split("</div>")[0]


def test_a_search_counts_up_to_the_cap(client, drafts, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    monkeypatch.setattr(search.CappedPaginator, "cap", 1)
    # "о" (too short for a prefix) is in two titles: more than the cap of one.
    response = client.get("/en/drafts/", {"q": "о"})
    assert response.context["page"].paginator.capped
    assert "More than 1 drafts found" in response.text


def test_the_count_of_a_search_is_of_the_drafts_it_lists_within_the_other_filters(
    client, drafts, other_body, outsider_editor
):
    """The count comes from the search's own candidates, not from another query: it must still
    be the number of drafts listed, and respect the filters chosen beside the words."""
    other = other_body
    for title in ("О налоговой отчётности", "О налоговом контроле"):
        publish(make_draft(other, title_ru=title, by=outsider_editor), by=outsider_editor)
    response = client.get("/en/drafts/", {"q": "налоговый"})
    listed = list(response.context["page"])
    assert len(listed) == response.context["page"].paginator.count == 3
    assert "3 drafts found" in response.text
    response = client.get("/en/drafts/", {"q": "налоговый", "organization": other.pk})
    assert {draft.organization for draft in response.context["page"]} == {other}
    assert "2 drafts found" in response.text
