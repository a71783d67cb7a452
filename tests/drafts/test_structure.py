import pytest
from django.core.exceptions import ValidationError

from drafts.structure import align_texts, follow_provisions, parse_sections
from tests.factories import TEXT_KY, TEXT_RU


def keys(sections):
    return [(s.kind, s.number) for s in sections]


def test_russian_text_is_split_into_preamble_chapters_and_articles():
    sections = parse_sections(TEXT_RU)
    assert keys(sections) == [
        ("preamble", ""),
        ("chapter", "1"),
        ("article", "1"),
        ("article", "2"),
        ("chapter", "2"),
        ("article", "3"),
        ("article", "4"),
    ]
    assert sections[2].heading == "Предмет регулирования"
    assert sections[2].text.startswith("Настоящий Закон регулирует")


def test_kyrgyz_headings_are_recognised():
    sections = parse_sections(TEXT_KY)
    assert keys(sections)[1:4] == [("chapter", "1"), ("article", "1"), ("article", "2")]
    assert sections[2].heading == "Жөнгө салуу предмети"


def test_english_headings_and_sub_numbers():
    sections = parse_sections("Article 1. Scope\nText.\nArticle 1-1\nInserted.\nChapter II\n")
    assert keys(sections) == [("article", "1"), ("article", "1-1"), ("chapter", "II")]


def test_a_reference_to_an_article_inside_a_paragraph_is_not_a_heading():
    text = "Статья 1. Цель\nСтатья 5 настоящего Закона применяется к 5-беренеде каралган случаям.\n"
    sections = parse_sections(text)
    assert keys(sections) == [("article", "1")]
    assert "Статья 5 настоящего" in sections[0].text


def test_a_duplicate_article_number_is_refused_with_its_number():
    with pytest.raises(ValidationError) as error:
        parse_sections("Статья 1. А\nтекст\nСтатья 1. Б\nтекст")
    assert "1" in error.value.messages[0]


def test_parallel_texts_are_aligned_article_by_article():
    aligned = align_texts(TEXT_RU, TEXT_KY)
    article = aligned[2]
    assert article.heading_ru == "Предмет регулирования"
    assert article.heading_ky == "Жөнгө салуу предмети"


def test_parallel_texts_with_different_structure_are_refused_naming_the_difference():
    ky_without_last_article = TEXT_KY.split("4-берене")[0]
    with pytest.raises(ValidationError) as error:
        align_texts(TEXT_RU, ky_without_last_article)
    assert "4" in error.value.messages[0]


def test_renumbered_and_edited_articles_keep_their_identity():
    old = align_texts(TEXT_RU, "")
    for number, section in enumerate(old, start=100):
        section.provision_id = number
    inserted = TEXT_RU.replace(
        "Статья 3. Планирование закупок",
        "Статья 3. Электронные закупки\nВсе закупки проводятся электронным способом.\n"
        "Статья 4. Планирование закупок",
    ).replace("Статья 4. Вступление в силу", "Статья 5. Вступление в силу")
    inserted = inserted.replace("по истечении десяти дней", "по истечении пятнадцати дней")
    new = align_texts(inserted, "")
    follow_provisions(old, new)
    by_number = {(s.kind, s.number): s for s in new}
    planning_old = next(s for s in old if s.number == "3" and s.kind == "article")
    entry_old = next(s for s in old if s.number == "4" and s.kind == "article")
    assert by_number[("article", "4")].provision_id == planning_old.provision_id
    assert by_number[("article", "5")].provision_id == entry_old.provision_id
    assert by_number[("article", "5")].change == "changed"
    assert by_number[("article", "3")].provision_id is None
    assert by_number[("article", "1")].change == "unchanged"
