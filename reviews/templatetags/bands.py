"""``{{ review|band_name }}``: a final review's band in the reader's language
(``reviews.selectors.review_band_name``): lists annotate it (``with_band_names``); a single
review takes one query."""

from django import template

from reviews.selectors import review_band_name

register = template.Library()


@register.filter
def band_name(review) -> str:
    return "" if review is None else review_band_name(review)
