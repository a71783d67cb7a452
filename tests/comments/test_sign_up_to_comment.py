"""A reader who is not signed in writes a comment first: it waits while they sign up, confirm
the e-mail (which signs them in) and come back to the draft's form with their text filled in,
answer who they are on the same form, and publish — no step lost, no page to find again."""

import re

from django.core import mail
from django.urls import reverse

from comments.models import Comment

PASSWORD = "a-Long-pass-2026!"


def test_a_comment_written_before_signing_up_is_published_after(client, open_draft, settings):
    settings.SEP_SITE_URL = "http://testserver"
    form_url = reverse("comments:new", args=[open_draft.reference])
    section = open_draft.current_version.sections.get(kind="article", number="2")

    page = client.get(form_url)
    assert page.status_code == 200  # anyone may start writing
    text = "Статья 2: срок в 10 дней мал, предлагаю 30."
    response = client.post(
        form_url,
        {
            "section": section.pk,
            "position": "proposal",
            "text": text,
            "key": "5d8f3c1e-0000-4000-8000-000000000001",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_signup"))
    assert not Comment.objects.exists()

    signup = client.get(response["Location"])
    assert "kept" in signup.text  # the message says the comment is waiting
    client.post(
        response["Location"],
        {"email": "new@example.kg", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"http://testserver(/\S+/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == form_url  # back to the draft's form, signed in

    form = client.get(form_url)
    assert text in form.text
    assert 'name="category"' in form.text
    published = client.post(
        form_url,
        {
            "section": section.pk,
            "position": "proposal",
            "text": text,
            "key": "5d8f3c1e-0000-4000-8000-000000000001",
            "category": "entrepreneur",
            "region": "talas",
        },
    )
    assert published.status_code == 302
    comment = Comment.objects.get()
    assert (comment.text, comment.section_id, comment.author.email) == (
        text,
        section.pk,
        "new@example.kg",
    )
    assert comment.author_category == "entrepreneur"
    assert text not in client.get(form_url).text  # the kept copy is gone once published
