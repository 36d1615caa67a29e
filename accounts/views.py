"""Two-factor login: giving the code after the password, setting up an authenticator app,
recovery codes, and an admin's reset for a user who lost their phone."""

import base64
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import language, selectors, services
from accounts.forms import CodeForm, LanguageForm
from accounts.middleware import HAS_SECOND_FACTOR

NEW_CODES = "two_factor_new_codes"  # shown once, on the next page


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own settings: the language they read ipsweb in."""
    current = language.preferred_language(request.user)
    form = LanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["language"]
        language.language_preference_set(user=request.user, language=chosen)
        request.session[language.SESSION_KEY] = chosen
        if chosen:
            translation.activate(chosen)
        messages.success(request, _("Your language is saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if selectors.authenticator(user) is None:
        if selectors.two_factor_required(user):
            return redirect(_with_next(request, "two_factor_setup"))
        request.session.pop(HAS_SECOND_FACTOR, None)
        return redirect(_next_url(request))
    if user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        result = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            _verified(request, result.device)
            left = selectors.recovery_codes_left(user)
            if isinstance(result.device, StaticDevice) and left < 3:
                messages.warning(request, _recovery_codes_low(left))
            return redirect(_next_url(request))
        form.add_error("code", _code_refused(result))
    return render(request, "accounts/two_factor_verify.html", {"form": form, **_next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if selectors.authenticator(user) is not None and not user.is_verified():
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect(_with_next(request, "two_factor_verify"))
    device = services.authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        result = services.authenticator_confirm(device=device, code=form.cleaned_data["code"])
        if result.device is not None:
            _verified(request, result.device)
            request.session[NEW_CODES] = services.recovery_codes_renew(user=user)
            messages.success(request, _("Two-factor login is set up."))
            return redirect(_with_next(request, "two_factor_recovery_codes"))
        form.add_error("code", _code_refused(result))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            **_next(request),
        },
    )


@login_required
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (POST), shown once (GET right after setting up or renewing)."""
    if request.method == "POST":
        if selectors.authenticator(request.user) is None:
            return redirect("two_factor")
        request.session[NEW_CODES] = services.recovery_codes_renew(user=request.user)
        return redirect("two_factor_recovery_codes")
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, **_next(request)})


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "authenticator": selectors.authenticator(user),
            "required": selectors.two_factor_required(user),
            "codes_left": selectors.recovery_codes_left(user),
        },
    )


@login_required
@require_POST
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    if selectors.two_factor_required(request.user):
        messages.error(request, _("Your role needs two-factor login: it cannot be turned off."))
        return redirect("two_factor")
    services.two_factor_remove(user=request.user, actor=request.user)
    request.session.pop(HAS_SECOND_FACTOR, None)
    messages.success(request, _("Two-factor login is turned off."))
    return redirect("two_factor")


@login_required
@permission_required("auth.change_user", raise_exception=True)
@require_POST
def user_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    services.two_factor_remove(user=user, actor=request.user)
    messages.success(
        request,
        _("Two-factor login of “%(name)s” was reset: they set it up again when they next log in.")
        % {"name": user.username},
    )
    return redirect("user_edit", pk=user.pk)


def _verified(request: HttpRequest, device) -> None:
    """This session has given its second factor (django-otp keeps the device in the session)."""
    django_otp.login(request, device)
    request.session[HAS_SECOND_FACTOR] = True


def _code_refused(result: services.Verification) -> str:
    if result.wait_seconds:
        return ngettext(
            "Too many wrong codes: wait %(seconds)d second and try again.",
            "Too many wrong codes: wait %(seconds)d seconds and try again.",
            result.wait_seconds,
        ) % {"seconds": result.wait_seconds}
    return _(
        "That code is not right. Type the code your app shows now, or an unused recovery code."
    )


def _recovery_codes_low(left: int) -> str:
    return ngettext(
        "You have %(left)d recovery code left: make new ones under Two-factor login.",
        "You have %(left)d recovery codes left: make new ones under Two-factor login.",
        left,
    ) % {"left": left}


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _next(request: HttpRequest) -> dict:
    return {"next": _next_url(request)}


def _with_next(request: HttpRequest, name: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"
