"""The main menu links only to pages that open for the signed-in user (issue 14, item 2: the
editor's menu linked to the answer queue, which answers 404 to anyone but a responder)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, participant

pytestmark = pytest.mark.django_db

STAFF_PAGES = {
    "/en/dashboard/": "Compliance dashboard",
    "/en/manage/moderation/": "Moderation",
    "/en/manage/drafts/": "My body's drafts",
    "/en/manage/plans/": "My body's plans",
    "/en/manage/answers/": "Answer queue",
}


def menu_links(client):
    html = client.get("/en/help/").text
    nav = html[
        html.index('class="main-nav"') : html.index("</nav>", html.index('class="main-nav"'))
    ]
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.fixture
def editor_and_responder(body):
    user = MembershipFactory(organization=body, role=Membership.Role.EDITOR).user
    MembershipFactory(user=user, organization=body, role=Membership.Role.RESPONDER)
    return user


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("citizen", set()),
        ("editor", {"/en/manage/drafts/", "/en/manage/plans/"}),
        ("responder", {"/en/manage/drafts/", "/en/manage/answers/"}),
        (
            "editor_and_responder",
            {"/en/manage/drafts/", "/en/manage/plans/", "/en/manage/answers/"},
        ),
        ("moderator", {"/en/manage/moderation/"}),
        ("analyst", {"/en/dashboard/"}),
    ],
)
def test_menu_shows_what_the_roles_allow_and_every_link_opens(
    request, client_for, body, role, expected
):
    user = participant("citizen@example.kg") if role == "citizen" else request.getfixturevalue(role)
    client = client_for(user)
    links = menu_links(client)
    assert {link for link in links if link in STAFF_PAGES} == expected
    for link in links:
        assert client.get(link).status_code == 200, link


def test_menu_costs_the_same_queries_for_one_body_or_many(client_for, body, responder):
    client = client_for(responder)
    client.get("/en/help/")
    with CaptureQueriesContext(connection) as one_body:
        client.get("/en/help/")
    for number in range(3):
        other = OrganizationFactory(short_name=f"B{number}")
        MembershipFactory(user=responder, organization=other, role=Membership.Role.RESPONDER)
        MembershipFactory(user=responder, organization=other, role=Membership.Role.EDITOR)
    with CaptureQueriesContext(connection) as four_bodies:
        client.get("/en/help/")
    assert len(four_bodies) == len(one_body)
