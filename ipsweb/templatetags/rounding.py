"""``{{ value|rounded:1 }}``: ``ipsweb.rounding.display_round`` for templates.

Shown as Django's ``floatformat`` shows numbers (localized; a negative argument such as "-1" drops
the decimals of a whole number), but always rounded by the one display rule first.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat

from ipsweb.rounding import display_round

register = template.Library()


@register.filter
def rounded(value, places=1):
    """``value`` rounded half up for display; "" for None or anything that is not a number."""
    if value is None or isinstance(value, bool):
        return ""
    try:
        digits = int(places)
        exact = value if isinstance(value, int | float | Decimal) else Decimal(str(value))
        number = display_round(exact, abs(digits))
    except (TypeError, ValueError, InvalidOperation):
        return ""
    return floatformat(number, digits)
