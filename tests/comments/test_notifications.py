import datetime
import io
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Subscription
from comments.notifications import closing_reminders_pending, notify_closing_soon
from drafts.models import SubjectArea
from tests.factories import TEXT_RU, make_draft, participant, publish


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def today_plus(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_followers_of_body_subject_and_search_hear_of_a_new_draft(
    client_for, voter, other_voter, editor, body, on_commit
):
    third = participant("third@example.kg")
    health = SubjectArea.objects.get(slug="health")
    client_for(voter).post(reverse("comments:follow"), {"body": body.short_name})
    client_for(other_voter).post(reverse("comments:follow"), {"subject": "health"})
    client_for(third).post(reverse("comments:follow"), {"search": "q=лицензирование"})
    draft = make_draft(
        body,
        title_ru="О лицензировании медицинской деятельности",
        by=editor,
        subject_areas=[health],
    )
    with on_commit():
        client_for(editor).post(
            reverse("drafts:staff-publish", args=[draft.reference]),
            {"starts": today_plus(0).isoformat(), "ends": today_plus(30).isoformat()},
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([voter.email, other_voter.email, third.email])
    message = mail.outbox[0]
    assert draft.reference in message.subject
    assert "List-Unsubscribe" in message.extra_headers


def test_a_saved_search_that_does_not_match_sends_nothing(
    client_for, voter, editor, body, on_commit
):
    client_for(voter).post(reverse("comments:follow"), {"search": "q=стипендии"})
    draft = make_draft(body, title_ru="О нотариате", by=editor)
    with on_commit():
        client_for(editor).post(
            reverse("drafts:staff-publish", args=[draft.reference]),
            {"starts": today_plus(0).isoformat(), "ends": today_plus(30).isoformat()},
        )
    assert mail.outbox == []


def test_draft_followers_hear_of_a_new_version_once(
    client_for, voter, editor, open_draft, on_commit
):
    client_for(voter).post(reverse("comments:follow"), {"draft": open_draft.reference})
    with on_commit():
        client_for(editor).post(
            reverse("drafts:staff-version-new", args=[open_draft.reference]),
            {"text_ru": TEXT_RU.replace("десяти", "пяти"), "change_note": "Срок"},
        )
    assert [m.to for m in mail.outbox] == [[voter.email]]
    assert "diff" in mail.outbox[0].body


def test_author_is_told_of_the_answer_in_the_language_they_wrote_in(
    client_for, voter, responder, open_draft, on_commit
):
    from django.utils import translation

    with translation.override("ru"), on_commit():
        comment = Comment.post(draft=open_draft, author=voter, text="Вопрос", position="other")[0]
    with on_commit():
        client_for(responder).post(
            reverse("comments:answer", args=[comment.pk]),
            {"decision": "noted", "reasoning": "Учтено"},
        )
    assert mail.outbox[-1].to == [voter.email]
    assert mail.outbox[-1].subject == f"Ответ на ваше замечание {comment.receipt}"


def test_closing_reminder_goes_once_three_days_before(voter, body, editor):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=27, by=editor)
    assert draft.days_left() == 3
    Subscription.follow(voter, draft=draft)
    notify_closing_soon.call(3)
    notify_closing_soon.call(3)
    assert len(mail.outbox) == 1
    assert "3" in mail.outbox[0].subject


class RefusingBackend(locmem.EmailBackend):
    """The mail server refuses one address, as it would a mailbox that no longer exists."""

    def send_messages(self, messages):
        for message in messages:
            if "gone@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


def test_a_refused_address_does_not_stop_the_other_reminders(
    voter, other_voter, body, editor, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=27, by=editor)
    gone = participant("gone@example.kg")
    for user in (gone, voter, other_voter):
        Subscription.follow(user, draft=draft)
    assert notify_closing_soon.call(3) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([voter.email, other_voter.email])
    # Nothing was recorded for the refused address: a later run tries it again.
    assert closing_reminders_pending(3)


def test_one_click_unsubscribe_without_signing_in(client_for, voter, editor, body, on_commit):
    client_for(voter).post(reverse("comments:follow"), {"body": body.short_name})
    draft = make_draft(body, by=editor)
    with on_commit():
        client_for(editor).post(
            reverse("drafts:staff-publish", args=[draft.reference]),
            {"starts": today_plus(0).isoformat(), "ends": today_plus(30).isoformat()},
        )
    link = re.search(r"http://\S+/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = link.split("127.0.0.1:8000")[1]
    anonymous = client_for(None)
    assert anonymous.get(path).status_code == 200
    anonymous.post(path)
    assert not Subscription.objects.active().exists()
    assert anonymous.get(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404


def test_my_subscriptions_page_stops_following(client_for, voter, open_draft):
    web = client_for(voter)
    web.post(reverse("comments:follow"), {"draft": open_draft.reference})
    web.post(reverse("comments:follow"), {"draft": open_draft.reference})
    assert Subscription.objects.active().count() == 1
    page = web.get(reverse("comments:subscriptions"))
    row = page.context["subscriptions"][0]
    web.post(reverse("comments:subscriptions"), {"subscription": row.pk})
    assert not Subscription.objects.active().exists()
    assert Subscription.objects.count() == 1  # kept, marked unsubscribed


def test_subject_area_is_followed_from_the_filtered_list_and_the_draft_page(
    client_for, voter, open_draft
):
    health = SubjectArea.objects.get(slug="health")
    open_draft.subject_areas.add(health)
    listing = client_for(None).get(reverse("drafts:list"), {"subject": "health"}).text
    assert "Follow this subject area" in listing
    assert "Follow this subject area" not in client_for(None).get(reverse("drafts:list")).text
    web = client_for(voter)
    page = web.get(reverse("drafts:list"), {"subject": "health"}).text
    assert '<input type="hidden" name="subject" value="health">' in page
    assert f"Follow “{health.name}”" in web.get(open_draft.get_absolute_url()).text
    web.post(reverse("comments:follow"), {"subject": "health"})
    assert Subscription.objects.active().get(user=voter).subject_area == health


def test_followers_of_a_planned_act_hear_when_its_draft_is_published(
    client_for, voter, other_voter, editor, body, on_commit
):
    from tests.factories import make_item, make_plan

    item = make_item(make_plan(body), title_ru="О нотариате")
    page = client_for(voter).get(item.get_absolute_url()).text
    assert "Follow this planned act" in page
    client_for(voter).post(reverse("comments:follow"), {"plan_item": item.pk})
    client_for(other_voter).post(reverse("comments:follow"), {"plan_item": item.pk})
    client_for(other_voter).post(reverse("comments:follow"), {"body": body.short_name})
    assert Subscription.objects.active().filter(target="plan_item").count() == 2
    assert "О нотариате" in client_for(voter).get(reverse("comments:subscriptions")).text
    draft = make_draft(body, title_ru="О нотариате", by=editor)
    with on_commit():
        item.link(draft, by=editor)  # still being prepared: nobody is told yet
    assert mail.outbox == []
    with on_commit():
        client_for(editor).post(
            reverse("drafts:staff-publish", args=[draft.reference]),
            {"starts": today_plus(0).isoformat(), "ends": today_plus(30).isoformat()},
        )
    # One e-mail each, though other_voter follows both the act and the body.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([voter.email, other_voter.email])


def test_linking_an_already_published_draft_tells_the_followers_once(
    client_for, voter, editor, body, on_commit
):
    from tests.factories import make_item, make_plan

    item = make_item(make_plan(body))
    client_for(voter).post(reverse("comments:follow"), {"plan_item": item.pk})
    draft = publish(make_draft(body, by=editor), by=editor)
    with on_commit():
        client_for(editor).post(
            reverse("plans:staff-item-link", args=[item.plan_id, item.pk]),
            {"draft": draft.reference},
        )
    item.refresh_from_db()
    assert item.draft == draft
    assert [m.to for m in mail.outbox] == [[voter.email]]
    assert draft.reference in mail.outbox[0].subject
    with on_commit():
        item.rationale = "Уточнено"
        item.save()
    assert len(mail.outbox) == 1
    assert "Follow this planned act" not in client_for(voter).get(item.get_absolute_url()).text


def test_items_of_unapproved_plans_cannot_be_followed(client_for, voter, body):
    from tests.factories import make_item, make_plan

    item = make_item(make_plan(body, approved=False))
    response = client_for(voter).post(reverse("comments:follow"), {"plan_item": item.pk})
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_the_closing_cron_command_reminds_each_follower_once_per_draft(
    voter, other_voter, body, editor
):
    from django.core.management import call_command

    closing = publish(make_draft(body, by=editor), days=30, started_days_ago=27, by=editor)
    later = publish(make_draft(body, by=editor), days=30, started_days_ago=10, by=editor)
    Subscription.follow(voter, draft=closing)
    Subscription.follow(other_voter, draft=later)
    out = io.StringIO()
    call_command("close_finished_discussions", stdout=out)
    assert "Queued the closing reminders." in out.getvalue()
    assert [m.to for m in mail.outbox] == [[voter.email]]
    assert closing.reference in mail.outbox[0].subject
    out = io.StringIO()
    call_command("close_finished_discussions", stdout=out)
    assert "Queued" not in out.getvalue()  # nothing left to do: no task queued
    # Someone who follows the draft later that day still gets their one reminder.
    Subscription.follow(other_voter, draft=closing)
    call_command("close_finished_discussions", stdout=io.StringIO())
    call_command("close_finished_discussions", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted([voter.email, other_voter.email])
