"""The one display-rounding rule: half up on the decimal value people read.

Numbers are computed at full precision and rounded only when shown, and everything shown (tables,
templates, exports, chart data) rounds through ``display_round``, so a number never reads 12.3 in
a table and sits at 12.2 on a chart. Half up on the *decimal* value: 12.25 becomes 12.3 although
the float 12.25 is stored a hair below or above, and Python's ``round`` (half to even, on the
binary value) would give 12.2.
"""

from decimal import ROUND_HALF_UP, Decimal

# What a table, an export or a page shows for a number it does not have (an en dash).
DASH = "\u2013"


def display_round(value: float | int | Decimal | None, places: int) -> Decimal | None:
    """``value`` rounded half up to ``places`` decimals, as a Decimal (None stays None).

    The float's shortest decimal form (``repr``) is what gets rounded: 2.675 becomes 2.68.
    """
    if value is None:
        return None
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
