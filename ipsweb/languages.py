"""A user's own language, for what is made for them outside their own request (mail)."""

from contextlib import AbstractContextManager

from django.utils import translation


def language_of(user) -> str:
    """The language the user chose on their profile (accounts.LanguagePreference), or "" when they
    follow their browser. Read through the user's reverse relation, so any app may ask without
    importing accounts (a layer above ipsweb)."""
    preference = getattr(user, "language_preference", None)  # None: no row
    return preference.language if preference is not None else ""


def in_language_of(user) -> AbstractContextManager:
    """Render mail for ``user`` in their language; without a choice, in the current one."""
    return translation.override(language_of(user) or translation.get_language())
