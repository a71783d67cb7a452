import datetime
import io
import zipfile

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from drafts.models import Draft
from tests.factories import (
    TEXT_KY,
    TEXT_RU,
    MembershipFactory,
    OrganizationFactory,
    publish,
)


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_editor_creates_a_draft_and_adds_its_text(client_for, editor, body):
    client = client_for(editor)
    response = client.post(
        reverse("drafts:staff-create"),
        {"organization": body.pk, "act_type": "law", "title_ru": "О закупках", "title_ky": ""},
    )
    draft = Draft.objects.get(title_ru="О закупках")
    assert response["Location"] == reverse("drafts:staff-version-new", args=[draft.reference])
    assert draft.status == Draft.Status.PREPARING

    response = client.post(
        reverse("drafts:staff-version-new", args=[draft.reference]),
        {"text_ru": TEXT_RU, "text_ky": TEXT_KY},
    )
    assert response.status_code == 302
    version = draft.versions.get()
    assert version.sections.filter(kind="article").count() == 4
    assert version.is_bilingual


def test_a_title_is_required_in_one_language(client_for, editor, body):
    response = client_for(editor).post(
        reverse("drafts:staff-create"),
        {"organization": body.pk, "act_type": "law", "summary_ru": "Сохранённое резюме"},
    )
    assert response.status_code == 200
    assert "Enter the title" in response.text
    assert "Сохранённое резюме" in response.text


def test_mismatched_parallel_texts_re_render_with_the_reason_and_the_text(
    client_for, editor, draft
):
    ky = TEXT_KY.split("4-берене")[0]
    response = client_for(editor).post(
        reverse("drafts:staff-version-new", args=[draft.reference]),
        {"text_ru": TEXT_RU, "text_ky": ky, "change_note": "Правка"},
    )
    assert response.status_code == 200
    assert "Article 4" in response.text
    assert "Статья 3. Планирование закупок" in response.text  # what was typed is kept
    assert draft.versions.count() == 1


def test_a_later_version_needs_a_change_note(client_for, editor, draft):
    response = client_for(editor).post(
        reverse("drafts:staff-version-new", args=[draft.reference]), {"text_ru": TEXT_RU}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["change_note"]


def test_version_from_docx_upload(client_for, editor, draft):
    upload = SimpleUploadedFile("proekt.docx", docx_bytes(TEXT_RU.replace("десяти", "тридцати")))
    response = client_for(editor).post(
        reverse("drafts:staff-version-new", args=[draft.reference]),
        {"docx": upload, "docx_language": "ru", "change_note": "Срок вступления в силу"},
    )
    assert response.status_code == 302
    version = draft.versions.get(number=2)
    article = version.sections.get(kind="article", number="4")
    assert "тридцати" in article.text_ru
    assert article.change == "changed"
    assert version.sections.get(kind="article", number="1").change == "unchanged"


def test_a_broken_docx_is_refused_with_a_reason(client_for, editor, draft):
    upload = SimpleUploadedFile("proekt.docx", b"not a word file")
    response = client_for(editor).post(
        reverse("drafts:staff-version-new", args=[draft.reference]),
        {"docx": upload, "docx_language": "ru", "change_note": "x"},
    )
    assert response.status_code == 200
    assert "could not be read" in response.text


def test_attachment_of_a_wrong_type_is_refused_and_the_title_kept(client_for, editor, draft):
    upload = SimpleUploadedFile("note.exe", b"MZ\x90\x00")
    response = client_for(editor).post(
        reverse("drafts:staff-attachment-new", args=[draft.reference]),
        {"kind": "justification", "title": "Справка-обоснование", "file": upload},
    )
    assert response.status_code == 200
    assert "are not accepted" in response.text
    assert "Справка-обоснование" in response.text


def test_a_renamed_file_is_refused_by_its_content(client_for, editor, draft):
    upload = SimpleUploadedFile("note.pdf", b"<html><script>alert(1)</script>")
    response = client_for(editor).post(
        reverse("drafts:staff-attachment-new", args=[draft.reference]),
        {"kind": "other", "file": upload},
    )
    assert "not a real PDF" in response.text


def test_an_oversized_attachment_is_refused(settings, client_for, editor, draft):
    settings.SEP_ATTACHMENT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2000)
    response = client_for(editor).post(
        reverse("drafts:staff-attachment-new", args=[draft.reference]),
        {"kind": "other", "file": upload},
    )
    assert response.status_code == 200
    assert "the limit is" in response.text
    assert not draft.versions.get().attachments.exists()


