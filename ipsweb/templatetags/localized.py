"""``{{ item|localized:"name" }}``: a text that is data, in the active language
(``ipsweb.translations.localized``: the default text where no translation exists)."""

from django import template

from ipsweb.translations import localized as localized_text

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    if obj is None or obj == "":
        return ""
    return localized_text(obj, field)
