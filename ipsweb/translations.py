"""Texts that are data (scale items, anchors, bands, survey statements) in more than one language.

A model with such texts keeps its ordinary fields as the default-language text, always complete,
and a ``translations`` JSON field with the other languages, each possibly partial::

    {"nb": {"name": "Antall deltakere per jobbspesialist", "short_name": "..."}}

Pages read a text through ``localized(obj, field)`` (templates: ``{{ item|localized:"name" }}``):
the active language's text where there is one, otherwise the default text, so a page never shows
a blank. Stored answers and scores never hold these texts; they point at the rows by key.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The language of texts that have no language of their own (survey statements): the language of
# the seed data and of the source strings.
SOURCE_LANGUAGE = "en"


def language_codes() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def language_name(code: str) -> str:
    """The language's name as ``settings.LANGUAGES`` gives it, in the active language."""
    return str(dict(settings.LANGUAGES).get(code, code))


def active_language() -> str:
    """The active language as one of ``settings.LANGUAGES`` ("nb-no" -> "nb")."""
    current = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    codes = language_codes()
    if current in codes:
        return current
    return next((code for code in codes if current.split("-")[0] == code), current)


def localized(obj, field: str, language: str | None = None) -> str:
    """``obj``'s ``field`` in ``language`` (default: the active one), else its default text."""
    text = (getattr(obj, "translations", None) or {}).get(language or active_language(), {})
    return text.get(field) or getattr(obj, field)


def language_field(verbose_name, help_text) -> models.CharField:
    """A choice of one of ``settings.LANGUAGES``."""
    return models.CharField(
        verbose_name,
        max_length=10,
        choices=settings.LANGUAGES,
        default=SOURCE_LANGUAGE,
        help_text=help_text,
    )


def translations_field() -> models.JSONField:
    return models.JSONField(
        gettext_lazy("translations"),
        default=dict,
        blank=True,
        help_text=gettext_lazy(
            "Texts in other languages, by language code; a missing text shows the default one."
        ),
    )


def clean_translations(value: object, fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Translations in their stored shape: known languages and fields, texts stripped, blank
    texts and empty languages left out. Raise ValidationError for anything else."""
    if not isinstance(value, Mapping):
        raise ValidationError(_("Translations must map language codes to texts."))
    cleaned = {}
    for language, texts in value.items():
        if language not in language_codes():
            raise ValidationError(
                _("Unknown language “%(language)s”; use one of %(codes)s.")
                % {"language": language, "codes": ", ".join(language_codes())}
            )
        if not isinstance(texts, Mapping) or not all(isinstance(t, str) for t in texts.values()):
            raise ValidationError(_("Translations must map language codes to texts."))
        unknown = set(texts) - set(fields)
        if unknown:
            raise ValidationError(
                _("Texts that cannot be translated: %(fields)s.")
                % {"fields": ", ".join(sorted(unknown))}
            )
        kept = {field: text.strip() for field, text in texts.items() if text.strip()}
        if kept:
            cleaned[language] = kept
    return cleaned


class TranslatedTexts:
    """For a model with a ``translations`` field: ``TRANSLATED`` names the fields it may translate;
    ``clean_fields`` keeps the translations in their stored shape."""

    TRANSLATED: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not exclude or "translations" not in exclude:
            try:
                self.translations = clean_translations(self.translations, self.TRANSLATED)
            except ValidationError as error:
                errors.setdefault("translations", []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    def localized(self, field: str, language: str | None = None) -> str:
        return localized(self, field, language)