def test_docx_attachment_is_stored_and_downloaded_never_inline(client_for, editor, draft):
    client = client_for(editor)
    upload = SimpleUploadedFile("сравнительная таблица.docx", docx_bytes("Таблица"))
    response = client.post(
        reverse("drafts:staff-attachment-new", args=[draft.reference]),
        {"kind": "comparative_table", "file": upload},
    )
    assert response.status_code == 302
    attachment = draft.versions.get().attachments.get()
    assert attachment.file.name.endswith(".docx")
    assert "таблица" not in attachment.file.name  # server-made name
    publish(draft, by=editor)
    download = client_for(None).get(
        reverse("drafts:attachment", args=[draft.reference, attachment.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_zip_pretending_to_be_docx_is_refused(client_for, editor, draft):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    upload = SimpleUploadedFile("fake.docx", buffer.getvalue())
    response = client_for(editor).post(
        reverse("drafts:staff-attachment-new", args=[draft.reference]),
        {"kind": "other", "file": upload},
    )
    assert "not a real DOCX" in response.text


def test_publish_form_errors_keep_what_was_typed(client_for, editor, draft):
    today = timezone.localdate()
    response = client_for(editor).post(
        reverse("drafts:staff-publish", args=[draft.reference]),
        {"starts": today.isoformat(), "ends": (today + datetime.timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 200
    assert "shorter than the legal minimum" in response.text
    assert (today + datetime.timedelta(days=9)).isoformat() in response.text
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PREPARING

    response = client_for(editor).post(
        reverse("drafts:staff-publish", args=[draft.reference]),
        {"starts": today.isoformat(), "ends": (today - datetime.timedelta(days=1)).isoformat()},
    )
    assert "must end on or after" in response.text


def test_publish_extend_close_and_outcome_through_the_pages(client_for, editor, draft):
    client = client_for(editor)
    today = timezone.localdate()
    client.post(
        reverse("drafts:staff-publish", args=[draft.reference]),
        {
            "starts": today.isoformat(),
            "ends": (today + datetime.timedelta(days=10)).isoformat(),
            "justification": "Исполнение поручения Президента в установленный срок",
        },
    )
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DISCUSSION
    public_page = client_for(None).get(draft.get_absolute_url())
    assert "Исполнение поручения Президента" in public_page.text

    client = client_for(editor)
    client.post(
        reverse("drafts:staff-extend", args=[draft.reference]),
        {"until": (today + datetime.timedelta(days=30)).isoformat(), "reason": "Просьба бизнеса"},
    )
    draft.refresh_from_db()
    assert draft.discussion_last_day == today + datetime.timedelta(days=30)
    client.post(reverse("drafts:staff-close", args=[draft.reference]))
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLOSED
    client.post(reverse("drafts:staff-outcome", args=[draft.reference]), {"status": "adopted"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLOSED  # adoption needs the report first
    # Only publishing the report moves the draft on, never a bare click.
    client.post(reverse("drafts:staff-outcome", args=[draft.reference]), {"status": "summarised"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLOSED
    client.post(reverse("reports:staff-build", args=[draft.reference]))
    client.post(reverse("reports:staff-publish", args=[draft.reference, 1]))
    client.post(reverse("drafts:staff-outcome", args=[draft.reference]), {"status": "adopted"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.ADOPTED


def test_create_form_offers_only_bodies_where_the_user_is_editor(client_for, editor, body):
    second = OrganizationFactory(name_en="Second ministry")
    third = OrganizationFactory(name_en="Only responder here")
    MembershipFactory(user=editor, organization=second, role=Membership.Role.EDITOR)
    MembershipFactory(user=editor, organization=third, role=Membership.Role.RESPONDER)
    choices = client_for(editor).get(reverse("drafts:staff-create")).context["form"]
    offered = set(choices.fields["organization"].queryset)
    assert offered == {body, second}
    client_for(editor).post(
        reverse("drafts:staff-create"),
        {"organization": second.pk, "act_type": "law", "title_ru": "Во втором органе"},
    )
    assert Draft.objects.get(title_ru="Во втором органе").organization == second


def test_closing_twice_shows_the_reason_on_the_staff_page(client_for, editor, draft):
    publish(draft, by=editor)
    client = client_for(editor)
    client.post(reverse("drafts:staff-close", args=[draft.reference]))
    response = client.post(reverse("drafts:staff-close", args=[draft.reference]))
    assert response.status_code == 200
    assert "could not be closed" in response.text
    assert "cannot become" in response.text
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLOSED


def test_refused_outcome_keeps_the_note_that_was_typed(client_for, editor, draft):
    publish(draft, by=editor)
    draft.close(by=editor)
    response = client_for(editor).post(
        reverse("drafts:staff-outcome", args=[draft.reference]),
        {"status": "adopted", "note": "Принят с учётом замечаний бизнеса"},
    )
    assert response.status_code == 200
    assert "Choose an outcome the draft can move to." in response.text
    assert "Принят с учётом замечаний бизнеса" in response.text
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLOSED
    assert draft.outcome_note == ""
