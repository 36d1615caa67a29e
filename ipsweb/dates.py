"""Date arithmetic shared by the apps. Pure: no Django."""

import calendar
import datetime


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
