"""Uploaded transcripts: what is read, and what is refused with a message that says why."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError

from qualitative.uploads import MAX_TEXT_CHARACTERS, text_of_upload


def test_utf8_text_is_read_with_uniform_line_ends():
    assert (
        text_of_upload("t.txt", "Informant 2: ja\r\nså bra".encode()) == "Informant 2: ja\nså bra"
    )


def test_a_byte_order_mark_is_not_part_of_the_text():
    assert text_of_upload("t.txt", "\ufeffHei".encode()) == "Hei"


def test_text_in_another_encoding_is_refused_with_the_position():
    with pytest.raises(ValidationError, match=r"not UTF-8 text.*position 2"):
        text_of_upload("t.txt", "Blå".encode("latin-1"))


def test_a_docx_is_read_paragraph_by_paragraph():
    document = docx.Document()
    document.add_paragraph("First answer.")
    document.add_paragraph("Second answer.")
    data = io.BytesIO()
    document.save(data)
    assert text_of_upload("Interview.DOCX", data.getvalue()) == "First answer.\nSecond answer."


def test_a_docx_that_is_not_a_zip_is_refused():
    with pytest.raises(ValidationError, match=r"not a Word \.docx"):
        text_of_upload("fake.docx", b"just text pretending")


def test_a_zip_that_is_not_a_docx_is_refused():
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match="cannot be read"):
        text_of_upload("fake.docx", data.getvalue())


def test_an_empty_text_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        text_of_upload("t.txt", b"  \n ")


def test_a_huge_text_is_refused_with_the_limit():
    with pytest.raises(ValidationError, match="limit is 500,000"):
        text_of_upload("t.txt", b"a" * (MAX_TEXT_CHARACTERS + 1))
