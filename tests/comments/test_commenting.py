import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import RespondentProfile
from comments.models import Comment
from tests.factories import UserFactory, make_draft, publish


def article(draft, number="2"):
    return draft.current_version.sections.get(kind="article", number=number)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post the comment form, running on-commit work (the receipt) as a real request would."""

    def send(client, draft, **data):
        payload = {
            "position": "proposal",
            "text": "Предлагаю уточнить срок.",
            "key": str(uuid.uuid4()),
        }
        payload.update(data)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("comments:new", args=[draft.reference]), payload)

    return send


def test_citizen_comments_on_an_article_and_gets_a_receipt(client_for, voter, open_draft, post):
    client = client_for(voter)
    section = article(open_draft)
    response = post(
        client,
        open_draft,
        section=section.pk,
        text="Статья 2: <script>alert(1)</script>\nвторая строка",
    )
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.receipt == f"{open_draft.reference}-C{comment.pk:06d}"
    assert comment.provision_id == section.provision_id
    assert comment.author_name == "Айгуль Асанова"
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>вторая строка" in page
    assert "<script>alert(1)" not in page
    assert comment.receipt in page


def test_name_is_hidden_without_consent(client_for, other_voter, open_draft, post):
    post(client_for(other_voter), open_draft)
    assert Comment.objects.get().author_name == ""
    assert "Citizen, Osh oblast" in client_for(None).get(open_draft.get_absolute_url()).text
    assert (
        "Гражданин, Ошская область"
        in client_for(None).get(f"/ru/drafts/{open_draft.reference}/").text
    )


def test_a_resent_form_never_creates_a_second_comment(client_for, voter, open_draft, post):
    client = client_for(voter)
    key = str(uuid.uuid4())
    post(client, open_draft, key=key)
    post(client, open_draft, key=key)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("when", ["before", "after"])
def test_comments_are_refused_outside_the_discussion_and_the_text_is_kept(
    client_for, voter, body, editor, when, post
):
    draft = make_draft(body, by=editor)
    if when == "before":
        import datetime as dt

        from django.utils import timezone

        start = timezone.localdate() + dt.timedelta(days=3)
        draft.publish(start=start, end=start + dt.timedelta(days=30), by=editor)
    else:
        publish(draft, days=30, started_days_ago=40, by=editor)
    response = post(client_for(voter), draft, text="Мой важный текст")
    assert response.status_code == 200
    assert "Мой важный текст" in response.text
    assert ("not opened yet" if when == "before" else "closed") in response.text
    assert not Comment.objects.exists()


def test_closed_discussion_refuses_comments_by_the_model_too(voter, open_draft, editor):
    open_draft.close(by=editor)
    with pytest.raises(ValidationError):
        Comment.post(draft=open_draft, author=voter, text="x", position="other")


def test_unconfirmed_email_cannot_comment(client_for, open_draft):
    user = UserFactory(email="new@example.kg")
    response = client_for(user).get(reverse("comments:new", args=[open_draft.reference]))
    assert response.status_code == 302
    assert "email" in response["Location"]


def test_first_comment_asks_for_the_profile_on_the_same_form(client_for, open_draft, post):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="noprofile@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = client_for(user)
    page = client.get(reverse("comments:new", args=[open_draft.reference]))
    assert page.status_code == 200
    assert 'name="category"' in page.text and 'name="region"' in page.text
    response = post(client, open_draft, category="ngo", region="osh")
    assert response.status_code == 302
    comment = Comment.objects.get(author=user)
    assert (comment.author_category, comment.author_region) == ("ngo", "osh")
    assert user.profile.category == "ngo"
    # Asked once: the next comment's form has no such fields.
    assert (
        'name="category"'
        not in client.get(reverse("comments:new", args=[open_draft.reference])).text
    )


def test_a_refused_first_comment_keeps_no_half_profile(client_for, open_draft, post):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="noprofile@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = post(client_for(user), open_draft, category="ngo", region="", text="Текст")
    assert response.status_code == 200
    assert "Текст" in response.text
    assert not Comment.objects.exists()
    assert not RespondentProfile.objects.filter(user=user).exists()


def test_honeypot_refuses_bots(client_for, voter, open_draft, post):
    response = post(client_for(voter), open_draft, website="http://spam")
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_posting_is_rate_limited_and_the_text_kept(settings, client_for, voter, open_draft, post):
    settings.SEP_COMMENT_RATE_USER = "2/m"
    client = client_for(voter)
    post(client, open_draft)
    post(client, open_draft)
    response = post(client, open_draft, text="Третий комментарий")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "too fast" in response.text
    assert "Третий комментарий" in response.text
    assert Comment.objects.count() == 2


def test_too_long_comment_is_refused(client_for, voter, open_draft, post):
    response = post(client_for(voter), open_draft, text="я" * 10_001)
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_comment_on_an_earlier_version_follows_the_article(
    client_for, voter, open_draft, editor, post
):
    post(client_for(voter), open_draft, section=article(open_draft, "4").pk)
    text = open_draft.current_version.text_ru.replace("десяти", "тридцати")
    open_draft.add_version(text_ru=text, change_note="Срок", by=editor)
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "Made on version 1; this article has changed since." in page


def test_draft_page_shows_counts_and_collapses_long_threads(client_for, open_draft, voter):
    section = article(open_draft)
    for n in range(5):
        Comment.post(
            draft=open_draft,
            author=voter,
            text=f"Комментарий {n}",
            position="other",
            section=section,
        )
    Comment.post(
        draft=open_draft,
        author=voter,
        text="Один",
        position="other",
        section=article(open_draft, "3"),
    )
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "Комментарий 2" in page and "Комментарий 3" not in page
    thread_url = reverse("comments:thread", args=[open_draft.reference])
    assert f'?article={section.provision_id}">5 comments on Article 2</a>' in page
    # Every article with a comment says how many, with a link, even below the threshold.
    provision = article(open_draft, "3").provision_id
    assert f'{thread_url}?article={provision}">1 comment on Article 3</a>' in page
    assert "comments on Article 4" not in page and "1 comment on Article 4" not in page
    thread = client_for(None).get(
        reverse("comments:thread", args=[open_draft.reference]), {"article": section.provision_id}
    )
    assert "Комментарий 4" in thread.text


def test_my_comments_page(client_for, voter, other_voter, open_draft):
    Comment.post(draft=open_draft, author=voter, text="Моё", position="support")
    Comment.post(draft=open_draft, author=other_voter, text="Чужое", position="support")
    page = client_for(voter).get(reverse("comments:mine")).text
    assert "Моё" in page and "Чужое" not in page


def test_receipt_is_issued_only_after_commit(voter, open_draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment, _ = Comment.post(draft=open_draft, author=voter, text="x", position="other")
        assert Comment.objects.get(pk=comment.pk).receipt is None
    for callback in callbacks:
        callback()
    assert Comment.objects.get(pk=comment.pk).receipt


def test_draft_page_queries_do_not_grow_with_comments(
    client, open_draft, voter, other_voter, responder, editor, django_assert_max_num_queries
):
    from comments.models import Agreement, Answer

    first_version = open_draft.current_version
    sections = list(first_version.sections.filter(kind="article"))
    open_draft.add_version(text_ru=first_version.text_ru + "\nДополнение.", change_note="x")
    later = list(open_draft.current_version.sections.filter(kind="article"))

    def add(n):
        comments = Comment.objects.bulk_create(
            Comment(
                draft=open_draft,
                version=first_version,
                section=sections[i % 4],
                provision_id=sections[i % 4].provision_id if i % 5 else None,
                author=voter,
                text=f"c{i}",
                position="other",
                author_name="x",
                author_category="citizen",
                author_region="chuy",
                submission_key=uuid.uuid4(),
                receipt=f"{open_draft.reference}-T{uuid.uuid4().hex}",
            )
            for i in range(n)
        )
        # Every other comment is answered (some accepted into the later version, some marked
        # duplicates of the first); every third has an "I agree".
        Answer.objects.bulk_create(
            Answer(
                comment=comment,
                decision=["accepted", "noted", "duplicate"][i % 3],
                reasoning="" if i % 3 == 0 else "Учтено",
                carried_in=later[i % 4] if i % 3 == 0 else None,
                duplicate_of=comments[0] if i % 3 == 2 else None,
                organization=open_draft.organization,
                answered_by=responder,
            )
            for i, comment in enumerate(comments)
            if i % 2
        )
        Agreement.objects.bulk_create(
            Agreement(comment=comment, user=other_voter)
            for i, comment in enumerate(comments)
            if i % 3 == 0
        )

    add(10)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(open_draft.get_absolute_url())
    add(10_000)
    from drafts.models import Draft

    Draft.objects.filter(pk=open_draft.pk).update(changed_at=datetime.datetime.now(datetime.UTC))
    with django_assert_max_num_queries(len(queries)):
        response = client.get(open_draft.get_absolute_url())
    assert "10010 comments" in response.text
    assert "See the change in the new version" in response.text
    assert "Duplicate of" in response.text
    assert "1 person agrees" in response.text


def test_seed_bulk_makes_comments_that_pages_show(client, db):
    import io

    from django.core.management import call_command

    call_command("seed_bulk", drafts=3, sections=5, comments_per_draft=40, stdout=io.StringIO())
    assert Comment.objects.count() == 120
    assert Comment.objects.filter(provision__isnull=True).count() == 24  # every fifth: whole draft
    comment = (
        Comment.objects.filter(provision__isnull=False).select_related("draft", "section").first()
    )
    assert comment.section.provision_id == comment.provision_id
    assert comment.receipt == f"{comment.draft.reference}-C{comment.pk:06d}"
    page = client.get(comment.draft.get_absolute_url()).text
    assert "40 comments" in page


def test_author_gets_the_receipt_by_email_in_their_language(client_for, voter, open_draft, post):
    from django.core import mail
    from django.utils import translation

    section = article(open_draft)
    with translation.override("ru"):
        post(client_for(voter), open_draft, section=section.pk)
    comment = Comment.objects.get()
    assert comment.language == "ru"
    assert [m.to for m in mail.outbox] == [[voter.email]]
    message = mail.outbox[0]
    assert comment.receipt in message.subject and comment.receipt in message.body
    assert open_draft.reference in message.body
    assert "Статья 2" in message.body  # the article, named in Russian
    assert open_draft.title_ru in message.body
    assert f"/ru/drafts/{open_draft.reference}/#comment-{comment.pk}" in message.body


def test_a_resent_form_mails_the_receipt_once(client_for, voter, open_draft, post):
    from django.core import mail

    key = str(uuid.uuid4())
    post(client_for(voter), open_draft, key=key)
    post(client_for(voter), open_draft, key=key)
    assert len(mail.outbox) == 1


def test_comment_on_an_article_removed_later_is_shown_as_removed(
    client_for, voter, open_draft, editor, post
):
    post(client_for(voter), open_draft, section=article(open_draft, "3").pk, text="О планах")
    text = open_draft.current_version.text_ru
    without_article_3 = text.replace(
        "Статья 3. Планирование закупок\n"
        "Закупающая организация ежегодно утверждает план закупок и публикует его на веб-портале.\n",
        "",
    )
    assert without_article_3 != text
    open_draft.add_version(text_ru=without_article_3, change_note="Статья 3 исключена", by=editor)
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "Comments on articles removed since" in page
    removed = page.split("Comments on articles removed since")[1]
    assert "О планах" in removed
    assert "Made on version 1; this article has been removed since." in removed


@pytest.mark.parametrize("form", ["comments:new", "comments:alternative"])
def test_a_closed_discussion_shows_its_closing_and_report_instead_of_a_form(
    client_for, voter, body, editor, form
):
    from reports.services import build_report, close_discussion, publish_report

    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=40, by=editor)
    close_discussion(draft, by=editor)
    report = publish_report(build_report(draft), by=editor)
    page = client_for(voter).get(reverse(form, args=[draft.reference]))
    assert page.status_code == 200
    assert 'name="text"' not in page.text  # nothing to type in vain
    assert "the discussion is closed" in page.text
    assert report.get_absolute_url() in page.text
