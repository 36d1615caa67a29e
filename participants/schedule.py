"""When a follow-up is due. Pure: no Django."""

import datetime
import enum

from ipsweb.dates import add_months

# A follow-up whose due date is this close counts as "due" already, so staff can prepare it.
DUE_SOON_DAYS = 14
# A follow-up still not received this long after its due date is missed: its window has closed (an
# answer given months late no longer measures the six-month point), so it leaves the to-do list.
# It still counts as due and not received in response rates.
WINDOW_CLOSES_AFTER_DAYS = 90


class FollowUpState(enum.StrEnum):
    NOT_YET = "not yet"
    DUE = "due"
    OVERDUE = "overdue"
    MISSED = "missed"
    RECEIVED = "received"


def follow_up_due_on(included_on: datetime.date, months: int) -> datetime.date:
    return add_months(included_on, months)


def follow_up_state(
    due_on: datetime.date, today: datetime.date, *, received: bool
) -> FollowUpState:
    """Received wins; otherwise missed once the window has closed, overdue after the due date,
    due from two weeks before it."""
    if received:
        return FollowUpState.RECEIVED
    if (today - due_on).days > WINDOW_CLOSES_AFTER_DAYS:
        return FollowUpState.MISSED
    if today > due_on:
        return FollowUpState.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return FollowUpState.DUE
    return FollowUpState.NOT_YET
