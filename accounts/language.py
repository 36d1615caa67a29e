"""A logged-in user's own language: chosen on their profile page, kept in their session from login
on (so it costs no query per request), and winning over the browser's Accept-Language and the
language switcher's cookie. Anonymous visitors get Django's choice (LocaleMiddleware)."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from accounts.models import LanguagePreference

# The user's chosen language in their session: a language code, or "" for "follow the browser".
SESSION_KEY = "preferred_language"


def preferred_language(user) -> str:
    """The language code the user chose, or "" when they follow their browser."""
    preference = LanguagePreference.objects.filter(user=user).first()
    return preference.language if preference is not None else ""


@transaction.atomic
def language_preference_set(*, user, language: str) -> LanguagePreference:
    preference, _created = LanguagePreference.objects.get_or_create(user=user)
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


def remember_preferred_language(sender, request, user, **kwargs):
    """At login, keep the user's language in the session (``user_logged_in``)."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = preferred_language(user)


def use_preferred_language(get_response):
    """Speak a logged-in user's chosen language on every page. After LocaleMiddleware (which
    chose from the cookie and Accept-Language) and AuthenticationMiddleware."""
    known = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        if request.user.is_authenticated:
            if SESSION_KEY not in request.session:  # a session from before this preference existed
                request.session[SESSION_KEY] = preferred_language(request.user)
            language = request.session[SESSION_KEY]
            if language in known:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
