"""Logins that need a second factor reach no page until it is given."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts.selectors import two_factor_required

# Set at login for a user with a second factor set up, so that checking everyone else costs no
# query: accounts.signals.
HAS_SECOND_FACTOR = "two_factor_set_up"


def require_two_factor(get_response):
    """Send a logged-in but not yet verified user who needs a second factor to give it (or to set
    it up): everything else waits until then. After django-otp's OTPMiddleware."""

    def middleware(request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and (request.session.get(HAS_SECOND_FACTOR) or two_factor_required(user))
            and request.path not in _open_paths()
        ):
            target = reverse("two_factor_verify")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware


def _open_paths() -> set[str]:
    # The two-factor pages load the JavaScript catalog like every page (it holds no data).
    names = ("two_factor_verify", "two_factor_setup", "logout", "login", "healthz")
    return {reverse(name) for name in (*names, "javascript_catalog")}
