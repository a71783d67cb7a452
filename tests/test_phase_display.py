"""The state of a discussion is visible at a glance on every draft card and page: open,
closing in N days, closed, report published (with the way to the report)."""

import pytest
from django.urls import reverse

from reports.services import build_report, publish_report
from tests.factories import make_draft, publish


@pytest.fixture
def drafts(body, editor):
    def draft(title, **period):
        return publish(make_draft(body, by=editor, title_ru=title), by=editor, **period)

    closed = draft("Закрытый", days=30, started_days_ago=40)
    closed.close(by=editor)
    summarised = draft("С отчётом", days=30, started_days_ago=40)
    summarised.close(by=editor)
    publish_report(build_report(summarised, by=editor), by=editor)
    return {
        "open": draft("Открытый", days=30, started_days_ago=1),
        "closing": draft("Скоро закрывается", days=30, started_days_ago=25),
        "closed": closed,
        "summarised": summarised,
    }


def phase_text(client, draft):
    html = client.get(reverse("drafts:detail", args=[draft.reference])).content.decode()
    start = html.index('<p class="phase')
    return html[start : html.index("</p>", start)]


def test_each_phase_reads_differently_on_the_draft_page(client, drafts):
    assert "Open for comments until" in phase_text(client, drafts["open"])
    assert "Closing in 5 days" in phase_text(client, drafts["closing"])
    assert "Discussion closed — answers and report to follow" in phase_text(
        client, drafts["closed"]
    )
    summarised = phase_text(client, drafts["summarised"])
    assert "report published" in summarised
    assert reverse("reports:latest", args=[drafts["summarised"].reference]) in summarised


def test_the_list_shows_the_phase_of_every_draft(client, drafts):
    html = client.get(reverse("drafts:list")).content.decode()
    for phase in ("open", "closing", "closed", "summarised"):
        assert f'class="phase phase-{phase}"' in html
