"""Checks of uploaded files by their content, not only their name."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Office formats are zip containers; each is recognised by a member only it has.
ZIP_MARKERS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".odt": "content.xml",
}
ALLOWED_EXTENSIONS = (".pdf", *ZIP_MARKERS)
# A zip whose members unpack to more than this is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def validate_attachment(uploaded) -> None:
    name = getattr(uploaded, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(type)s” are not accepted. Upload a PDF, DOCX, XLSX or ODT file.")
            % {"type": suffix or _("no extension")},
            code="file_type",
        )
    limit = settings.SEP_ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if suffix == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a real PDF document."), code="file_content")
        return
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("This file is not a real %(type)s document.") % {"type": suffix[1:].upper()},
            code="file_content",
        )
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
    except zipfile.BadZipFile:
        raise ValidationError(
            _("This file is damaged and cannot be opened."), code="file_content"
        ) from None
    finally:
        uploaded.seek(0)
    if ZIP_MARKERS[suffix] not in names:
        raise ValidationError(
            _("This file is not a real %(type)s document.") % {"type": suffix[1:].upper()},
            code="file_content",
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("This file unpacks to an unreasonable size and is refused."), code="file_content"
        )
