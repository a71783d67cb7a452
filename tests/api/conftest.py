import datetime
import re

import pytest

from tests.factories import attach, make_item, make_plan, summarise
from tests.worlds import known_discussion

# ISO 8601 with an explicit offset (or Z): what every date-time of the API must look like.
ISO_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


@pytest.fixture
def world(body, editor, responder, moderator, django_capture_on_commit_callbacks):
    """A whole public record: a planned draft, discussed (comments, a hidden one, answers,
    votes, an alternative), closed, with an attachment and a published report."""
    with django_capture_on_commit_callbacks(execute=True):
        found = known_discussion(body, editor, responder, moderator)
    draft = found["draft"]
    plan = make_plan(body, year=draft.published_at.year)
    item = make_item(plan, quarter=1)
    item.link(draft, by=editor)
    version = draft.current_version
    attachment = attach(version, by=editor)
    report = summarise(draft, by=editor)
    return {
        **found,
        "draft": draft,
        "plan": plan,
        "item": item,
        "report": report,
        "attachment": attachment,
        "version": version,
    }


def walk(client, url, **headers):
    """Every row of a list, following `next` to the end."""
    rows, pages = [], 0
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:500]
        data = response.json()
        rows.extend(data["results"])
        url = data["next"]
        pages += 1
        assert pages < 10_000
    return rows


def iso_datetimes(value, path="$"):
    """(path, text) of every value under a key ending in `_at`, `_starts` or `_ends`."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and re.search(r"(_at|_starts|_ends)$", key):
                yield f"{path}.{key}", item
            else:
                yield from iso_datetimes(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iso_datetimes(item, f"{path}[{index}]")


@pytest.fixture
def a_while_ago():
    return datetime.timedelta(days=1)
