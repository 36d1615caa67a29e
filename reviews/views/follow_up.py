"""Following a final review's action plan up between reviews.

Staff of the review make a link (``/a/<token>/``) for the center's contact. The contact opens it
without a login and sees the center's name and that review's actions (action, owner, due date,
status) and nothing else; they set each action's status and add a dated progress note. An unknown
token answers 404, a withdrawn or expired link 410, and an address that keeps trying unknown tokens
429; nothing a visitor sends can cause a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ipsweb.concurrency import EditConflict
from ipsweb.links import keep_private
from reviews import action_follow_up as selectors
from reviews.forms import ActionProgressForm, FollowUpLinkForm
from reviews.models import ActionFollowUpLink
from reviews.selectors import review_for_user
from reviews.services import follow_up as services
from reviews.views.public import UNKNOWN, link_message, unknown_link

MESSAGES = {
    ActionFollowUpLink.State.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy("Ask your fidelity reviewers for a new link to your action plan."),
    ),
    ActionFollowUpLink.State.REVOKED: (
        410,
        gettext_lazy("This link was withdrawn"),
        gettext_lazy(
            "It has been replaced or cancelled. Ask your fidelity reviewers for a new one."
        ),
    ),
}


@never_cache
@login_required
def follow_up_links(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's follow-up links, and a form for a new one (shown once when made)."""
    review = review_for_user(request.user, pk, "follow_up")
    form = FollowUpLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link, token = services.follow_up_link_create(
                actor=request.user, review=review, expires_on=form.cleaned_data["expires_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown once: only the token's hash is stored.
            url = request.build_absolute_uri(reverse("action_follow_up", args=[token]))
            return render(
                request,
                "reviews/follow_up_link_created.html",
                {"review": review, "link": link, "url": url},
            )
    return render(
        request,
        "reviews/follow_up_links.html",
        {"review": review, "form": form, "links": selectors.follow_up_links(review)},
    )


@never_cache
@require_POST
@login_required
def follow_up_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    review = review_for_user(request.user, pk, "follow_up")
    link = get_object_or_404(review.follow_up_links, pk=link_pk)
    try:
        services.follow_up_link_revoke(link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The link was withdrawn. It no longer opens the action plan."))
    return redirect("reviews:follow_up_links", pk=review.pk)


@never_cache
def action_follow_up(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.link_for_token(token)
    if link is None:
        return unknown_link(request, "follow-up")
    state = link.state()
    if state != ActionFollowUpLink.State.OPEN:
        return link_message(request, MESSAGES[state])
    actions = selectors.linked_actions(link)
    posted = ActionProgressForm(request.POST) if request.method == "POST" else None
    failed: dict[int, tuple[ActionProgressForm, EditConflict | None]] = {}
    if posted is not None:
        result = _save(link, actions, posted)
        if result is None:
            messages.success(request, _("Saved. Thank you for the update."))
            return keep_private(redirect("action_follow_up", token=token))
        if result == "closed":
            fresh = selectors.link_for_token(token)
            return link_message(request, MESSAGES[fresh.state()] if fresh else UNKNOWN)
        failed[result[0]] = result[1:]
    rows = []
    for action in actions:
        form, conflict = failed.get(action.pk, (None, None))
        if form is None:
            form = ActionProgressForm(
                initial={"action": action.pk, "version": action.version, "status": action.status},
                auto_id=f"id_%s_{action.pk}",
            )
        rows.append({"action": action, "form": form, "conflict": conflict})
    return keep_private(
        render(
            request,
            "reviews/action_follow_up.html",
            {"center": link.review.center, "link": link, "rows": rows},
        ),
        referrer_policy="same-origin",
    )


def _save(link, actions, form: ActionProgressForm):
    """None when saved; "closed" when the link closed meanwhile; otherwise (action pk, the form
    with what to fix, the conflict if someone else saved first)."""
    by_pk = {action.pk: action for action in actions}
    form.auto_id = f"id_%s_{form.data.get('action', '')}"
    if not form.is_valid():
        pk = form.cleaned_data.get("action") if hasattr(form, "cleaned_data") else None
        if pk in by_pk:
            return pk, form, None
        # No action of this plan to show the errors beside: the first one carries them.
        form.add_error(None, _("Choose an action of this plan and try again."))
        return next(iter(by_pk), None), form, None
    action = by_pk.get(form.cleaned_data["action"])
    if action is None:
        form.add_error(None, _("This action is not part of this action plan."))
        return next(iter(by_pk), None), form, None
    try:
        services.action_update_by_link(
            link=link,
            action_item=action,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except services.LinkUnavailable:
        return "closed"
    except EditConflict as error:
        # Keep what they typed; the next save is made over the version they have now seen.
        form.data = form.data.copy()
        form.data["version"] = str(error.version)
        form.add_error(None, error.messages[0])
        return action.pk, form, error
    except ValidationError as error:
        form.add_error(None, error)
        return action.pk, form, None
    return None
