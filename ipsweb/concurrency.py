"""No lost updates: what a refused save tells the user about the other person's save."""

from django.core.exceptions import ValidationError


class EditConflict(ValidationError):
    """A save based on an older version than the stored one: someone else saved in between.

    ``current`` holds what is stored now (for a page: labels to shown values), ``saved_by`` who
    saved it and ``version`` its version, so the page can show the other person's answers, keep
    what this user typed, and let them save again on purpose to replace the other version.
    """

    def __init__(self, message, *, current: dict, saved_by, version: int):
        super().__init__(message)
        self.current = current
        self.saved_by = saved_by
        self.version = version
