"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

# Largest key a BigAutoField can hold on every supported database.
MAX_ID = 2**63 - 1

# The largest file an upload form accepts unless it says otherwise: 1 MiB, i.e. 1,048,576 bytes
# (not 1,000,000).
MAX_UPLOAD_BYTES = 1024 * 1024
MEBIBYTE = 1024 * 1024


def upload_too_large(size: int, limit: int = MAX_UPLOAD_BYTES) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s bytes; the limit is %(mib)s MiB (%(limit)s bytes).")
        % {"size": f"{size:,}", "mib": f"{limit / MEBIBYTE:g}", "limit": f"{limit:,}"},
        code="too_large",
    )


def check_upload_size(upload, limit: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse an uploaded file over ``limit`` bytes, saying the limit exactly."""
    if upload.size > limit:
        raise upload_too_large(upload.size, limit)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a request body as soon as it is known to be over ``limit`` bytes: from its
    Content-Length before the first byte, otherwise when the received bytes pass the limit. Put
    it first in ``request.upload_handlers`` before the body is read (so in a ``csrf_exempt`` view
    that then checks CSRF itself); ``too_large`` then holds the size, for the message."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large: int | None = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit:
            self.too_large = content_length
            return QueryDict(), MultiValueDict()  # nothing of the body is read
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = self.received
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id too large for the database is an invalid choice, not a crash.

    Django guards single-value lookups against out-of-range integers, but not the IN lookup this
    field uses; a crafted post such as ``members=99999999999999999999`` would otherwise reach the
    database and fail there.
    """

    def _check_values(self, value):
        for item in value:
            try:
                number = int(str(item))
            except ValueError:
                continue  # the parent reports non-numbers as invalid choices
            if not -MAX_ID <= number <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
