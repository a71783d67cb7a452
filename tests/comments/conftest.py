import pytest
from allauth.account.models import EmailAddress

from accounts.models import RespondentProfile
from tests.factories import UserFactory, make_draft, publish


def participant(email, *, category="citizen", region="chuy", show_name=False, first_name=""):
    user = UserFactory(
        email=email, first_name=first_name, last_name="Асанова" if first_name else ""
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    RespondentProfile.objects.create(
        user=user, category=category, region=region, show_name=show_name
    )
    return user


@pytest.fixture
def voter(db):
    return participant("voter@example.kg", first_name="Айгуль", show_name=True)


@pytest.fixture
def other_voter(db):
    return participant("other@example.kg", region="osh")


@pytest.fixture
def open_draft(body, editor):
    return publish(make_draft(body, by=editor), days=30, started_days_ago=1, by=editor)
