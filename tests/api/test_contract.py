"""What each endpoint answers: its fields, the ids that link the records, ISO dates with a zone."""

from comments.models import Comment

from .conftest import ISO_WITH_ZONE, iso_datetimes


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_every_date_time_carries_a_time_zone(client, world):
    for endpoint in [
        "drafts",
        "versions",
        "comments",
        "alternatives",
        "plans",
        "plan-items",
        "reports",
    ]:
        data = get(client, f"/api/v1/{endpoint}/")
        found = list(iso_datetimes(data["results"]))
        assert found, endpoint
        for path, text in found:
            assert ISO_WITH_ZONE.match(text), f"{endpoint} {path} = {text}"


def test_draft_shows_its_body_votes_versions_plan_item_and_reports(client, world):
    draft, item, report = world["draft"], world["item"], world["report"]
    row = get(client, "/api/v1/drafts/")["results"][0]
    assert row["id"] == draft.pk
    assert row["reference"] == draft.reference
    assert row["organization"]["short_name"] == "TST"
    assert row["status"] == "summarised"
    assert (row["support_count"], row["oppose_count"]) == (2, 1)
    assert row["plan_item"] == item.pk
    assert row["versions"] == [world["version"].pk]
    assert row["reports"] == [report.pk]
    assert row["web_url"].endswith(f"/drafts/{draft.reference}/")
    assert get(client, f"/api/v1/drafts/{draft.pk}/") == row


def test_drafts_take_the_list_pages_filters_and_search(client, world, body, editor):
    from tests.factories import make_draft, publish

    other = publish(make_draft(body, title_ru="О пчеловодстве", by=editor), by=editor)
    found = get(client, "/api/v1/drafts/", q="пчеловодстве")["results"]
    assert [row["id"] for row in found] == [other.pk]
    by_status = get(client, "/api/v1/drafts/", status="summarised")["results"]
    assert [row["id"] for row in by_status] == [world["draft"].pk]
    assert client.get("/api/v1/drafts/", {"status": "no-such"}).status_code == 400


def test_version_has_its_articles_and_visible_attachments(client, world):
    version, attachment = world["version"], world["attachment"]
    hidden = attachment.__class__.objects.create(
        version=version,
        kind="other",
        title="Скрытый",
        file=attachment.file.name,
        original_name="x.pdf",
        size=1,
        hidden_reason="Personal data",
    )
    row = get(client, f"/api/v1/versions/{version.pk}/")
    assert row["draft"] == world["draft"].pk
    assert [s["number"] for s in row["sections"] if s["kind"] == "article"] == ["1", "2", "3", "4"]
    assert all(s["provision"] for s in row["sections"])
    assert [a["id"] for a in row["attachments"]] == [attachment.pk]
    assert hidden.pk not in [a["id"] for a in row["attachments"]]
    download = client.get(row["attachments"][0]["download_url"].replace("http://testserver", ""))
    assert download.status_code == 200
    assert get(client, "/api/v1/versions/", draft=world["draft"].pk)["results"] == [row]


def test_comments_carry_their_answers_and_link_to_draft_version_and_article(client, world):
    c1 = world["comments"][0]
    rows = get(client, "/api/v1/comments/", draft=world["draft"].pk)["results"]
    row = next(r for r in rows if r["id"] == c1.pk)
    assert (row["draft"], row["version"], row["provision"]) == (
        c1.draft_id,
        c1.version_id,
        c1.provision_id,
    )
    assert row["text"] == "Уточнить понятие поставщика"
    # No name was consented to: the author is shown as category and region (the API speaks
    # Kyrgyz unless asked otherwise).
    assert (row["author"], row["author_category"]) == ("Жаран, Чүй облусу", "citizen")
    assert row["agreement_count"] == 2
    assert row["answer"]["decision"] == "accepted"
    assert row["answer"]["organization"] == "TST"
    assert ISO_WITH_ZONE.match(row["modified_at"])
    unanswered = get(client, "/api/v1/comments/", answered="false")["results"]
    assert c1.pk not in [r["id"] for r in unanswered]


def test_hidden_comment_is_a_placeholder_without_text_or_author(client, world):
    spam = world["spam"]
    row = get(client, f"/api/v1/comments/{spam.pk}/")
    assert row["status"] == Comment.Status.HIDDEN
    assert row["hidden_reason"] == "spam"
    assert row["text"] is None and row["author"] is None and row["explanation"] is None


