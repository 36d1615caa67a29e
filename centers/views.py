from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers import selectors, services
from centers.forms import (
    BenchmarkForm,
    CenterForm,
    CenterMembersForm,
    OutcomeForm,
    OutcomeImportForm,
    UserForm,
)
from centers.models import Center, EmploymentOutcome, OutcomeBenchmark
from centers.roles import Role, user_role
from ipsweb.audit import history_entries
from ipsweb.filters import search_text
from ipsweb.pagination import paginated

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
CENTERS_PER_PAGE = 50
USERS_PER_PAGE = 50
# Ten years of quarters.
QUARTERS_PER_PAGE = 40


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name) in {"1", "on", "true"}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Program managers come for the overview of their centers.
    if user_role(request.user) == Role.MANAGER:
        return redirect("dashboards:portfolio")
    # Reviewers come for the reviews they are on (a task list with their next step).
    if user_role(request.user) == Role.REVIEWER:
        return redirect("reviews:mine")
    # Researchers come for their interview projects.
    if user_role(request.user) == Role.RESEARCHER:
        return redirect("qualitative:projects")
    return redirect("centers:list")


@login_required
def center_list(request: HttpRequest) -> HttpResponse:
    query = search_text(request, "q", max_length=100)
    region = search_text(request, "region", max_length=200)
    show_inactive = _flag(request, "inactive")
    centers = selectors.center_list(
        request.user, query=query, region=region, show_inactive=show_inactive
    )
    return render(
        request,
        "centers/center_list.html",
        {
            **paginated(request, centers, CENTERS_PER_PAGE),
            "regions": selectors.regions_for_user(request.user),
            "query": query,
            "region": region,
            "show_inactive": show_inactive,
        },
    )


# What apps above centers add to a center's page, each a function (user, center) -> template
# context; registered in their AppConfig.ready, so that centers imports none of them.
CENTER_PAGE_SECTIONS: list[Callable[[object, Center], dict]] = []


@login_required
def center_detail(request: HttpRequest, pk: int) -> HttpResponse:
    center = selectors.center_for_user(request.user, pk)
    manages = request.user.has_perm("centers.change_center")
    show_outcomes = request.user.has_perm("centers.view_employmentoutcome")
    context = {
        "center": center,
        "members": center.members.order_by("username") if manages else None,
        "history": history_entries(center) if manages else None,
        "show_outcomes": show_outcomes,
        "latest_outcome": selectors.center_latest_outcome(center) if show_outcomes else None,
    }
    for section in CENTER_PAGE_SECTIONS:
        context.update(section(request.user, center))
    return render(request, "centers/center_detail.html", context)


@login_required
@permission_required("centers.add_center", raise_exception=True)
def center_create(request: HttpRequest) -> HttpResponse:
    return _center_form(request, Center())


@login_required
@permission_required("centers.change_center", raise_exception=True)
def center_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _center_form(request, selectors.center_for_user(request.user, pk))


def _center_form(request: HttpRequest, center: Center) -> HttpResponse:
    creating = center._state.adding
    form = CenterForm(request.POST or None, instance=center)
    saved = _save_valid_form(request, form, lambda c: services.center_save(center=c))
    if saved:
        message = (
            _("Center “%(name)s” was created.")
            if creating
            else _("Your changes to “%(name)s” were saved.")
        )
        messages.success(request, message % {"name": saved.name})
        return redirect("centers:detail", pk=saved.pk)
    return render(
        request, "centers/center_form.html", {"form": form, "center": None if creating else center}
    )


@login_required
@permission_required("centers.change_center", raise_exception=True)
def center_members(request: HttpRequest, pk: int) -> HttpResponse:
    center = selectors.center_for_user(request.user, pk)
    form = CenterMembersForm(request.POST or None, initial={"members": center.members.all()})
    if request.method == "POST" and form.is_valid():
        services.center_set_members(center=center, users=form.cleaned_data["members"])
        messages.success(
            request, _("Assigned users of “%(name)s” were saved.") % {"name": center.name}
        )
        return redirect("centers:detail", pk=center.pk)
    return render(request, "centers/center_members.html", {"form": form, "center": center})


@require_POST
@login_required
@permission_required("centers.change_center", raise_exception=True)
def center_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    center = selectors.center_for_user(request.user, pk)
    services.center_set_active(center=center, active=not center.is_active)
    if center.is_active:
        messages.success(request, _("“%(name)s” is active again.") % {"name": center.name})
    else:
        messages.success(
            request,
            _("“%(name)s” was deactivated. Its history is kept.") % {"name": center.name},
        )
    return redirect("centers:detail", pk=center.pk)


@login_required
@permission_required("auth.view_user", raise_exception=True)
def user_list(request: HttpRequest) -> HttpResponse:
    query = search_text(request, "q", max_length=100)
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    show_inactive = _flag(request, "inactive")
    users = selectors.user_list(query=query, role=role, show_inactive=show_inactive)
    return render(
        request,
        "centers/user_list.html",
        {
            **paginated(request, users, USERS_PER_PAGE),
            "query": query,
            "role": role,
            "roles": Role.choices,
            "show_inactive": show_inactive,
        },
    )


@login_required
@permission_required("auth.add_user", raise_exception=True)
def user_create(request: HttpRequest) -> HttpResponse:
    return _user_form(request, get_user_model()())


@login_required
@permission_required("auth.change_user", raise_exception=True)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_form(request, get_object_or_404(get_user_model(), pk=pk))


