"""The text of an uploaded transcript: UTF-8 text or a Word .docx. Plain data in, no ORM."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A transcript of a long focus group is some 100,000 characters; a .docx under the upload limit
# can unpack to far more (a zip bomb), so the text has its own limit.
MAX_TEXT_CHARACTERS = 500_000


def text_of_upload(name: str, data: bytes) -> str:
    if name.lower().endswith(".docx"):
        text = _docx_text(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _(
                    "The file is not UTF-8 text (a byte at position %(position)s cannot be read). "
                    "Save it as UTF-8 text or as a Word .docx file and upload it again."
                )
                % {"position": error.start},
                code="encoding",
            ) from None
    return checked_text(text)


def checked_text(text: str) -> str:
    """Line ends made uniform (offsets must not depend on the editor that saved the file)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise ValidationError(_("The text is empty."), code="empty")
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ValidationError(
            _("The text has %(count)s characters; the limit is %(limit)s.")
            % {"count": f"{len(text):,}", "limit": f"{MAX_TEXT_CHARACTERS:,}"},
            code="too_long",
        )
    return text


def _docx_text(data: bytes) -> str:
    import docx  # python-docx; imported here so pages that never read a .docx do not load it

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError(
            _("The file is not a Word .docx document (a .docx is a zip archive; this one is not)."),
            code="not_docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > 50 * MAX_TEXT_CHARACTERS:
            raise ValidationError(_("The .docx file unpacks to too much data."), code="too_long")
        document = docx.Document(io.BytesIO(data))
    except ValidationError:
        raise
    except Exception:  # python-docx raises several kinds for a broken package
        raise ValidationError(
            _("The .docx file cannot be read; open it in Word and save it again."),
            code="not_docx",
        ) from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
