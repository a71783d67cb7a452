"""Pages run the same number of SQL queries with 5 and with 500 drafts or sections."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.bulk import create_bulk_comments
from drafts.bulk import create_bulk_drafts
from drafts.models import Draft
from sep.views import HOME_OPEN
from tests.factories import TEXT_RU, make_draft, publish


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_editor", [False, True])
def test_list_and_search_queries_do_not_grow_with_drafts(
    client, client_for, body, editor, as_editor, django_assert_max_num_queries
):
    web = client_for(editor) if as_editor else client
    create_bulk_drafts(4, 5)
    # A discussion closing soon and more open ones than the home page's section of them shows,
    # so every section of the home page (each draft in one only) has rows from the start.
    publish(make_draft(body, by=editor), days=30, started_days_ago=27, by=editor)
    for _ in range(HOME_OPEN + 2):
        publish(make_draft(body, by=editor), days=45, by=editor)
    sample = Draft.objects.filter(subject_areas__isnull=False).first()
    pages = [
        ("/ru/drafts/", {}),
        ("/ru/drafts/", {"q": sample.title_ru.split()[1]}),
        ("/ru/drafts/", {"status": sample.status, "subject": sample.subject_areas.get().slug}),
        ("/ru/", {}),
    ]
    budgets = []
    for url, params in pages:
        budgets.append(count_queries(web, url, **params))
        assert sample.reference in web.get(url, params).text or url == "/ru/"
    create_bulk_drafts(500, 5, seed=2)
    for (url, params), budget in zip(pages, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            response = web.get(url, params)
        assert response.status_code == 200
    assert Draft.objects.count() == 505 + HOME_OPEN + 2


def test_draft_page_queries_do_not_grow_with_sections(
    client, client_for, body, editor, django_assert_max_num_queries
):
    few = make_draft(body, text_ru=TEXT_RU, by=editor)
    many_articles = "\n".join(
        f"Статья {n}. Заголовок {n}\nТекст статьи {n}." for n in range(1, 501)
    )
    many = make_draft(body, text_ru=many_articles, by=editor)
    for draft in (few, many):
        publish(draft, by=editor)
        draft.add_version(text_ru=draft.current_version.text_ru + "\nДополнение.", change_note="x")
    for web in (client, client_for(editor)):
        budget = count_queries(web, few.get_absolute_url())
        with django_assert_max_num_queries(budget):
            response = web.get(many.get_absolute_url())
        assert "Заголовок 500" in response.text
        diff_budget = count_queries(web, f"/ru/drafts/{few.reference}/diff/")
        with django_assert_max_num_queries(diff_budget):
            web.get(f"/ru/drafts/{many.reference}/diff/")
    assert many.current_version.sections.count() == 500


def test_signed_in_draft_page_queries_do_not_grow_with_comments(
    client_for, body, editor, citizen, django_assert_max_num_queries
):
    few, many = (make_draft(body, text_ru=TEXT_RU, by=editor) for _ in range(2))
    for draft in (few, many):
        publish(draft, by=editor)
    create_bulk_comments([few.pk], 5)
    create_bulk_comments([many.pk], 1000)
    web = client_for(citizen)
    budget = count_queries(web, few.get_absolute_url())
    with django_assert_max_num_queries(budget):
        response = web.get(many.get_absolute_url())
    assert response.status_code == 200
    assert many.comments.count() == 1000
    # Folded: a few per article and on the whole draft, never the whole discussion.
    assert len(re.findall(r'<article class="comment[ "]', response.text)) < 100
