"""A directive's files: sniffed by their content (never the name's extension), capped in
size, and stored once by their SHA-256 however often they are attached or sent as evidence."""

from __future__ import annotations

import hashlib
import uuid

from pr_desk.data.directives import queries as q
from pr_desk.data.directives.models import StoredFile
from pr_desk.data.transactions import Session
from pr_desk.domain.directives import MAX_NAME
from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import clean_file_name
from pr_desk.i18n import N_

_DOC_MAGIC = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword", ".doc"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff_document(content: bytes) -> tuple[str, str]:
    """(mime, extension) of a PDF, Word (.doc, .docx) or image file from its content."""
    for magic, mime, ext in _DOC_MAGIC:
        if content.startswith(magic):
            return mime, ext
    if content.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return _DOCX, ".docx"
        except zipfile.BadZipFile:
            pass
    raise UserError(N_("Only PDF, Word (.doc, .docx) and image files can be attached; this file is none of them."),
                    field="attachment")



def attachment_cap(session: Session) -> int:
    """The office's cap in bytes (office settings: 1 to 100 MB, 10 MB unless set)."""
    from pr_desk.services.office_settings import load_settings

    return load_settings(session).attachment_cap


def file_bytes(session: Session, sha256: str) -> bytes | None:
    """A stored file's content (None: no such file). A field copy holds a file larger than
    the office's cap for field copies without its content: that is refused with a sentence
    saying the file stays at the office."""
    stored = q.stored_file(session, sha256)
    if stored is None:
        return None
    content = q.file_content(session, sha256)
    if not content and stored.size > 0:
        raise UserError(N_("This file stays at the office: it is larger than the size the office lets field copies "
                           "carry. Open it at the office."))
    return content


# A stored file's id follows from its content, so the same file stored at the office and
# on a field copy is one record when the copy's work comes back (a random id would make
# the copy's file clash with the office's by hash and hold up its next field package).
FILE_ID_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-4f43-9b61-2d5e7c0a9e14")


def file_id(sha256: str) -> uuid.UUID:
    return uuid.uuid5(FILE_ID_NAMESPACE, sha256)


def store_file(session: Session, content: bytes, mime: str) -> str:
    """The file's SHA-256; its bytes are stored once however often they are attached."""
    sha = hashlib.sha256(content).hexdigest()
    if q.stored_file(session, sha) is None:
        session.add(StoredFile(id=file_id(sha), sha256=sha, size=len(content), mime=mime, content=bytes(content)))
        session.flush()
    return sha


def checked_file(session: Session, file_name: str, content: bytes) -> tuple[str, str]:
    """(mime, clean name) of a file to attach: content-sniffed, within the office's cap."""
    if not isinstance(content, (bytes, bytearray)) or not content:
        raise UserError(N_("The file is empty."), field="attachment")
    cap = attachment_cap(session)
    if len(content) > cap:
        raise UserError(N_("The file is larger than {mb} MB, the office's limit for attachments."), field="attachment",
                        mb=max(1, cap // (1024 * 1024)))
    mime, ext = sniff_document(bytes(content[:4096]) if not content.startswith(b"PK") else bytes(content))
    return mime, clean_file_name(file_name, ext)[:MAX_NAME + 40]


