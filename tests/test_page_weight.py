"""Light pages: a long draft with many comments stays under 150 KB on the wire, static files
get long-lived caching through hashed names, and no page pulls anything from another host."""

import gzip

import html5lib
import pytest

from comments.models import Comment
from tests.factories import make_draft, participant, publish
from tests.test_settings import PRODUCTION, manage
from tests.worlds import build_world

LIMIT = 150 * 1024


def long_text(articles):
    paragraph = (
        "Закупающая организация обязана обеспечить равный доступ поставщиков к участию в "
        "закупках, публиковать сведения о закупках на веб-портале и хранить документы о "
        "проведённых процедурах не менее пяти лет со дня заключения договора. "
    )
    chapters = []
    for number in range(1, articles + 1):
        if number % 10 == 1:
            chapters.append(f"Глава {number // 10 + 1}. Раздел о закупках {number // 10 + 1}")
        chapters.append(f"Статья {number}. Порядок номер {number}")
        chapters.append(paragraph * 2)
    return "Настоящий Закон определяет порядок закупок.\n\n" + "\n".join(chapters) + "\n"


@pytest.fixture
def big_draft(body, editor):
    draft = make_draft(body, by=editor, title_ru="О закупках (большой проект)", text_ru="")
    draft.add_version(text_ru=long_text(60), by=editor)
    publish(draft, days=30, started_days_ago=3, by=editor)
    draft.refresh_from_db()
    people = [participant(f"reader{n}@example.kg") for n in range(20)]
    articles = list(draft.current_version.sections.filter(kind="article"))
    for n in range(200):
        Comment.post(
            draft=draft,
            author=people[n % len(people)],
            text=f"Замечание номер {n}: предлагаю уточнить формулировку этой статьи. " * 3,
            position="proposal",
            section=articles[n % len(articles)] if n % 4 else None,
        )
    return draft


def test_a_long_draft_with_many_comments_is_under_150_kb_compressed(client, big_draft):
    response = client.get(f"/ru/drafts/{big_draft.reference}/")
    assert response.status_code == 200
    body = response.content
    assert body.count(b'class="section section-article"') == 60  # the whole text is there
    compressed = len(gzip.compress(body, compresslevel=6))
    assert compressed < LIMIT, f"{compressed} bytes compressed ({len(body)} raw)"


def test_production_serves_static_files_under_hashed_names_for_long_caching():
    # With hashed names whitenoise marks the files immutable and lets browsers keep them a year.
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def external_resources(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    addresses = [
        element.get("src") or element.get("href") or ""
        for tag in ("script", "link", "img", "iframe")
        for element in document.iter(tag)
    ]
    return [a for a in addresses if a.startswith(("http:", "https:", "//"))]


def test_no_page_loads_anything_from_another_host(client, body, editor, responder, analyst):
    world = build_world(body, editor, responder)
    paths = [
        "/ky/",
        "/ky/drafts/",
        f"/ky/drafts/{world['draft'].reference}/",
        f"/ky/drafts/{world['draft'].reference}/diff/",
        f"/ky/drafts/{world['summarised'].reference}/report/",
        "/ky/plans/",
        "/ky/help/",
    ]
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert external_resources(response.content.decode()) == [], path
    client.force_login(analyst)
    response = client.get("/ky/dashboard/")
    assert external_resources(response.content.decode()) == []


def test_the_external_resource_check_finds_a_cdn_stylesheet():
    html = '<!DOCTYPE html><link rel="stylesheet" href="https://cdn.example.com/x.css"><p>x'
    assert external_resources(html) == ["https://cdn.example.com/x.css"]