@transaction.atomic
def _user_save(request: HttpRequest, form, user):
    saved = services.user_save(
        actor=request.user,
        user=user,
        role=form.cleaned_data["role"],
        centers=form.cleaned_data["centers"],
        password=form.cleaned_data.get("password") or None,
    )
    services.health_data_grants_set(
        actor=request.user, user=saved, centers=form.cleaned_data["health_data_centers"]
    )
    return saved


def _user_form(request: HttpRequest, user) -> HttpResponse:
    creating = user._state.adding
    form = UserForm(request.POST or None, instance=user)
    saved = _save_valid_form(
        request,
        form,
        lambda u: _user_save(request, form, u),
    )
    if saved and creating:
        link = services.user_invite(user=saved, base_url=request.build_absolute_uri("/"))
        message = _(
            "User “%(name)s” was created and invited by mail to %(email)s to choose a password."
        ) % {"name": saved.username, "email": saved.email}
        if settings.EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND:
            # No mail leaves this server: the admin passes the link on.
            message += " " + _("Mail is only printed on the console here; the link: %(link)s") % {
                "link": link
            }
        messages.success(request, message)
        return redirect("user_list")
    if saved:
        messages.success(
            request, _("Your changes to “%(name)s” were saved.") % {"name": saved.username}
        )
        return redirect("user_list")
    history = None if creating else history_entries(user)
    return render(
        request,
        "centers/user_form.html",
        {"form": form, "edited_user": user, "history": history},
    )


@login_required
def outcome_list(request: HttpRequest, pk: int) -> HttpResponse:
    center = selectors.center_for_user(
        request.user, pk, permission="centers.view_employmentoutcome"
    )
    benchmarks = selectors.active_benchmarks()
    context = paginated(request, selectors.center_outcomes(center), QUARTERS_PER_PAGE)
    # The chart draws the quarters of this page, the ones the table shows.
    rows = selectors.outcome_rows(context["page"], benchmarks)
    return render(
        request,
        "centers/outcome_list.html",
        {
            **context,
            "center": center,
            "rows": rows,
            "benchmarks": benchmarks,
            "chart": selectors.outcome_chart_data(rows, benchmarks),
        },
    )


@login_required
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    center = selectors.center_for_user(request.user, pk, permission="centers.add_employmentoutcome")
    return _outcome_form(request, EmploymentOutcome(center=center))


@login_required
def outcome_edit(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    outcome = selectors.outcome_for_user(
        request.user, pk, outcome_pk, permission="centers.change_employmentoutcome"
    )
    return _outcome_form(request, outcome)


def _outcome_form(request: HttpRequest, outcome: EmploymentOutcome) -> HttpResponse:
    creating = outcome._state.adding
    form = OutcomeForm(request.POST or None, instance=outcome)
    saved = _save_valid_form(
        request, form, lambda o: services.outcome_save(outcome=o, actor=request.user)
    )
    if saved:
        message = (
            _("Outcomes for %(period)s were added.")
            if creating
            else _("Your changes to %(period)s were saved.")
        )
        messages.success(request, message % {"period": saved.period})
        return redirect("centers:outcomes", pk=outcome.center.pk)
    return render(
        request,
        "centers/outcome_form.html",
        {"form": form, "center": outcome.center, "outcome": None if creating else outcome},
    )


def _save_valid_form(request: HttpRequest, form, save):
    """On a POST with a valid form, store ``form.save(commit=False)`` through the service call
    ``save`` and return what it saved. Otherwise, or when the service finds a rule broken (the
    error then shows on the form), return None so the form is shown again with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            return save(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
    return None


@login_required
@permission_required(
    ["centers.add_employmentoutcome", "centers.change_employmentoutcome"], raise_exception=True
)
def outcome_import(request: HttpRequest) -> HttpResponse:
    # Bound on every POST, so a POST without a file gets "This field is required."
    posted = request.method == "POST"
    form = OutcomeImportForm(request.POST if posted else None, request.FILES if posted else None)
    result = problems = None
    if posted and form.is_valid():
        try:
            result = services.outcome_import(
                actor=request.user,
                text=form.cleaned_data["file"],
                replace_existing=form.cleaned_data["replace_existing"],
            )
        except services.OutcomeImportRejected as error:
            problems = error.problems
    return render(
        request,
        "centers/outcome_import.html",
        {
            "form": form,
            "result": result,
            "problems": problems,
            "columns": services.OUTCOME_COLUMNS,
        },
    )


@login_required
@permission_required("centers.change_outcomebenchmark", raise_exception=True)
def benchmark_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "centers/benchmark_list.html", {"benchmarks": selectors.benchmark_list()}
    )


@login_required
@permission_required("centers.add_outcomebenchmark", raise_exception=True)
def benchmark_create(request: HttpRequest) -> HttpResponse:
    return _benchmark_form(request, OutcomeBenchmark())


@login_required
@permission_required("centers.change_outcomebenchmark", raise_exception=True)
def benchmark_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _benchmark_form(request, get_object_or_404(OutcomeBenchmark, pk=pk))


def _benchmark_form(request: HttpRequest, benchmark: OutcomeBenchmark) -> HttpResponse:
    creating = benchmark._state.adding
    form = BenchmarkForm(request.POST or None, instance=benchmark)
    saved = _save_valid_form(request, form, lambda b: services.benchmark_save(benchmark=b))
    if saved:
        message = (
            _("Benchmark “%(label)s” was added.")
            if creating
            else _("Your changes to “%(label)s” were saved.")
        )
        messages.success(request, message % {"label": saved.label})
        return redirect("benchmark_list")
    return render(
        request,
        "centers/benchmark_form.html",
        {"form": form, "benchmark": None if creating else benchmark},
    )
