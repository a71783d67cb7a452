"""Who may link, download uploads and create plans: the body's editors, nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import LegislativePlan
from plans.services import import_plan
from tests.factories import make_draft, make_item, make_plan


@pytest.fixture
def outsiders(outsider_editor, citizen):
    return [outsider_editor, citizen, None]


def _refused(response):
    if response.status_code == 302:
        return "login" in response["Location"]
    return response.status_code in (403, 404)


def test_nobody_else_links_an_item_to_the_bodys_draft(client_for, outsiders, plan, body, editor):
    item = make_item(plan)
    draft = make_draft(body, by=editor)
    for user in outsiders:
        web = client_for(user)
        by_item = web.post(
            reverse("plans:staff-item-link", args=[plan.pk, item.pk]), {"draft": draft.reference}
        )
        from_list = web.post(
            reverse("plans:link-draft"), {"item": item.pk, "draft": draft.reference}
        )
        assert _refused(by_item) and _refused(from_list), user
    item.refresh_from_db()
    assert item.draft is None


def test_an_outsider_cannot_link_its_own_draft_to_another_bodys_item(
    client_for, outsider_editor, other_body, plan
):
    item = make_item(plan)
    own = make_draft(other_body, by=outsider_editor)
    response = client_for(outsider_editor).post(
        reverse("plans:link-draft"), {"item": item.pk, "draft": own.reference}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.draft is None


def test_link_with_a_missing_item_is_404(client_for, editor, draft):
    web = client_for(editor)
    for value in ("", "abc", "999999"):
        response = web.post(reverse("plans:link-draft"), {"item": value, "draft": draft.reference})
        assert response.status_code == 404


def test_nobody_else_downloads_the_bodys_upload(client_for, outsiders, editor, plan, body):
    upload = SimpleUploadedFile("secret-plan.csv", b"title_ru,act_type,quarter\n")
    record = import_plan(plan=plan, upload=upload, by=editor)
    url = reverse("plans:staff-import-file", args=[plan.pk, record.pk])
    for user in outsiders:
        assert _refused(client_for(user).get(url)), user
    assert client_for(editor).get(url).status_code == 200


def test_an_upload_of_another_bodys_plan_is_not_reachable_through_ones_own_plan(
    client_for, editor, outsider_editor, plan, other_body
):
    foreign_plan = make_plan(other_body)
    record = import_plan(
        plan=foreign_plan,
        upload=SimpleUploadedFile("their-plan.csv", b"title_ru,act_type,quarter\n"),
        by=outsider_editor,
    )
    response = client_for(editor).get(reverse("plans:staff-import-file", args=[plan.pk, record.pk]))
    assert response.status_code == 404


def test_nobody_creates_a_plan_for_another_body(
    client_for, editor, outsider_editor, citizen, body, other_body
):
    data = {"organization": body.pk, "year": 2030, "period": 0}
    url = reverse("plans:staff-plans")
    assert client_for(outsider_editor).post(url, data).status_code == 200  # "not a valid choice"
    assert client_for(citizen).post(url, data).status_code == 404
    anonymous = client_for(None).post(url, data)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    # A body's editor naming another body's id in a tampered form is refused the same way.
    response = client_for(editor).post(url, {**data, "organization": other_body.pk})
    assert "Select a valid choice" in response.text
    assert not LegislativePlan.objects.filter(year=2030).exists()
