import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comments.models import Answer, Comment


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def post(client, name, draft, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse(name, args=[draft.reference]), {"key": str(uuid.uuid4()), **data}
            )

    return post


def test_alternative_version_with_file_is_published_and_answered(
    client_for, voter, responder, open_draft, send
):
    pdf = SimpleUploadedFile("альтернатива.pdf", b"%PDF-1.7 alternative")
    response = send(
        client_for(voter),
        "comments:alternative",
        open_draft,
        {
            "text": "Статья 1. Иная редакция",
            "attachment": pdf,
            "explanation": "Проще и короче",
        },
    )
    alternative = Comment.objects.alternatives().get()
    assert response["Location"].endswith(f"#comment-{alternative.pk}")
    assert alternative.receipt
    assert "альтернатива" not in alternative.attachment.name  # server-made file name
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "Проще и короче" in page
    download = client_for(None).get(reverse("comments:file", args=[alternative.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    client_for(responder).post(
        reverse("comments:answer", args=[alternative.pk]),
        {"decision": "rejected", "reasoning": "Не соответствует концепции"},
    )
    assert Answer.objects.get(comment=alternative).decision == "rejected"


def test_alternative_needs_text_or_file_and_an_explanation(client_for, voter, open_draft, send):
    response = send(
        client_for(voter), "comments:alternative", open_draft, {"text": "", "explanation": "Лучше"}
    )
    assert response.status_code == 200
    response = send(
        client_for(voter), "comments:alternative", open_draft, {"text": "Текст", "explanation": ""}
    )
    assert response.status_code == 200
    assert "Текст" in response.text
    assert not Comment.objects.exists()


def test_comment_with_a_wrong_file_is_refused_and_text_kept(client_for, voter, open_draft, send):
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    response = send(
        client_for(voter),
        "comments:new",
        open_draft,
        {
            "position": "other",
            "text": "Мой текст с файлом",
            "attachment": bad,
        },
    )
    assert response.status_code == 200
    assert "Мой текст с файлом" in response.text
    assert "are not accepted" in response.text
    assert not Comment.objects.exists()


def test_alternatives_are_refused_after_close(client_for, voter, open_draft, editor, send):
    open_draft.close(by=editor)
    response = send(
        client_for(voter),
        "comments:alternative",
        open_draft,
        {"text": "Текст", "explanation": "Лучше"},
    )
    assert "closed" in response.text
    assert not Comment.objects.exists()


def test_draft_page_shows_twenty_alternatives_and_links_to_all(client_for, voter, open_draft):
    for n in range(21):
        Comment.post(
            draft=open_draft,
            author=voter,
            kind=Comment.Kind.ALTERNATIVE,
            position=Comment.Position.PROPOSAL,
            text=f"Редакция номер {n:02d}",
            explanation="Короче",
        )
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "Редакция номер 19" in page and "Редакция номер 20" not in page
    link = reverse("comments:alternatives", args=[open_draft.reference])
    assert f'<a href="{link}">All 21 alternative versions</a>' in page
    everything = client_for(None).get(link).text
    assert "Редакция номер 20" in everything and "Редакция номер 00" in everything
    assert "21 alternative versions" in everything


def test_a_few_alternatives_need_no_link_to_all(client_for, voter, open_draft):
    Comment.post(
        draft=open_draft,
        author=voter,
        kind=Comment.Kind.ALTERNATIVE,
        position=Comment.Position.PROPOSAL,
        text="Редакция",
        explanation="Короче",
    )
    page = client_for(None).get(open_draft.get_absolute_url()).text
    assert "Редакция" in page
    assert "alternative versions</a>" not in page
