"""Survey entry by staff, self-completion links, and the list of due follow-ups."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from centers.roles import is_admin
from centers.selectors import health_data_centers_for_user
from ipsweb.audit import history_entries
from ipsweb.concurrency import EditConflict
from participants import selectors, services
from participants.forms import BaselineForm, DiagnosticForm, FollowUpForm, LinkForm
from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    Participant,
    ReadLog,
)
from participants.schedule import WINDOW_CLOSES_AFTER_DAYS
from participants.views.registry import center_from_query, log_read

CHANGE = "participants.change_participant"


def _closed(request: HttpRequest, participant: Participant) -> HttpResponse | None:
    """Back to the participant with the reason, when no answers may be recorded."""
    try:
        services.require_active(participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participants:detail", pk=participant.pk)
    return None


def _posted(request):
    """The POST data, editable so a conflict can move the form to the newest version."""
    return request.POST.copy() if request.method == "POST" else None


def _show_conflict(form, conflict: EditConflict) -> EditConflict:
    # What the user typed stays in the form; saving again now replaces the other person's save.
    form.data["version"] = str(conflict.version)
    form.add_error(None, conflict.messages[0])
    return conflict


def _history(request, survey):
    """The audit trail of a stored survey, for admins."""
    if survey is None or survey.pk is None or not is_admin(request.user):
        return None
    return history_entries(survey)


def _survey_edit(
    request, pk: int, *, related: str, model, form_class, title, kind: str
) -> HttpResponse:
    """Enter or correct a participant's baseline survey or diagnostic screen."""
    participant = selectors.participant_for_user(request.user, pk, perm=CHANGE)
    if closed := _closed(request, participant):
        return closed
    instance = selectors.related_or_none(participant, related) or model(participant=participant)
    form = form_class(_posted(request), instance=instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_save(
                actor=request.user,
                survey=form.save(commit=False),
                expected_version=form.expected_version(),
            )
        except EditConflict as error:
            conflict = _show_conflict(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(title)s was saved.") % {"title": title})
            return redirect("participants:detail", pk=participant.pk)
    log_read(request, kind, participant=participant)
    return render(
        request,
        "participants/survey_form.html",
        {
            "form": form,
            "participant": participant,
            "title": title,
            "conflict": conflict,
            "history": _history(request, instance),
        },
    )


@never_cache
@login_required
def baseline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_edit(
        request,
        pk,
        related="baseline",
        model=BaselineSurvey,
        form_class=BaselineForm,
        kind=ReadLog.Kind.BASELINE,
        title=gettext_lazy("Baseline survey"),
    )


@never_cache
@login_required
def diagnostic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_edit(
        request,
        pk,
        related="diagnostic",
        model=DiagnosticScreen,
        form_class=DiagnosticForm,
        kind=ReadLog.Kind.DIAGNOSTIC,
        title=gettext_lazy("Diagnostic screen (M.I.N.I.)"),
    )


@never_cache
@login_required
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(request.user, pk, perm=CHANGE)
    if closed := _closed(request, participant):
        return closed
    follow_up = selectors.related_or_none(participant, "follow_up")
    form = FollowUpForm(
        _posted(request),
        statements=selectors.statements_for_follow_up(follow_up),
        instance=follow_up,
        answers=selectors.follow_up_answers(follow_up),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_save(
                participant=participant,
                channel=FollowUpSurvey.Channel.STAFF,
                actor=request.user,
                values=form.values(),
                answers=form.answers(),
                expected_version=form.expected_version(),
            )
        except EditConflict as error:
            conflict = _show_conflict(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up survey was saved."))
            if request.POST.get("then") == "next":
                return redirect("participants:create")
            return redirect("participants:detail", pk=participant.pk)
    log_read(request, ReadLog.Kind.FOLLOW_UP, participant=participant)
    return render(
        request,
        "participants/follow_up_form.html",
        {
            "form": form,
            "participant": participant,
            "follow_up": follow_up,
            "conflict": conflict,
            "history": _history(request, follow_up),
        },
    )


@never_cache
@login_required
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(request.user, pk, perm=CHANGE)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link, token = services.link_create(
                actor=request.user,
                participant=participant,
                expires_on=form.cleaned_data["expires_on"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown once: only the token's hash is stored.
            url = request.build_absolute_uri(reverse("self_completion", args=[token]))
            log_read(request, ReadLog.Kind.PARTICIPANT, participant=participant)
            return render(
                request,
                "participants/link_created.html",
                {"participant": participant, "link": link, "url": url},
            )
    log_read(request, ReadLog.Kind.PARTICIPANT, participant=participant)
    return render(
        request, "participants/link_form.html", {"form": form, "participant": participant}
    )


@never_cache
@require_POST
@login_required
def link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(request.user, pk, perm=CHANGE)
    link = get_object_or_404(participant.links, pk=link_pk)
    try:
        services.link_revoke(link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The link was withdrawn. It no longer opens the survey."))
    return redirect("participants:detail", pk=participant.pk)


@never_cache
@login_required
@permission_required("participants.view_participant", raise_exception=True)
def follow_ups_due(request: HttpRequest) -> HttpResponse:
    center = center_from_query(request)
    log_read(request, ReadLog.Kind.LIST, center=center)
    return render(
        request,
        "participants/follow_ups_due.html",
        {
            "rows": selectors.due_follow_ups(request.user, center=center),
            "center": center,
            "centers": health_data_centers_for_user(request.user).order_by("name"),
            "months": settings.FOLLOW_UP_MONTHS,
            "window": WINDOW_CLOSES_AFTER_DAYS,
        },
    )
