"""Changes to a person's account are kept as history, without the password or sign-in times."""

from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def test_changing_a_users_name_leaves_a_history_row(db):
    user = UserFactory(email="aigul@example.kg", first_name="Айгуль")
    rows_before = user.history.count()
    user.first_name = "Айгүл"
    user.save()
    assert user.history.count() == rows_before + 1
    names = list(user.history.order_by("history_date").values_list("first_name", flat=True))
    assert names[-2:] == ["Айгуль", "Айгүл"]


def test_history_keeps_no_password_hash(db):
    user = UserFactory()
    fields = {field.name for field in user.history.model._meta.fields}
    assert "email" in fields
    assert "password" not in fields
    assert "last_login" not in fields


def test_signing_in_adds_no_history_row(client, db):
    user = UserFactory(email="clerk@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    rows_before = user.history.count()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == rows_before
