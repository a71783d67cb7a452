"""A long discussion on the draft page: the first comments of each article, then a link to all
of them (a plain link to the article's comments page: no JavaScript)."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.bulk import create_bulk_comments
from comments.models import Comment
from tests.factories import TEXT_RU, make_draft, participant, publish


@pytest.fixture
def long_discussion(body, editor):
    draft = make_draft(body, text_ru=TEXT_RU, by=editor)
    publish(draft, by=editor)
    create_bulk_comments([draft.pk], 300)
    return draft


def test_each_article_shows_its_first_comments_and_a_link_to_all(
    client_for, citizen, long_discussion
):
    response = client_for(citizen).get(long_discussion.get_absolute_url())
    page = response.text
    articles = [s for s in response.context["sections"] if s.kind == "article" and s.comment_count]
    assert articles
    for section in articles:
        on_article = Comment.objects.filter(provision_id=section.provision_id).order_by(
            "created_at", "pk"
        )
        first = list(on_article.values_list("pk", flat=True)[:3])
        assert [c.pk for c in section.first_comments] == first
        for pk in first:
            assert f'id="comment-{pk}"' in page
        later = on_article.values_list("pk", flat=True)[3:]
        assert not any(f'id="comment-{pk}"' in page for pk in later)
        link = f"{reverse('comments:thread', args=[long_discussion.reference])}?article={section.provision_id}"
        assert re.search(rf'href="{re.escape(link)}">{on_article.count()} comments on', page)


def test_the_show_all_link_lists_every_comment_of_the_article(client, long_discussion):
    section = next(
        s
        for s in long_discussion.current_version.sections.all()
        if Comment.objects.filter(provision_id=s.provision_id).count() > 3
    )
    on_article = Comment.objects.filter(provision_id=section.provision_id)
    response = client.get(
        f"/ru/drafts/{long_discussion.reference}/comments/", {"article": section.provision_id}
    )
    assert response.status_code == 200
    shown = [int(pk) for pk in re.findall(r'id="comment-(\d+)"', response.text)]
    first_page = on_article.order_by("created_at", "pk").values_list("pk", flat=True)[:50]
    assert shown == list(first_page)


def test_posting_costs_the_same_queries_on_a_long_discussion(
    client_for, body, editor, long_discussion, django_assert_max_num_queries
):
    quiet = publish(make_draft(body, text_ru=TEXT_RU, by=editor), by=editor)
    create_bulk_comments([quiet.pk], 5)
    web = client_for(participant("poster@example.kg"))

    def post(draft):
        return web.post(
            reverse("comments:new", args=[draft.reference]),
            {"position": "proposal", "text": f"Замечание {uuid.uuid4()}", "key": uuid.uuid4()},
        )

    with CaptureQueriesContext(connection) as queries:
        assert post(quiet).status_code == 302
    with django_assert_max_num_queries(len(queries)):
        assert post(long_discussion).status_code == 302
    assert long_discussion.comments.count() == 301
