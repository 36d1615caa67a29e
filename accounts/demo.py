"""The demo's one Norwegian-speaking user, so both languages can be seen (`manage.py load_demo`)."""

from accounts.models import LanguagePreference

# username: language; the other demo users follow their browser.
DEMO_LANGUAGES = {"reviewer2": "nb"}


def load_languages(users: dict) -> None:
    """Give the demo users their language unless they already chose one (running again keeps it)."""
    for username, language in DEMO_LANGUAGES.items():
        if username in users:
            LanguagePreference.objects.get_or_create(
                user=users[username], defaults={"language": language}
            )
