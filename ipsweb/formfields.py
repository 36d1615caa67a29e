"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# Largest key a BigAutoField can hold on every supported database.
MAX_ID = 2**63 - 1


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
