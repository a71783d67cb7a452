"""Every kind of page, as each role sees it, passes axe-core's WCAG 2.1 AA rules in real
Chromium, in all three interface languages for the public pages."""

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory
from tests.worlds import build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def public_paths(world):
    draft, summarised, item = world["draft"], world["summarised"], world["item"]
    ref = draft.reference
    return [
        "/",
        "/drafts/",
        "/drafts/?q=закупок",
        "/drafts/?open_now=true&subject=procurement",
        f"/drafts/{ref}/",
        f"/drafts/{ref}/?layout=parallel",
        f"/drafts/{ref}/versions/1/",
        f"/drafts/{ref}/diff/",
        f"/drafts/{ref}/comments/",
        f"/drafts/{ref}/comments/?article={world['comment'].section.provision_id}",
        f"/drafts/{ref}/alternatives/",
        f"/drafts/{summarised.reference}/",
        f"/drafts/{summarised.reference}/report/",
        "/plans/",
        f"/plans/items/{item.pk}/",
        f"/plans/{item.plan.organization.short_name}/{item.plan.year}/",
        "/moderation/log/",
        "/help/",
        "/help/taking-part/",
        "/help/for-staff/",
        "/help/legal-basis/",
        "/help/faq/",
        "/accessibility/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


@pytest.mark.parametrize("lang", ["en", "ky", "ru"])
def test_public_pages_have_no_wcag_violations(site, new_page, body, editor, responder, lang):
    world = build_world(body, editor, responder)
    page = new_page()
    for path in public_paths(world):
        response = page.goto(f"{site}/{lang}{path}")
        assert response.ok, path
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page)


def test_citizen_pages_have_no_wcag_violations(site, new_page, body, editor, responder):
    world = build_world(body, editor, responder)
    ref = world["draft"].reference
    section = world["comment"].section
    page = new_page(width=375)
    sign_in(page, site, world["author"])
    for path in [
        f"/drafts/{ref}/",
        f"/drafts/{ref}/comment/",
        f"/drafts/{ref}/comment/?section={section.pk}",
        f"/drafts/{ref}/alternative/",
        "/my/comments/",
        "/my/subscriptions/",
        "/accounts/profile/",
    ]:
        assert page.goto(f"{site}/en{path}").ok, path
        assert_accessible(page)


def test_new_citizen_is_asked_for_a_profile_accessibly(site, new_page, body, editor, responder):
    world = build_world(body, editor, responder)
    newcomer = UserFactory(email="newcomer@example.kg")
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    page = new_page()
    sign_in(page, site, newcomer)
    page.goto(f"{site}/ru/drafts/{world['draft'].reference}/comment/")
    assert_accessible(page)
    page.click("main form button[type=submit]")  # empty profile: errors tied to the fields
    assert page.locator(".errorlist").count() > 0
    assert_accessible(page)


def test_staff_pages_have_no_wcag_violations(site, new_page, body, editor, responder):
    world = build_world(body, editor, responder)
    ref = world["draft"].reference
    page = new_page()
    sign_in(page, site, editor)
    for path in [
        "/manage/drafts/",
        "/manage/drafts/new/",
        f"/manage/drafts/{ref}/",
        f"/manage/drafts/{ref}/edit/",
        f"/manage/drafts/{ref}/versions/new/",
        f"/manage/drafts/{ref}/attachments/new/",
        f"/manage/drafts/{ref}/extend/",
        f"/manage/drafts/{world['summarised'].reference}/reports/",
        "/manage/plans/",
        f"/manage/plans/{world['plan'].pk}/",
        f"/manage/plans/{world['plan'].pk}/items/new/",
    ]:
        assert page.goto(f"{site}/en{path}").ok, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    answering = new_page(width=375)
    sign_in(answering, site, responder)
    for path in ["/manage/answers/", f"/manage/answers/{world['comment'].pk}/"]:
        assert answering.goto(f"{site}/en{path}").ok, path
        assert_accessible(answering)


def test_analyst_and_moderator_pages_have_no_wcag_violations(
    site, new_page, body, editor, responder, analyst, moderator
):
    build_world(body, editor, responder)
    page = new_page()
    sign_in(page, site, analyst)
    for path in ["/dashboard/", f"/dashboard/bodies/{body.short_name}/"]:
        assert page.goto(f"{site}/ky{path}").ok, path
        assert_accessible(page)
    other = new_page()
    sign_in(other, site, moderator)
    other.goto(f"{site}/en/manage/moderation/")
    assert_accessible(other)
