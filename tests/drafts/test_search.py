import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drafts.models import Draft
from tests.factories import TEXT_KY, make_draft, publish


@pytest.fixture
def corpus(body, editor):
    drafts = {
        "laws": make_draft(
            body,
            title_ru="О внесении изменений в некоторые законы о лицензировании",
            text_ru="Статья 1. Изменения\nЛицензия выдаётся уполномоченным органом.",
            by=editor,
        ),
        "law_in_body": make_draft(
            body,
            title_ru="Об утверждении Положения о медицинских отходах",
            text_ru="Статья 1. Общие положения\nОтходы утилизируются согласно закона о санитарии.",
            by=editor,
        ),
        "kyrgyz": make_draft(
            body,
            title_ru="",
            title_ky="Мамлекеттик сатып алуулар жөнүндө мыйзамга өзгөртүүлөр",
            text_ru="",
            text_ky=TEXT_KY,
            by=editor,
        ),
        "education": make_draft(
            body,
            title_ru="О стипендиях студентам высших учебных заведений",
            summary_ru="Порядок назначения академических стипендий",
            text_ru="Статья 1. Стипендии\nНазначаются ежемесячно.",
            by=editor,
        ),
        "hidden": make_draft(body, title_ru="Секретный закон о лицензировании", by=editor),
    }
    for key, draft in drafts.items():
        if key != "hidden":
            publish(draft, by=editor)
    return drafts


def found(text):
    return list(Draft.objects.public().search(text))


def test_russian_morphology_finds_other_word_forms(corpus):
    results = found("закон")
    assert corpus["laws"] in results  # "законы" in the title
    assert corpus["law_in_body"] in results  # "закона" in an article


def test_title_matches_rank_above_body_matches(corpus):
    results = found("закон")
    assert results.index(corpus["laws"]) < results.index(corpus["law_in_body"])


def test_typo_in_a_title_word_still_finds_the_draft(corpus):
    assert corpus["education"] in found("стипендях")
    assert corpus["education"] in found("стипендии студентм")


def test_a_typo_search_reads_the_titles_trigrams_once(corpus):
    """The titles' trigrams are the costly part of a search the words alone do not answer
    (a title scan of 16 ms for a word 641 bench titles are near): the candidates' queries reuse
    the drafts it found rather than scanning the titles again each."""
    with CaptureQueriesContext(connection) as queries:
        results = found("стипендях")
    assert corpus["education"] in results
    title_scans = sum(q["sql"].count("%>") for q in queries.captured_queries)
    assert title_scans == 1, [q["sql"] for q in queries.captured_queries]


def test_kyrgyz_query_with_kyrgyz_letters(corpus):
    assert found("сатып алуулар") == [corpus["kyrgyz"]]


def test_kyrgyz_query_typed_on_a_russian_keyboard(corpus):
    # "өзгөртүүлөр" typed without ө and ү; "жонундо" for "жөнүндө".
    assert corpus["kyrgyz"] in found("озгортуулор")
    assert corpus["kyrgyz"] in found("мыйзам жонундо")


def test_kyrgyz_word_forms_by_prefix(corpus):
    # Article text has "Мыйзамдын"; the query is the bare stem.
    assert corpus["kyrgyz"] in found("мыйзам")
    assert corpus["kyrgyz"] in found("пландаштыруу")


def test_unpublished_drafts_are_never_found(corpus):
    assert corpus["hidden"] not in found("лицензировании")


def test_snippet_highlights_the_match(corpus):
    result = Draft.objects.public().search("утилизируются").get()
    assert "<mark>утилизируются</mark>" in result.highlighted_snippet


def test_the_snippet_of_a_long_act_shows_the_match_far_into_its_text(body, editor):
    """The headline is made from a window of the text around the first match, not from its
    beginning: a word that occurs only in article 40 is what the snippet shows."""
    articles = "\n".join(
        f"Статья {n}. Положения\nНастоящая статья устанавливает общие правила номер {n}."
        for n in range(1, 40)
    )
    draft = make_draft(
        body,
        title_ru="О порядке ведения учёта",
        text_ru=f"{articles}\nСтатья 40. Архив\nДокументы передаются на архивное хранение.",
        by=editor,
    )
    publish(draft, by=editor)
    assert len(draft.versions.get().text_ru) > 3 * 800
    snippet = Draft.objects.public().search("архивном").get().highlighted_snippet
    assert "<mark>архивное</mark> хранение" in snippet
    # Another form of the word: the window is found by its Russian stem.
    snippet = Draft.objects.public().search("хранения").get().highlighted_snippet
    assert "<mark>хранение</mark>" in snippet


def test_markup_in_a_draft_text_is_shown_as_text_in_search_results(client, body, editor):
    draft = make_draft(
        body,
        title_ru="О порядке утилизации",
        text_ru="Статья 1. Отходы\nОтходы <script>alert(1)</script> утилизируются "
        "<img src=x onerror=alert(1)> согласно <b>правилам</b> & нормам.",
        by=editor,
    )
    publish(draft, by=editor)
    response = client.get("/ru/drafts/", {"q": "утилизируются"})
    assert list(response.context["page"]) == [draft]
    page = response.text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<b>правилам" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp; нормам" in page
    assert "<mark>утилизируются</mark>" in page


def test_a_marker_character_in_the_text_never_becomes_markup(body, editor):
    draft = make_draft(
        body,
        title_ru="О маркерах",
        text_ru="Статья 1. Маркеры\nТекст \x03 с \x02 лицензией.",
        by=editor,
    )
    publish(draft, by=editor)
    snippet = Draft.objects.public().search("лицензией").get().highlighted_snippet
    assert "\x02" not in snippet and "\x03" not in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1


def test_query_syntax_characters_are_harmless(corpus):
    for text in ["закон & | ! ( ) :* '", "'; DROP TABLE drafts_draft; --", "<script>"]:
        found(text)  # no error
    assert found("!!!") == []


def test_search_page_lists_ranked_results(client, corpus):
    response = client.get("/ru/drafts/", {"q": "закон"})
    results = list(response.context["page"])
    assert results[0] == corpus["laws"]
    assert "<mark>" in response.text


def test_a_common_word_lists_title_matches_first_then_the_newest_text_matches(
    body, editor, monkeypatch
):
    """More drafts mention the word in their text than the candidates hold: the drafts with it
    in the title come first whatever their age, then the newest of the others."""
    from drafts import search

    monkeypatch.setattr(search, "COUNT_CAP", 24)
    in_title = publish(
        make_draft(body, title_ru="О государственном реестре нотариусов", by=editor),
        started_days_ago=60,
        by=editor,
    )
    in_text = [
        publish(
            make_draft(
                body,
                title_ru=f"О порядке номер {n}",
                text_ru="Статья 1. Сведения\nСведения вносятся в реестр.",
                by=editor,
            ),
            started_days_ago=n,
            by=editor,
        )
        for n in range(1, 31)
    ]
    results = found("реестр")
    assert len(results) == search.COUNT_CAP + 1  # the capped count then says "more than 24"
    assert results[0] == in_title
    assert results[1:] == in_text[: search.COUNT_CAP]  # newest first: 1 day ago, 2 days ago…
