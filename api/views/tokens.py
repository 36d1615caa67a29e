"""Personal API tokens on the user's own page (make, see, revoke) and an admin's view of any
user's tokens (revoke)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.selectors import two_factor_required
from api import selectors, services
from api.forms import TokenForm
from api.models import ApiToken
from centers.roles import is_admin


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a new one is shown once, on the page that made it."""
    user = request.user
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(
                user=user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                second_factor_given=user.is_verified(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Token “%(name)s” was made.") % {"name": token.name})
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.tokens_of(user),
            "needs_second_factor": two_factor_required(user) and not user.is_verified(),
        },
    )


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of your tokens (an admin: anyone's). Others' tokens do not exist for you."""
    tokens = ApiToken.objects.all() if is_admin(request.user) else request.user.api_tokens.all()
    token = get_object_or_404(tokens, pk=pk)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” was revoked.") % {"name": token.name})
    if token.user_id != request.user.pk:
        return redirect("user_api_tokens", pk=token.user_id)
    return redirect("api_tokens")


@never_cache
@login_required
@permission_required("auth.change_user", raise_exception=True)
def user_api_tokens(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin's view of a user's tokens, to revoke them."""
    owner = get_object_or_404(get_user_model(), pk=pk)
    return render(
        request,
        "api/user_tokens.html",
        {"owner": owner, "tokens": selectors.tokens_of(owner)},
    )
