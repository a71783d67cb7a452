"""Nothing private leaks through a page, an export, a feed or the API: not the text of a hidden
comment, not an e-mail address, not the name of an author who did not agree to show it, not a
draft (or plan item) still being prepared. tests/api/test_privacy.py walks the API and the bulk
files; this walks every page of the access matrix as each outsider sees it."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import User
from tests.worlds import (
    HIDDEN_COMMENT,
    PREPARING_ARTICLE,
    PREPARING_TITLE,
    PUBLIC_COMMENT,
    SHY_NAME,
    UNPUBLISHED_PLAN_ITEM,
)

from .test_access_matrix import GET_CASES, _url

SECRETS = [HIDDEN_COMMENT, PREPARING_TITLE, PREPARING_ARTICLE, SHY_NAME, UNPUBLISHED_PLAN_ITEM]
# Anonymous and citizens see what any outsider sees; the other body's editor and the moderator
# are the outsiders with the most rights.
OUTSIDERS = ["anonymous", "citizen", "outsider_editor", "moderator"]


def readable_text(response) -> str:
    """What a person would read in the response, whatever its format."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind and b"startxref" in body:  # not the world's stand-in attachments
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheetml" in kind:
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return body.decode("utf-8", errors="replace")


def _check(client, url, emails, seen):
    response = client.get(url)
    if response.status_code != 200:
        return []
    text = readable_text(response)
    seen.append(text)
    return [f"{secret!r} through {url}" for secret in SECRETS + emails if secret in text]


def test_no_private_text_on_any_page_export_or_feed_for_outsiders(world, client_for):
    seen = []
    leaks = []
    for role in OUTSIDERS:
        viewer = world["users"][role]
        emails = [
            email
            for email in User.objects.values_list("email", flat=True)
            if viewer is None or email != viewer.email
        ]
        client = client_for(viewer)
        urls = [_url(case, world) for case in GET_CASES if case.expected[role] == 200]
        urls += [
            reverse("plans:items") + "?format=xlsx",
            reverse("comments:thread", args=[world["ours"]["discussion"].reference]),
        ]
        for url in urls:
            leaks += [f"{role}: {leak}" for leak in _check(client, url, emails, seen)]
    assert leaks == [], "\n" + "\n".join(leaks)
    # The checks can fail: the public parts of the same records are there.
    everything = "\n".join(seen)
    assert PUBLIC_COMMENT in everything
    assert "Consentedperson" in everything
    assert world["ours"]["discussion"].title_ru in everything


def test_the_analysts_dashboard_shows_no_comment_text_email_or_unconsented_name(world, client_for):
    client = client_for(world["users"]["analyst"])
    emails = [e for e in User.objects.values_list("email", flat=True) if e != "analyst@minjust.kg"]
    urls = [
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + "?format=csv",
        reverse("reports:dashboard") + "?format=xlsx",
        reverse("reports:dashboard-body", args=[world["ours"]["body"].short_name]),
    ]
    seen = []
    leaks = []
    for url in urls:
        leaks += [
            leak
            for leak in _check(client, url, emails, seen)
            if PREPARING_TITLE not in leak and PREPARING_ARTICLE not in leak
        ]
    assert len(seen) == len(urls)
    assert leaks == []


def test_the_body_sees_its_own_draft_being_prepared(world, client_for):
    """The secrets above are really in the world: the body's editor finds them."""
    client = client_for(world["users"]["editor"])
    page = client.get(reverse("drafts:staff-list")).content.decode()
    assert PREPARING_TITLE in page
    detail = client.get(reverse("drafts:detail", args=[world["ours"]["preparing"].reference]))
    assert PREPARING_ARTICLE in detail.content.decode()
