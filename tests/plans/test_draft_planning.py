"""A draft and the plan item it implements: chosen on creation, and "planned" everywhere alike."""

from django.urls import reverse
from django.utils import timezone

from drafts.models import Draft
from plans.models import PlanItem
from tests.factories import MembershipFactory, make_draft, make_item, make_plan, publish

NEW_DRAFT = {"act_type": "law", "title_ru": "О внесении изменений в Закон «О нотариате»"}


def create(client, body, **data):
    return client.post(
        reverse("drafts:staff-create"), {"organization": body.pk, **NEW_DRAFT, **data}
    )


def test_the_creation_form_offers_only_the_bodys_open_approved_items(
    client_for, editor, body, other_body, plan
):
    open_item = make_item(plan, title_ru="Открытый пункт")
    make_item(plan, title_ru="Отменённый пункт").drop(reason="Не нужен")
    make_item(plan, title_ru="Исполненный пункт").link(make_draft(body, by=editor))
    make_item(make_plan(body, year=2027, approved=False), title_ru="Пункт черновика плана")
    make_item(make_plan(other_body), title_ru="Пункт другого органа")
    page = client_for(editor).get(reverse("drafts:staff-create"))
    assert list(page.context["form"].fields["plan_item"].queryset) == [open_item]
    assert "Открытый пункт" in page.text and "Пункт другого органа" not in page.text


def test_a_draft_created_for_a_plan_item_is_linked_to_it(client_for, editor, body, plan):
    item = make_item(plan, title_ru="О нотариате")
    response = create(client_for(editor), body, plan_item=item.pk)
    assert response.status_code == 302
    draft = Draft.objects.get(title_ru=NEW_DRAFT["title_ru"])
    item.refresh_from_db()
    assert item.draft == draft
    assert item.history.first().history_user == editor  # through PlanItem.link
    page = client_for(editor).get(reverse("drafts:staff-detail", args=[draft.reference]))
    assert "This draft fulfils the plan item:" in page.text


def test_another_bodys_item_is_refused_and_nothing_is_created(client_for, editor, body, other_body):
    foreign = make_item(make_plan(other_body), title_ru="Чужой пункт")
    response = create(client_for(editor), body, plan_item=foreign.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Draft.objects.filter(title_ru=NEW_DRAFT["title_ru"]).exists()
    foreign.refresh_from_db()
    assert foreign.draft is None


def test_an_editor_of_two_bodies_cannot_link_one_bodys_draft_to_the_others_plan(
    client_for, editor, body, other_body
):
    MembershipFactory(user=editor, organization=other_body)
    foreign = make_item(make_plan(other_body), title_ru="Пункт второго органа")
    response = create(client_for(editor), body, plan_item=foreign.pk)
    assert "Choose an item of the plan of the draft&#x27;s body." in response.text
    assert not Draft.objects.filter(title_ru=NEW_DRAFT["title_ru"]).exists()


def test_an_item_linked_meanwhile_is_refused_and_no_draft_is_left(client_for, editor, body, plan):
    item = make_item(plan)
    web = client_for(editor)
    PlanItem.objects.filter(pk=item.pk).update(draft=make_draft(body, by=editor))
    response = create(web, body, plan_item=item.pk)
    assert response.status_code == 200
    assert not Draft.objects.filter(title_ru=NEW_DRAFT["title_ru"]).exists()


def test_listing_matching_items_first_reorders_without_creating(client_for, editor, body, plan):
    make_item(plan, title_ru="Об утверждении Положения о лесном хозяйстве", quarter=1)
    notary = make_item(plan, title_ru="О внесении изменений в Закон «О нотариате»", quarter=2)
    response = create(client_for(editor), body, suggest="1")
    assert response.status_code == 200
    assert not Draft.objects.exists()
    assert list(response.context["form"].fields["plan_item"].queryset)[0] == notary
    unsorted = client_for(editor).get(reverse("drafts:staff-create"))
    assert list(unsorted.context["form"].fields["plan_item"].queryset)[0] != notary


def test_the_edit_form_offers_no_plan_item(client_for, editor, draft):
    page = client_for(editor).get(reverse("drafts:staff-edit", args=[draft.reference]))
    assert "plan_item" not in page.context["form"].fields


# --- One definition of "planned" ---------------------------------------------------------


def test_a_link_to_an_unapproved_plans_item_counts_as_unplanned_in_list_and_page(
    client, body, editor
):
    unapproved = make_item(make_plan(body, year=2027, approved=False))
    approved = make_item(make_plan(body, year=2026))
    linked_to_draft_plan = publish(make_draft(body, title_ru="Первый", by=editor), by=editor)
    linked_to_approved_plan = publish(make_draft(body, title_ru="Второй", by=editor), by=editor)
    unapproved.link(linked_to_draft_plan)
    approved.link(linked_to_approved_plan)

    def listed(planned):
        page = client.get(reverse("drafts:list"), {"planned": planned})
        return {d.reference for d in page.context["page"]}

    assert listed("true") == {linked_to_approved_plan.reference}
    assert listed("false") == {linked_to_draft_plan.reference}
    assert "(unplanned)" in client.get(linked_to_draft_plan.get_absolute_url()).text
    assert "Planned in the body" in client.get(linked_to_approved_plan.get_absolute_url()).text


def test_the_cached_draft_page_follows_its_plan_item(client, body, editor):
    plan = make_plan(body, approved=False)
    item = make_item(plan, quarter=1)
    draft = publish(make_draft(body, by=editor), days=30, by=editor)
    item.link(draft, by=editor)
    assert "Not in the body" in client.get(draft.get_absolute_url()).text  # plan not approved
    plan.approve(reference="Приказ № 7", on=timezone.localdate(), by=editor)
    assert "2026 Q1" in client.get(draft.get_absolute_url()).text
    item.quarter = 3
    item.save()
    assert "2026 Q3" in client.get(draft.get_absolute_url()).text
