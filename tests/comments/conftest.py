import pytest

from tests.factories import make_draft, participant, publish


@pytest.fixture
def voter(db):
    return participant("voter@example.kg", first_name="Айгуль", show_name=True)


@pytest.fixture
def other_voter(db):
    return participant("other@example.kg", region="osh")


@pytest.fixture
def open_draft(body, editor):
    return publish(make_draft(body, by=editor), days=30, started_days_ago=1, by=editor)
