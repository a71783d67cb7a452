"""Sign-in is rate-limited per account, with clear messages (django-allauth)."""

from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def test_repeated_wrong_passwords_are_stopped_then_the_right_one_waits(client, db):
    user = UserFactory(email="target@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert blocked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_works(client, db):
    user = UserFactory(email="clerk@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
