"""``{{ excerpt|excerpt_key }}``: the name of an excerpt beside an item, to quote it in the report
(``reviews.evidence.excerpt_key``)."""

from django import template

from reviews.evidence import excerpt_key as key_of

register = template.Library()


@register.filter
def excerpt_key(excerpt) -> str:
    return key_of(excerpt)