def test_alternatives_have_their_own_endpoint(client, world):
    alternative = world["alternative"]
    rows = get(client, "/api/v1/alternatives/")["results"]
    assert [r["id"] for r in rows] == [alternative.pk]
    assert rows[0]["explanation"] == "Короче и яснее"
    assert rows[0]["url"].endswith(f"/api/v1/alternatives/{alternative.pk}/")
    comment_ids = [r["id"] for r in get(client, "/api/v1/comments/")["results"]]
    assert alternative.pk not in comment_ids


def test_plans_and_items_link_to_the_draft(client, world):
    plan, item = world["plan"], world["item"]
    plan_row = get(client, "/api/v1/plans/")["results"][0]
    assert plan_row["id"] == plan.pk and plan_row["items"] == [item.pk]
    item_row = get(client, f"/api/v1/plan-items/{item.pk}/")
    assert item_row["plan"] == plan.pk
    assert item_row["draft"] == world["draft"].pk
    assert item_row["status"] in {"on_time", "late"}


def test_plans_being_drafted_are_not_published(client, world, body):
    from tests.factories import make_item, make_plan

    draft_plan = make_plan(body, year=1999, approved=False)
    make_item(draft_plan)
    assert [p["id"] for p in get(client, "/api/v1/plans/")["results"]] == [world["plan"].pk]
    assert [i["id"] for i in get(client, "/api/v1/plan-items/")["results"]] == [world["item"].pk]
    assert client.get(f"/api/v1/plans/{draft_plan.pk}/").status_code == 404


def test_report_has_statistics_and_summary_rows_linked_to_comments(client, world):
    report = world["report"]
    row = get(client, f"/api/v1/reports/{report.pk}/")
    assert row["draft"] == world["draft"].pk
    assert row["statistics"]["participation"]["comments_hidden"] == 1
    entry_comments = {entry["comment"] for entry in row["entries"]}
    assert world["comments"][0].pk in entry_comments
    assert world["spam"].pk not in entry_comments


def test_the_report_list_leaves_the_summary_tables_to_each_report(client, world):
    [row] = get(client, "/api/v1/reports/")["results"]
    assert row["statistics"]["participation"]["comments_hidden"] == 1
    assert "entries" not in row
    assert get(client, row["url"])["entries"]


def test_the_chain_plan_item_draft_version_comment_answer_report(client, world):
    item = get(client, f"/api/v1/plan-items/{world['item'].pk}/")
    draft = get(client, f"/api/v1/drafts/{item['draft']}/")
    version = get(client, f"/api/v1/versions/{draft['versions'][0]}/")
    comments = get(client, "/api/v1/comments/", version=version["id"])["results"]
    answered = [c for c in comments if c["answer"]]
    assert answered and all(c["draft"] == draft["id"] for c in comments)
    report = get(client, f"/api/v1/reports/{draft['reports'][0]}/")
    assert report["draft"] == draft["id"]
    assert {c["id"] for c in answered} <= {e["comment"] for e in report["entries"]}


def test_unknown_ids_are_404_and_bad_modified_since_is_400(client, world):
    assert client.get("/api/v1/drafts/999999/").status_code == 404
    response = client.get("/api/v1/comments/", {"modified_since": "yesterday"})
    assert response.status_code == 400
    assert "modified_since" in response.json()


def test_api_docs_page_lists_every_endpoint_with_examples(client, world):
    # The page sits outside the language prefixes: it speaks the reader's chosen language.
    response = client.get("/api/v1/docs/", headers={"accept-language": "en"})
    assert response.status_code == 200
    page = response.content.decode()
    for path in [
        "/api/v1/drafts/",
        "/api/v1/drafts/{id}/",
        "/api/v1/comments/",
        "/api/v1/alternatives/",
        "/api/v1/versions/",
        "/api/v1/plans/",
        "/api/v1/plan-items/",
        "/api/v1/reports/",
        "/api/v1/subject-areas/",
    ]:
        assert f"GET {path}" in page
    assert page.count("Example response") == 16  # 8 lists and 8 details
    assert "modified_since" in page
    assert "cdn" not in page.lower() and "<script" not in page


def test_schema_is_openapi_3_and_documents_every_list_parameter(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    drafts = schema["paths"]["/api/v1/drafts/"]["get"]
    names = {p["name"] for p in drafts["parameters"]}
    assert {"q", "status", "organization", "subject", "modified_since", "cursor"} <= names
    for path, operations in schema["paths"].items():
        assert operations["get"].get("summary"), path


def test_schema_carries_an_example_answer_for_every_operation(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        example = operations["get"]["responses"]["200"]["content"]["application/json"]["example"]
        assert example, path
    drafts = schema["paths"]["/api/v1/drafts/"]["get"]["responses"]["200"]["content"]
    assert {"next", "previous", "results"} <= set(drafts["application/json"]["example"])
