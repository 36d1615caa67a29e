"""Participant register: list, registration, details, corrections, withdrawal, erasure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from centers.roles import is_admin
from centers.selectors import health_data_centers_for_user
from ipsweb.audit import history_entries
from ipsweb.filters import search_text
from ipsweb.pagination import paginated
from participants import selectors, services
from participants.forms import EraseForm, ParticipantForm, WithdrawForm
from participants.models import FOLLOW_UP_STATE_LABELS, SEVERITY_LABELS, Participant, ReadLog
from participants.schedule import follow_up_state
from participants.severity import RULE_VERSION

PAGE_SIZE = 50


def center_from_query(request: HttpRequest):
    """The ``center`` query parameter as a center in scope; 404 for one outside it."""
    value = request.GET.get("center", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise Http404
    return get_object_or_404(health_data_centers_for_user(request.user), pk=int(value))


def log_read(request: HttpRequest, kind: str, *, participant=None, center=None) -> None:
    """Log that the user is shown participant data on this page (see ``ReadLog``)."""
    services.read_record(
        user=request.user,
        kind=kind,
        path=request.get_full_path(),
        participant=participant,
        center=center,
    )


def choice_from_query(request: HttpRequest, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in choices.values else ""


@never_cache
@login_required
@permission_required("participants.view_participant", raise_exception=True)
def participant_list(request: HttpRequest) -> HttpResponse:
    center = center_from_query(request)
    arm = choice_from_query(request, "arm", Participant.Arm)
    status = choice_from_query(request, "status", Participant.Status)
    query = search_text(request, "q", max_length=20)
    participants = selectors.participant_list(
        request.user, center=center, arm=arm, status=status, query=query
    )
    log_read(request, ReadLog.Kind.LIST, center=center)
    return render(
        request,
        "participants/participant_list.html",
        {
            **paginated(request, participants, PAGE_SIZE),
            "centers": health_data_centers_for_user(request.user).order_by("name"),
            "center": center,
            "arm": arm,
            "status": status,
            "query": query,
            "arms": Participant.Arm.choices,
            "statuses": Participant.Status.choices,
        },
    )


# The session key of the center and arm last registered (no participant data: two choices).
REMEMBERED_ENTRY = "participants_last_entry"


@never_cache
@login_required
@permission_required("participants.add_participant", raise_exception=True)
def participant_create(request: HttpRequest) -> HttpResponse:
    # Entering many participants in a row: the center and arm of the last one are offered again.
    remembered = request.session.get(REMEMBERED_ENTRY, {})
    form = ParticipantForm(request.POST or None, user=request.user, initial=remembered)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_register(
                actor=request.user,
                center=form.cleaned_data["center"],
                arm=form.cleaned_data["arm"],
                included_on=form.cleaned_data["included_on"],
                consent_on=form.cleaned_data["consent_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Participant %(code)s was registered. Use only this code for them.")
                % {"code": participant.study_code},
            )
            request.session[REMEMBERED_ENTRY] = {
                "center": participant.center_id,
                "arm": participant.arm,
            }
            if request.POST.get("then") == "follow_up":
                return redirect("participants:follow_up", pk=participant.pk)
            return redirect("participants:detail", pk=participant.pk)
    return render(request, "participants/participant_form.html", {"form": form})


@never_cache
@login_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(request.user, pk)
    follow_up = selectors.related_or_none(participant, "follow_up")
    severity = selectors.severity_of(participant)
    due_on = participant.follow_up_due_on
    log_read(request, ReadLog.Kind.PARTICIPANT, participant=participant)
    return render(
        request,
        "participants/participant_detail.html",
        {
            "participant": participant,
            "baseline": selectors.related_or_none(participant, "baseline"),
            "diagnostic": selectors.related_or_none(participant, "diagnostic"),
            "follow_up": follow_up,
            "answers": selectors.answered_statements(follow_up) if follow_up else [],
            "severity": SEVERITY_LABELS[severity],
            "rule_version": RULE_VERSION,
            "due_on": due_on,
            "follow_up_state": FOLLOW_UP_STATE_LABELS[
                follow_up_state(due_on, timezone.localdate(), received=follow_up is not None)
            ],
            "links": selectors.links_of(participant),
            "erase_log": participant.erase_logs.select_related("erased_by").first(),
            "can_change": participant.is_active
            and request.user.has_perm("participants.change_participant"),
            "history": history_entries(participant) if is_admin(request.user) else None,
        },
    )


@never_cache
@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(
        request.user, pk, perm="participants.change_participant"
    )
    form = ParticipantForm(request.POST or None, instance=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_save(participant=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("participants:detail", pk=participant.pk)
    log_read(request, ReadLog.Kind.PARTICIPANT, participant=participant)
    return render(
        request, "participants/participant_form.html", {"form": form, "participant": participant}
    )


@never_cache
@login_required
def participant_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(
        request.user, pk, perm="participants.change_participant"
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_withdraw(
                participant=participant,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(code)s is withdrawn. The data collected so far is kept and flagged.")
                % {"code": participant.study_code},
            )
            return redirect("participants:detail", pk=participant.pk)
    log_read(request, ReadLog.Kind.PARTICIPANT, participant=participant)
    return render(request, "participants/withdraw.html", {"form": form, "participant": participant})


@never_cache
@login_required
def participant_erase(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(
        request.user, pk, perm="participants.erase_participant"
    )
    form = EraseForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_erase(actor=request.user, participant=participant)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The answers of %(code)s were erased. The study code stays as a counted stub.")
                % {"code": participant.study_code},
            )
            return redirect("participants:detail", pk=participant.pk)
    log_read(request, ReadLog.Kind.PARTICIPANT, participant=participant)
    return render(request, "participants/erase.html", {"form": form, "participant": participant})
