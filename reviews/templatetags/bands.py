"""``{{ review|band_name }}``: a final review's band in the reader's language
(``reviews.selectors.band_name``). Lists prefetch ``scale__bands``; otherwise one query."""

from django import template

from reviews.selectors import band_name as band_name_of

register = template.Library()


@register.filter
def band_name(review) -> str:
    if review is None or not review.band_label:
        return ""
    return band_name_of(review.scale.bands.all(), review.total, review.band_label)
