"""The draft page is rendered once for every signed-in member of the public, and each reader's
own parts are filled in (drafts.caching.ReaderPage): the header, the vote, "I agree" and
their own hidden comments. These tests read it as two citizens, a moderator and an editor."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Agreement, Vote
from tests.factories import make_draft, participant, post_comment, publish


def _agree_forms(html):
    return re.findall(r'action="/en/comments/(\d+)/agree/"', html)


def _page(client, draft):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    return response.text, len(queries)


def test_each_signed_in_reader_gets_their_own_parts_of_one_shared_render(body, editor, moderator):
    draft = publish(make_draft(body, by=editor), by=editor)
    aida, bakyt = participant("aida@example.kg"), participant("bakyt@example.kg")
    aidas = post_comment(draft, aida, "Статья слишком строгая")
    bakyts = post_comment(draft, bakyt, "Скрытое мнение Бакыта")
    bakyts.hide(reason="personal_data", by=moderator)
    Vote.cast(draft=draft, user=aida, value="support")

    as_aida, as_bakyt = Client(), Client()
    as_aida.force_login(aida)
    as_bakyt.force_login(bakyt)
    first, first_queries = _page(as_aida, draft)
    second, second_queries = _page(as_bakyt, draft)

    # Aida's page: her address, her vote, no "I agree" on her own comment, nothing of
    # Bakyt's hidden text.
    assert "Sign out (aida@example.kg)" in first
    assert "Your vote:" in first and "Change my vote" in first
    assert _agree_forms(first) == []
    assert "Скрытое мнение Бакыта" not in first
    # Bakyt's page came from the same render: his address only, no vote yet, "I agree" on
    # Aida's comment, and his own hidden comment as he wrote it.
    assert second_queries < first_queries
    assert second_queries <= 6
    assert "Sign out (bakyt@example.kg)" in second and "aida@example.kg" not in second
    assert "Your vote:" not in second and ">Vote</button>" in second
    assert _agree_forms(second) == [str(aidas.pk)]
    assert "Your comment, as you wrote it" in second and "Скрытое мнение Бакыта" in second


def test_the_forms_of_a_shared_page_carry_the_readers_own_csrf_token(body, editor):
    draft = publish(make_draft(body, by=editor), by=editor)
    aida, bakyt = participant("aida@example.kg"), participant("bakyt@example.kg")
    aidas = post_comment(draft, aida, "Статья слишком строгая")
    primer = Client()
    primer.force_login(participant("primer@example.kg"))
    _page(primer, draft)  # the render is made for someone else

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bakyt)
    html, _ = _page(browser, draft)
    token = re.search(
        rf'action="/en/comments/{aidas.pk}/agree/"[^>]*><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    ).group(1)
    assert "<!--" not in token
    response = browser.post(f"/en/comments/{aidas.pk}/agree/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Agreement.objects.filter(comment=aidas, user=bakyt).exists()
    # The page after the agreement is new (the draft's stamp moved) and shows the message.
    after = browser.get(response["Location"]).text
    assert "You agreed with this comment." in after
    assert _agree_forms(after) == [str(aidas.pk)]
    assert "1 person agrees" in after


def test_staff_and_moderators_never_get_or_leave_the_shared_render(body, editor, moderator):
    draft = publish(make_draft(body, by=editor), by=editor)
    citizen = participant("aida@example.kg")
    comment = post_comment(draft, citizen, "Статья слишком строгая")
    as_moderator, as_citizen = Client(), Client()
    as_moderator.force_login(moderator)
    as_citizen.force_login(citizen)

    moderated, _ = _page(as_moderator, draft)
    public, _ = _page(as_citizen, draft)
    moderated_again, _ = _page(as_moderator, draft)
    controls = f'action="/en/manage/moderation/{comment.pk}/"'
    assert controls in moderated and controls in moderated_again
    assert controls not in public
    assert "Sign out (moderator@minjust.kg)" in moderated_again


def test_a_new_comment_reaches_the_next_signed_in_reader(body, editor):
    draft = publish(make_draft(body, by=editor), by=editor)
    aida, bakyt = participant("aida@example.kg"), participant("bakyt@example.kg")
    as_bakyt = Client()
    as_bakyt.force_login(bakyt)
    before, _ = _page(as_bakyt, draft)
    assert "Новое замечание Айды" not in before
    post_comment(draft, aida, "Новое замечание Айды")
    after, _ = _page(as_bakyt, draft)
    assert "Новое замечание Айды" in after


def test_a_waiting_message_is_shown_on_the_shared_page(body, editor):
    draft = publish(make_draft(body, by=editor), by=editor)
    aida = participant("aida@example.kg")
    web = Client()
    web.force_login(aida)
    _page(web, draft)
    response = web.post(f"/en/drafts/{draft.reference}/vote/", {"value": "oppose"}, follow=True)
    assert "Your vote:" in response.text
    assert re.search(r'class="message message-success"', response.text)


def test_a_missing_or_unpublished_draft_is_a_plain_404_for_a_signed_in_reader(body, editor):
    prepared = make_draft(body, by=editor)
    web = Client()
    web.force_login(participant("aida@example.kg"))
    for address in ("/en/drafts/NO-SUCH-DRAFT/", f"/en/drafts/{prepared.reference}/"):
        response = web.get(address)
        assert response.status_code == 404
        text = response.content.decode()
        assert "Sign out (aida@example.kg)" in text
        assert "<!--" not in re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', text)[1]
