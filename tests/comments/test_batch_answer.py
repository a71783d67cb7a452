"""The batch answer of the queue (issue 14, item 14): no decision is preselected, and a submit
without one is refused with a clear error that keeps the reasoning and the ticked comments."""

import pytest
from django.urls import reverse

from comments.models import Answer
from tests.factories import post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(open_draft, voter):
    return post_comment(open_draft, voter, "Уточнить понятия", "proposal")


def test_no_decision_is_preselected(client_for, responder, waiting):
    html = client_for(responder).get("/ru/manage/answers/").text
    select = html[
        html.index('name="decision"') : html.index("</select>", html.index('name="decision"'))
    ]
    assert '<option value="" selected>' in select
    assert select.count("selected") == 1


def test_submit_without_a_decision_is_refused_and_keeps_the_input(client_for, responder, waiting):
    response = client_for(responder).post(
        "/ru/manage/answers/",
        {"comments": [waiting.pk], "decision": "", "reasoning": "Спасибо, учтём."},
    )
    assert response.status_code == 200
    assert not Answer.objects.exists()
    assert response.context["form"].errors["decision"] == ["Выберите решение."]
    assert "Выберите решение." in response.text
    assert "Спасибо, учтём." in response.text
    assert f'value="{waiting.pk}" id="c{waiting.pk}" checked' in response.text


def test_the_chosen_decision_is_published(client_for, responder, waiting):
    client_for(responder).post(
        reverse("comments:queue"),
        {"comments": [waiting.pk], "decision": "noted", "reasoning": "Спасибо."},
    )
    assert Answer.objects.get(comment=waiting).decision == "noted"
