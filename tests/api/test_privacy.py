"""Nothing private leaves through the API, the bulk files or the feeds: not a draft being
prepared, not a hidden comment's text, not an e-mail address, not an unconsented name."""

import re

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from comments.models import Comment
from comments.services import moderate_comment
from drafts.models import Attachment, SubjectArea
from tests.factories import make_draft, make_item, participant, publish

SECRETS = [
    "SECRETPREPARINGTITLE",
    "SECRETPREPARINGARTICLE",
    "SECRETHIDDENCOMMENT",
    "SECRETHIDDENEXPLANATION",
    "Unconsentedperson",
    "SECRETHIDDENATTACHMENT",
    "SECRETMODERATORNOTE",
]


@pytest.fixture
def secrets_world(world, body, editor, moderator, django_capture_on_commit_callbacks, settings):
    settings.SEP_API_RATE_ANON = "100000/minute"
    # A draft being prepared, named in the (approved) plan, with its own text.
    preparing = make_draft(
        body,
        title_ru="SECRETPREPARINGTITLE",
        by=editor,
        text_ru="Статья 1. SECRETPREPARINGARTICLE\nТекст.",
    )
    make_item(world["plan"], title_ru="Открытый пункт плана").link(preparing, by=editor)
    # A discussion open now with a hidden comment and a comment by someone who did not agree
    # to show their name, and one who did.
    open_draft = publish(make_draft(body, by=editor), started_days_ago=1, by=editor)
    shy = participant("shy@example.kg", first_name="Unconsentedperson", show_name=False)
    proud = participant("proud@example.kg", first_name="Consentedperson", show_name=True)
    with django_capture_on_commit_callbacks(execute=True):
        hidden, _ = Comment.post(
            draft=open_draft, author=proud, text="SECRETHIDDENCOMMENT", position="other"
        )
        Comment.post(draft=open_draft, author=shy, text="Обычный комментарий", position="support")
        Comment.post(draft=open_draft, author=proud, text="Публично", position="support")
        alternative, _ = Comment.post(
            draft=open_draft,
            author=shy,
            text="Иная редакция",
            position="proposal",
            kind=Comment.Kind.ALTERNATIVE,
            explanation="SECRETHIDDENEXPLANATION",
        )
    moderate_comment(hidden, by=moderator, hide=True, reason="insult", note="SECRETMODERATORNOTE")
    moderate_comment(alternative, by=moderator, hide=True, reason="spam")
    Attachment.objects.create(
        version=open_draft.current_version,
        kind="other",
        title="SECRETHIDDENATTACHMENT",
        file=ContentFile(b"x", name="s.pdf"),
        original_name="SECRETHIDDENATTACHMENT.pdf",
        size=1,
        hidden_reason="personal data",
    )
    subject = SubjectArea.objects.first()
    open_draft.subject_areas.add(subject)
    return {"preparing": preparing, "open_draft": open_draft, "subject": subject}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def every_url(client, secrets_world, body):
    """Every list (walked to the end), every detail, the schema and docs, every bulk file of
    every year the open-data page lists, every feed."""
    urls = ["/api/v1/", "/api/v1/schema/", "/api/v1/schema/?format=json", "/api/v1/docs/"]
    for endpoint in [
        "drafts",
        "versions",
        "comments",
        "alternatives",
        "plans",
        "plan-items",
        "reports",
        "subject-areas",
    ]:
        url = f"/api/v1/{endpoint}/?page_size=2"
        while url:
            urls.append(url)
            data = client.get(url).json()
            urls += [
                row["url"].replace("http://testserver", "")
                for row in data["results"]
                if "url" in row
            ]
            url = data["next"] and data["next"].replace("http://testserver", "")
    page = fetch(client, "/en/open-data/")
    urls.append("/en/open-data/")
    downloads = sorted(set(re.findall(r'href="(/en/open-data/[a-z]+-\d{4}\.(?:csv|jsonl))"', page)))
    assert len(downloads) >= 6
    urls += downloads
    urls += [
        "/en/feeds/drafts/",
        f"/en/feeds/drafts/bodies/{body.short_name}/",
        f"/en/feeds/drafts/subjects/{secrets_world['subject'].slug}/",
        "/en/feeds/versions/",
        "/en/feeds/reports/",
    ]
    return urls


def test_no_secret_leaves_through_any_endpoint_download_or_feed(client, secrets_world, body):
    emails = list(User.objects.values_list("email", flat=True))
    assert len(emails) > 10
    seen = ""
    for url in every_url(client, secrets_world, body):
        text = fetch(client, url)
        seen += text
        for secret in SECRETS + emails:
            assert secret not in text, f"{secret!r} leaked through {url}"
        assert "@example.kg" not in text and "@minjust.kg" not in text, url
    # The checks can fail: the public data is really there.
    assert "Consentedperson" in seen
    assert "Обычный комментарий" in seen
    assert secrets_world["open_draft"].reference in seen


def test_draft_being_prepared_is_404_everywhere(client, secrets_world):
    preparing = secrets_world["preparing"]
    assert client.get(f"/api/v1/drafts/{preparing.pk}/").status_code == 404
    version = preparing.versions.get()
    assert client.get(f"/api/v1/versions/{version.pk}/").status_code == 404
    item = client.get("/api/v1/plan-items/").json()["results"]
    assert all(row["draft"] != preparing.pk for row in item)
    assert client.get("/api/v1/drafts/", {"status": "preparing"}).status_code == 400


def test_even_with_an_api_key_of_a_body_editor_nothing_private_shows(client, secrets_world, editor):
    from accounts.models import ApiKey

    _api_key, key = ApiKey.issue(user=editor, name="Staff")
    response = client.get(
        f"/api/v1/drafts/{secrets_world['preparing'].pk}/", HTTP_AUTHORIZATION=f"Api-Key {key}"
    )
    assert response.status_code == 404
