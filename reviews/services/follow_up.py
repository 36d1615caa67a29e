"""Following a final review's action plan up between reviews: the links a center's contact
opens without a login, and the status changes with progress notes made through them or by staff.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsweb.concurrency import EditConflict
from ipsweb.links import check_expiry_day, days_ahead, new_link
from reviews.models import ActionFollowUpLink, ActionItem, ActionUpdate, Review

# A plan is worked through until the next review: 6 to 12 months by IPS-25's cadence.
DEFAULT_LINK_DAYS = 183
MAX_LINK_DAYS = 400
NOTE_MAX_LENGTH = 2000


class LinkUnavailable(Exception):
    """The link was withdrawn or expired between opening the page and saving."""


def default_link_expiry() -> datetime.date:
    return days_ahead(DEFAULT_LINK_DAYS)


@transaction.atomic
def follow_up_link_create(
    *, actor, review: Review, expires_on: datetime.date
) -> tuple[ActionFollowUpLink, str]:
    """A new link to the action plan of a final review; returns it with its token, which is
    returned once and never stored. A new link withdraws the review's links still open, so the
    center has one working link at a time."""
    if not review.is_final:
        raise ValidationError(_("Follow-up links are for the action plan of a final review."))
    if not review.action_items.exists():
        raise ValidationError(_("The action plan is empty: add actions before sending a link."))
    check_expiry_day(expires_on, max_days=MAX_LINK_DAYS)
    return new_link(
        ActionFollowUpLink,
        replaces=review.follow_up_links.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now()
        ),
        expires_on=expires_on,
        review=review,
        created_by=actor,
    )


def follow_up_link_revoke(*, link: ActionFollowUpLink) -> ActionFollowUpLink:
    if link.state() != ActionFollowUpLink.State.OPEN:
        raise ValidationError(_("This link is no longer open."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return link


@transaction.atomic
def action_update_by_link(
    *,
    link: ActionFollowUpLink,
    action_item: ActionItem,
    status: str,
    note: str,
    expected_version: int,
) -> ActionUpdate:
    """The center's contact sets an action's status and adds a dated progress note.

    Refused with ``LinkUnavailable`` when the link closed since the page was opened, and with
    ``EditConflict`` (nothing changed) when the action was saved by someone else since.
    """
    still_open = ActionFollowUpLink.objects.filter(
        pk=link.pk, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()
    if not still_open:
        raise LinkUnavailable
    if action_item.review_id != link.review_id:
        # Only reachable by a forged form: the page lists the link's own actions only.
        raise ValidationError(_("This action is not part of the linked action plan."))
    return _status_change(
        action_item=action_item,
        status=status,
        note=note,
        expected_version=expected_version,
        via_link=link,
        by=None,
    )


def _status_change(
    *, action_item: ActionItem, status: str, note: str, expected_version: int, via_link, by
) -> ActionUpdate:
    note = note.strip()
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("The note can be at most %(max)s characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    if status == action_item.status and not note:
        raise ValidationError(_("Change the status or write a note: there is nothing to save."))
    # Compare-and-set on the version: a concurrent save makes this update match no row, and it
    # locks the row until the transaction ends, so the save below cannot interleave.
    if not ActionItem.objects.filter(pk=action_item.pk, version=expected_version).update(
        version=F("version") + 1
    ):
        raise action_conflict(action_item.pk)
    current = ActionItem.objects.get(pk=action_item.pk)
    before = current.status
    current.status = status
    current.save(update_fields=["status", "version", "updated_at"])
    update = ActionUpdate(
        action_item=current,
        status_before=before,
        status_after=status,
        note=note,
        via_link=via_link,
        by=by,
    )
    update.full_clean()
    update.save()
    action_item.status, action_item.version = current.status, current.version
    return update


def action_conflict(pk: int) -> EditConflict:
    stored = ActionItem.objects.get(pk=pk)
    return EditConflict(
        _(
            "Someone else saved this action after you opened the page. Its current status is "
            "shown; save again if your change still applies."
        ),
        current={_("Status"): stored.get_status_display()},
        saved_by=None,
        version=stored.version,
    )
