"""Uploads through the real forms — a draft's document (its editor) and a comment's file (a
citizen): the type is judged by the content, sizes and counts are limited, a zip bomb is
refused, the server names the stored file, and a download is never shown inline as HTML."""

import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from drafts.forms import AttachmentForm
from drafts.models import Attachment
from tests.factories import PDF

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def office_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A .docx that looks right but unpacks to 300 MB of zeros (about 300 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


BAD_FILES = {
    "html named .pdf": ("report.pdf", HTML, "not a real PDF"),
    "plain zip named .docx": ("text.docx", office_zip({"notes.txt": b"hello"}), "not a real DOCX"),
    "html named .docx": ("text.docx", HTML, "not a real DOCX"),
    "html file": ("page.html", HTML, "are not accepted"),
    "svg file": ("image.svg", b"<svg onload=alert(1)/>", "are not accepted"),
    "no extension": ("noextension", PDF, "are not accepted"),
}


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def post_attachment(world, name, content):
    client = Client()
    client.force_login(world["users"]["editor"])
    draft = world["ours"]["discussion"]
    return client.post(
        reverse("drafts:staff-attachment-new", args=[draft.reference]),
        {"kind": "other", "title": "Документ", "file": SimpleUploadedFile(name, content)},
    )


def post_comment_file(world, name, content):
    client = Client()
    client.force_login(world["users"]["citizen"])
    draft = world["ours"]["discussion"]
    return client.post(
        reverse("comments:new", args=[draft.reference]),
        {
            "text": "Мой комментарий с файлом",
            "position": "proposal",
            "section": "",
            "key": uuid.uuid4(),
            "attachment": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_editor_upload_judged_by_content_is_refused_with_a_reason(world, case):
    name, content, message = BAD_FILES[case]
    before = Attachment.objects.count()
    response = post_attachment(world, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Attachment.objects.count() == before


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_comment_file_judged_by_content_is_refused_and_the_text_kept(world, case):
    name, content, message = BAD_FILES[case]
    before = Comment.objects.count()
    response = post_comment_file(world, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Мой комментарий с файлом" in page  # nothing typed is lost
    assert Comment.objects.count() == before


def test_zip_bomb_docx_is_refused_for_a_draft(world, bomb):
    assert len(bomb) < 2 * 1024 * 1024
    before = Attachment.objects.count()
    response = post_attachment(world, "bomb.docx", bomb)
    assert response.status_code == 200
    assert "unpacks to an unreasonable size" in response.content.decode()
    assert Attachment.objects.count() == before


def test_zip_bomb_docx_is_refused_for_a_comment(world, bomb):
    before = Comment.objects.count()
    response = post_comment_file(world, "bomb.docx", bomb)
    assert response.status_code == 200
    assert "unpacks to an unreasonable size" in response.content.decode()
    assert Comment.objects.count() == before


def test_a_real_docx_is_accepted(world):
    docx = office_zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<x/>"})
    response = post_attachment(world, "text.docx", docx)
    assert response.status_code == 302
    assert Attachment.objects.filter(original_name="text.docx").exists()


@pytest.mark.parametrize("post", [post_attachment, post_comment_file])
def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(world, settings, post):
    settings.SEP_ATTACHMENT_MAX_BYTES = 1024
    response = post(world, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "the limit is 1.0\xa0KB" in response.content.decode()


def test_a_version_takes_a_limited_number_of_documents(world):
    version = world["ours"]["discussion"].current_version
    existing = version.attachments.count()
    for n in range(AttachmentForm.MAX_PER_VERSION - existing):
        assert post_attachment(world, f"doc{n}.pdf", PDF).status_code == 302
    assert version.attachments.count() == AttachmentForm.MAX_PER_VERSION
    response = post_attachment(world, "one-too-many.pdf", PDF)
    assert response.status_code == 200
    assert (
        f"A version can have at most {AttachmentForm.MAX_PER_VERSION} documents"
        in response.content.decode()
    )
    assert version.attachments.count() == AttachmentForm.MAX_PER_VERSION


def test_a_comment_carries_at_most_one_file(world):
    """The comment form has one file field: a second file in the same request is ignored."""
    client = Client()
    client.force_login(world["users"]["citizen"])
    draft = world["ours"]["discussion"]
    response = client.post(
        reverse("comments:new", args=[draft.reference]),
        {
            "text": "Два файла",
            "position": "proposal",
            "section": "",
            "key": uuid.uuid4(),
            "attachment": [
                SimpleUploadedFile("first.pdf", PDF),
                SimpleUploadedFile("second.pdf", PDF),
            ],
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get(text="Два файла")
    assert comment.attachment_name in ("first.pdf", "second.pdf")


EVIL_NAME = "..%2F..%2F<script>alert(1)<%2Fscript>evil name.pdf"


def test_stored_names_are_made_by_the_server(world):
    assert post_attachment(world, EVIL_NAME, PDF).status_code == 302
    attachment = Attachment.objects.latest("pk")
    assert "evil" not in attachment.file.name and "script" not in attachment.file.name
    assert attachment.file.name.startswith(f"drafts/{world['ours']['discussion'].reference}/")

    assert post_comment_file(world, EVIL_NAME, PDF).status_code == 302
    comment = Comment.objects.filter(author=world["users"]["citizen"]).latest("pk")
    assert "evil" not in comment.attachment.name and "script" not in comment.attachment.name


def test_plan_import_files_are_stored_under_a_server_made_name(world):
    client = Client()
    client.force_login(world["users"]["editor"])
    plan = world["ours"]["plan"]
    client.post(
        reverse("plans:staff-import", args=[plan.pk]),
        {"file": SimpleUploadedFile("<script>evil plan.csv", b"quarter,title\n")},
    )
    record = plan.imports.latest("pk")
    assert record.original_name == "<script>evil plan.csv"
    assert "evil" not in record.file.name and "script" not in record.file.name


def _download_headers(response):
    disposition = response["Content-Disposition"]
    kind = response["Content-Type"]
    return disposition, kind


def test_downloads_are_attachments_and_never_html(world):
    draft = world["ours"]["discussion"]
    assert post_attachment(world, EVIL_NAME, PDF).status_code == 302
    assert post_comment_file(world, EVIL_NAME, PDF).status_code == 302
    attachment = Attachment.objects.latest("pk")
    comment = Comment.objects.filter(author=world["users"]["citizen"]).latest("pk")
    editor = Client()
    editor.force_login(world["users"]["editor"])
    plan = world["ours"]["plan"]
    downloads = [
        (Client(), reverse("drafts:attachment", args=[draft.reference, attachment.pk])),
        (Client(), reverse("comments:file", args=[comment.pk])),
        (
            editor,
            reverse("plans:staff-import-file", args=[plan.pk, world["ours"]["plan_import"].pk]),
        ),
    ]
    for client, url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        disposition, kind = _download_headers(response)
        assert disposition.startswith("attachment"), url
        assert "html" not in kind and "svg" not in kind, (url, kind)
        # The person's own file name comes back as data in a quoted header, never as markup.
        assert disposition.count('"') == 2 and "\n" not in disposition
        assert response.get("X-Content-Type-Options") == "nosniff"
