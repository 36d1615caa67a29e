"""When a follow-up is due. Pure: no Django."""

import datetime
import enum

from ipsweb.dates import add_months

# A follow-up whose due date is this close counts as "due" already, so staff can prepare it.
DUE_SOON_DAYS = 14


class FollowUpState(enum.StrEnum):
    NOT_YET = "not yet"
    DUE = "due"
    OVERDUE = "overdue"
    RECEIVED = "received"


def follow_up_due_on(included_on: datetime.date, months: int) -> datetime.date:
    return add_months(included_on, months)


def follow_up_state(
    due_on: datetime.date, today: datetime.date, *, received: bool
) -> FollowUpState:
    """Received wins; otherwise overdue after the due date, due from two weeks before it."""
    if received:
        return FollowUpState.RECEIVED
    if today > due_on:
        return FollowUpState.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return FollowUpState.DUE
    return FollowUpState.NOT_YET
