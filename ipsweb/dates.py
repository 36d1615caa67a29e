"""Dates: the ones people may type (visits, inclusions, consents, withdrawals, due dates) and the
arithmetic on them (``add_months``), shared by the apps.

A date outside this range is a typo (9999-12-31, 1899-01-01), and a far-future one breaks the
date arithmetic of whole pages (a review due a year after 9999-12-31). Forms refuse dates from
FIRST_DATE to YEARS_AHEAD years after today. The database refuses dates outside FIRST_DATE to
LAST_STORED_DATE: a constraint cannot use today's date (a row valid when written would become
invalid with time), so it holds a fixed bound that still leaves every date calculation room.
"""

import calendar
import datetime
import functools

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FIRST_DATE = datetime.date(2000, 1, 1)
LAST_STORED_DATE = datetime.date(2100, 12, 31)
YEARS_AHEAD = 2


def last_plausible_date(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    # 29 February has no twin in the year two later.
    day = min(today.day, 28) if today.month == 2 else today.day
    return min(today.replace(year=today.year + YEARS_AHEAD, day=day), LAST_STORED_DATE)


def validate_plausible_date(value: datetime.date) -> None:
    """Refuse a date before FIRST_DATE or more than YEARS_AHEAD years ahead, naming the range."""
    last = last_plausible_date()
    if value is not None and not FIRST_DATE <= value <= last:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s.")
            # In the form the date fields take, so the range reads like what is typed.
            % {"first": FIRST_DATE.isoformat(), "last": last.isoformat()},
            code="implausible_date",
        )


def validate_plausible_year(value: int) -> None:
    """Refuse a year after the one YEARS_AHEAD years from today (an outcome quarter, say)."""
    last = last_plausible_date().year
    if value is not None and value > last:
        raise ValidationError(
            _("Enter a year up to %(last)s.") % {"last": last}, code="implausible_year"
        )


def stored_date_range(field: str) -> Q:
    """A CheckConstraint condition: ``field`` (if set) lies between FIRST_DATE and
    LAST_STORED_DATE."""
    return Q(**{f"{field}__gte": FIRST_DATE, f"{field}__lte": LAST_STORED_DATE})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (earlier when negative); the 31st becomes the last day of a
    shorter month (31 January + 1 month = 28 or 29 February).

    Never raises: a result before year 1 or after year 9999, which ``datetime.date`` cannot hold,
    is clamped to ``date.min`` or ``date.max``, so a far-future date typed by someone shows as
    9999-12-31 instead of breaking the page that computes with it.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year < datetime.MINYEAR:
        return datetime.date.min
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=4096)
def _shown_date(value: datetime.date, language: str | None) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def shown_date(value: datetime.date | None) -> str:
    """``value`` as the template filter ``date:"DATE_FORMAT"`` shows it in the active language,
    or "" for None. Remembered per date and language: a long table shows the same few dates
    hundreds of times, and formatting one costs more than the rest of its cell."""
    if value is None:
        return ""
    return _shown_date(value, get_language())
