"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Largest key a BigAutoField can hold on every supported database.
MAX_ID = 2**63 - 1

# The largest file any upload form accepts: 1 MiB, i.e. 1,048,576 bytes (not 1,000,000).
MAX_UPLOAD_BYTES = 1024 * 1024


def check_upload_size(upload) -> None:
    """Refuse an uploaded file over ``MAX_UPLOAD_BYTES``, saying the limit exactly."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s bytes; the limit is 1 MiB (%(limit)s bytes).")
            % {"size": f"{upload.size:,}", "limit": f"{MAX_UPLOAD_BYTES:,}"},
            code="too_large",
        )


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
