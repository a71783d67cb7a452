import pytest

from tests.worlds import known_discussion


@pytest.fixture
def discussion(body, editor, responder, moderator, django_capture_on_commit_callbacks):
    """A closed 30-day discussion whose every number is known (see test_report_build)."""
    with django_capture_on_commit_callbacks(execute=True):  # receipts are issued on commit
        return known_discussion(body, editor, responder, moderator)
