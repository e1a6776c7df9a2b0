"""Uploaded medical documents: what a file really is, how big it may be, and its searchable text.

The type comes from the bytes, never from the file name or the client's content type: a
renamed executable must not be stored as a "PDF" and later served to a colleague.
"""

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader

logger = logging.getLogger(__name__)

PDF = "application/pdf"
TEXT = "text/plain"
EXTENSIONS = {PDF: ".pdf", TEXT: ".txt"}
PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Text beyond this is not useful for search and would bloat the row.
MAX_EXTRACTED_CHARS = 1_000_000
MAX_FILENAME_LENGTH = 255


def max_document_bytes() -> int:
    return getattr(settings, "MEDICAL_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


@dataclass(frozen=True)
class InspectedUpload:
    file: ContentFile
    content_type: str
    size: int
    original_filename: str
    text: str


def safe_filename(name: str, *, fallback: str = "document") -> str:
    """A bare file name with no path, control characters or quotes: safe in headers and on disk."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C" and ch not in '"\\/;')
    base = re.sub(r"\s+", " ", base).strip(" .")
    return base[:MAX_FILENAME_LENGTH] or fallback


def detect_content_type(data: bytes) -> str:
    if data.startswith(PDF_MAGIC):
        return PDF
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return TEXT
    raise ValidationError({"file": [_("Only PDF or plain-text (UTF-8) files can be uploaded.")]})


def extract_pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError({"file": [_("Encrypted PDFs cannot be stored; upload an unprotected copy.")]})
        parts: list[str] = []
        length = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= MAX_EXTRACTED_CHARS:
                break
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 -- pypdf on hostile input can raise almost anything
        logger.info("Rejected an unreadable PDF upload: %s", error.__class__.__name__)
        raise ValidationError({"file": [_("This PDF is damaged and cannot be read.")]}) from error
    return "\n".join(parts).replace("\x00", "")[:MAX_EXTRACTED_CHARS].strip()


def inspect_upload(upload: UploadedFile) -> InspectedUpload:
    """Check size and real type, extract the text, and give a file named by its real type."""
    limit = max_document_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {"file": [_("The file is larger than %(limit)d bytes.") % {"limit": limit}]},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # the declared size was wrong
        raise ValidationError({"file": [_("The file is larger than %(limit)d bytes.") % {"limit": limit}]})
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]})
    content_type = detect_content_type(data)
    text = extract_pdf_text(data) if content_type == PDF else data.decode("utf-8")[:MAX_EXTRACTED_CHARS]
    # The stored name comes from the model's `upload_to` (random); only the extension is ours.
    return InspectedUpload(
        file=ContentFile(data, name=f"upload{EXTENSIONS[content_type]}"),
        content_type=content_type,
        size=len(data),
        original_filename=safe_filename(upload.name),
        text=text,
    )
