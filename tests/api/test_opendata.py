"""Bulk downloads per year (CSV and JSON Lines, streamed), the open-data page with sizes and
the data dictionary, and the Atom feeds."""

import csv
import io
import json

from sep.opendata import DATASETS
from tests.factories import make_draft, publish

from .conftest import ISO_WITH_ZONE


def body_of(response):
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_page_lists_each_year_and_dataset_with_row_counts(client, world):
    year = world["draft"].published_at.year
    page = client.get("/en/open-data/").content.decode()
    for dataset in ("drafts", "comments", "plans"):
        for fmt in ("csv", "jsonl"):
            assert f"/en/open-data/{dataset}-{year}.{fmt}" in page
    published_comments = 8  # of the discussion: 9 posted, 1 hidden
    assert f"≈ {published_comments} rows" in page
    assert "≈ 1 row" in page


def test_page_has_a_data_dictionary_of_every_column(client, db):
    page = client.get("/en/open-data/").content.decode()
    assert 'id="data-dictionary"' in page
    for dataset in DATASETS.values():
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page
    assert "/en/feeds/versions/" in page and "/en/feeds/reports/" in page
    assert "/api/v1/docs/" in page


def test_footer_links_the_open_data_page(client, db):
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()


def test_comments_csv_has_answers_and_only_published_comments(client, world):
    year = world["draft"].published_at.year
    text = body_of(client.get(f"/en/open-data/comments-{year}.csv"))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    ids = {int(row["id"]) for row in rows}
    assert world["spam"].pk not in ids
    assert world["alternative"].pk in ids
    first = next(row for row in rows if int(row["id"]) == world["comments"][0].pk)
    assert first["answer_decision"] == "accepted"
    assert ISO_WITH_ZONE.match(first["created_at"])
    # A formula typed as a comment stays inert text in the CSV.
    assert any(row["text"].startswith("'=HYPERLINK") for row in rows)


def test_jsonl_has_one_object_per_line_linking_ids(client, world):
    year = world["draft"].published_at.year
    drafts = [
        json.loads(line)
        for line in body_of(client.get(f"/en/open-data/drafts-{year}.jsonl")).splitlines()
    ]
    assert [d["id"] for d in drafts] == [world["draft"].pk]
    assert drafts[0]["plan_item_id"] == world["item"].pk
    assert drafts[0]["report_ids"] == [world["report"].pk]
    plans = [
        json.loads(line)
        for line in body_of(client.get(f"/en/open-data/plans-{year}.jsonl")).splitlines()
    ]
    assert plans[0]["draft_id"] == world["draft"].pk


def test_other_years_and_unknown_datasets(client, world):
    assert body_of(client.get("/en/open-data/drafts-1990.jsonl")) == ""
    assert client.get("/en/open-data/secrets-2026.csv").status_code == 404
    assert client.get("/en/open-data/drafts-2026.xml").status_code == 404


def test_feeds_per_body_subject_versions_and_reports(client, world, body, editor, other_body):
    from drafts.models import SubjectArea

    subject = SubjectArea.objects.first()
    mine = publish(
        make_draft(body, title_ru="О пчеловодстве", by=editor, subject_areas=[subject]), by=editor
    )
    theirs = publish(make_draft(other_body, title_ru="О рыболовстве"))
    feed = client.get(f"/en/feeds/drafts/bodies/{body.short_name}/").content.decode()
    assert mine.reference in feed and theirs.reference not in feed
    feed = client.get(f"/en/feeds/drafts/subjects/{subject.slug}/").content.decode()
    assert mine.reference in feed and world["draft"].reference not in feed
    version = mine.add_version(text_ru="Статья 1. Иначе\nТекст.", change_note="Учтены замечания")
    feed = client.get("/en/feeds/versions/").content.decode()
    assert "Учтены замечания" in feed and f"/versions/{version.number}/" in feed
    feed = client.get("/en/feeds/reports/").content.decode()
    assert world["report"].get_absolute_url() in feed
    assert client.get("/en/feeds/drafts/bodies/NOPE/").status_code == 404


def test_open_data_api_docs_and_key_pages_are_valid_html(client, client_for, world, citizen):
    from tests.test_html_validity import assert_valid_html

    for language in ("ky", "ru", "en"):
        assert_valid_html(client.get(f"/{language}/open-data/"))
    assert_valid_html(client.get("/api/v1/docs/"))
    assert_valid_html(client_for(citizen).get("/en/accounts/api-keys/"))
