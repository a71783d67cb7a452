"""The draft page gives what regulations.gov and Have Your Say give: a table of contents with each
article's comment count, the days left, and each version's text to download as DOCX or PDF in
Kyrgyz and Russian (the text people comment on, article by article)."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from comments.models import Comment
from tests.factories import TEXT_KY, TEXT_RU, make_draft, participant, publish


@pytest.fixture
def bilingual(body, editor):
    return publish(
        make_draft(
            body, text_ru=TEXT_RU, text_ky=TEXT_KY, title_ky="Сатып алуулар жөнүндө", by=editor
        ),
        by=editor,
    )


def _url(draft, language, fmt, number=1):
    return reverse("drafts:version-text", args=[draft.reference, number, language, fmt])


def test_each_version_can_be_downloaded_as_docx_in_both_languages(client, bilingual):
    response = client.get(_url(bilingual, "ky", "docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{bilingual.reference}-v1-ky.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Сатып алуулар жөнүндө" in text
    assert "Ушул Мыйзам мамлекеттик сатып алууларды" in text
    assert "Статья 1" not in text  # the Kyrgyz file holds the Kyrgyz text only
    russian = client.get(_url(bilingual, "ru", "docx"))
    assert "Статья 1. Предмет регулирования" in "\n".join(
        p.text for p in Document(io.BytesIO(russian.content)).paragraphs
    )


def test_the_pdf_holds_the_kyrgyz_letters(client, bilingual):
    response = client.get(_url(bilingual, "ky", "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "жүргүзүүнүн" in text  # ү survives


def test_a_missing_language_or_an_unpublished_version_is_not_found(client, body, editor, bilingual):
    russian_only = publish(make_draft(body, text_ru=TEXT_RU, by=editor), by=editor)
    assert client.get(_url(russian_only, "ky", "docx")).status_code == 404
    assert client.get(_url(bilingual, "ru", "exe")).status_code == 404
    preparing = make_draft(body, by=editor)
    assert client.get(_url(preparing, "ru", "pdf")).status_code == 404


def test_the_page_links_the_downloads_and_counts_comments_per_article(client, bilingual):
    article = bilingual.current_version.sections.get(kind="article", number="2")
    author = participant("reader@example.kg")
    for text in ("Первое.", "Второе."):
        Comment.post(draft=bilingual, author=author, text=text, position="other", section=article)
    page = client.get(bilingual.get_absolute_url()).text
    assert _url(bilingual, "ky", "pdf") in page and _url(bilingual, "ru", "docx") in page
    toc = page.split('class="toc"')[1].split("</nav>")[0]
    assert "(2 comments)" in toc
    assert "Days left" in page
