"""A citizen signs up, confirms the e-mail, comments on article 2 and votes; a responder
answers; the citizen sees the answer and gets the notification — in real Chromium."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from comments.models import Comment, Vote
from tests.factories import PASSWORD, make_draft, publish

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_comments_and_gets_an_answer(site, new_page, body, editor, responder):
    draft = publish(make_draft(body, title_ru="О государственных закупках", by=editor), by=editor)
    EmailAddress.objects.create(user=responder, email=responder.email, verified=True, primary=True)
    page = new_page()

    # Sign up and confirm the e-mail from the test mailbox.
    page.goto(f"{site}/en/accounts/signup/")
    page.fill("input[name=email]", "aigul@example.kg")
    page.fill("input[name=password1]", "Kyrgyz-Portal-2026!")
    page.fill("input[name=password2]", "Kyrgyz-Portal-2026!")
    page.click("main form button[type=submit]")
    confirmation = next(m for m in mail.outbox if "aigul@example.kg" in m.to)
    link = re.search(r"https?://\S+/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.click("main form button[type=submit]")

    # Comment on article 2: the portal first asks who the citizen is.
    page.goto(f"{site}/en/drafts/{draft.reference}/")
    page.click("a:has-text('Comment on Article 2')")
    page.select_option("select[name=category]", "citizen")
    page.select_option("select[name=region]", "chuy")
    page.click("main form button[type=submit]")
    page.select_option("select[name=position]", "proposal")
    page.fill("textarea[name=text]", "Предлагаю определить понятие «поставщик» точнее.")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".message-success")
    assert "Receipt number" in page.inner_text(".messages")
    comment = Comment.objects.get()
    assert comment.section.number == "2"
    screenshot(page, "citizen-commented")

    # Vote for the draft.
    page.check("input[name=value][value=support]")
    page.click("#opinion button:has-text('Vote')")
    page.wait_for_selector(".message-success")
    assert Vote.objects.get().value == "support"

    # The responder answers from the queue, in another browser.
    staff = new_page()
    staff.goto(f"{site}/en/accounts/login/")
    staff.fill("input[name=login]", responder.email)
    staff.fill("input[name=password]", PASSWORD)
    staff.click("main form button[type=submit]")
    staff.goto(f"{site}/en/manage/answers/")
    staff.click("a:has-text('Answer this comment')")
    staff.select_option("select[name=decision]", "partly")
    staff.fill("textarea[name=reasoning]", "Понятие уточнено в статье 2.")
    staff.click("main form button[type=submit]")
    staff.wait_for_selector(".message-success")

    # The citizen sees the answer and has the e-mail.
    page.goto(f"{site}/en/drafts/{draft.reference}/")
    assert "Понятие уточнено в статье 2." in page.inner_text(f"#comment-{comment.pk}")
    assert any(
        "Answer to your comment" in m.subject and m.to == ["aigul@example.kg"] for m in mail.outbox
    )
    screenshot(page, "citizen-sees-answer")
