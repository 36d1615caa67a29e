from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from api.views import tokens as api_token_views
from centers import views as center_views
from centers.forms import LoginForm
from ipsweb import views as ipsweb_views
from participants.views import public as participant_public
from reviews.views import facts as review_facts
from reviews.views import follow_up as review_follow_up

urlpatterns = [
    path("", center_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        ipsweb_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/two-factor/", include("accounts.urls")),
    path("centers/", include("centers.urls")),
    path("reviews/", include("reviews.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("qualitative/", include("qualitative.urls")),
    path("users/", center_views.user_list, name="user_list"),
    path("users/new/", center_views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", center_views.user_edit, name="user_edit"),
    path(
        "users/<int:pk>/two-factor/reset/",
        account_views.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
    path("users/<int:pk>/api-tokens/", api_token_views.user_api_tokens, name="user_api_tokens"),
    path("accounts/api-tokens/", api_token_views.api_tokens, name="api_tokens"),
    path(
        "accounts/api-tokens/<int:pk>/revoke/",
        api_token_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("api/v1/", include("api.urls")),
    path("outcomes/import/", center_views.outcome_import, name="outcome_import"),
    path("benchmarks/", center_views.benchmark_list, name="benchmark_list"),
    path("benchmarks/new/", center_views.benchmark_create, name="benchmark_create"),
    path("benchmarks/<int:pk>/edit/", center_views.benchmark_edit, name="benchmark_edit"),
    path("participants/", include("participants.urls")),
    # Self-completion links: short, public, no login.
    path("s/thanks/", participant_public.self_completion_thanks, name="self_completion_thanks"),
    path("s/<str:token>/", participant_public.self_completion, name="self_completion"),
    # Data request links: a center's team leader sends a review's facts, no login.
    path("d/<str:token>/", review_facts.data_request, name="data_request"),
    # Action plan follow-up links for a center's contact: public, no login.
    path("a/<str:token>/", review_follow_up.action_follow_up, name="action_follow_up"),
    path("admin/", admin.site.urls),
    # Language: the switcher of anonymous pages (set_language, POST) and the strings of static/js.
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", ipsweb_views.javascript_catalog, name="javascript_catalog"),
    path("favicon.ico", ipsweb_views.favicon, name="favicon"),
    path("healthz", ipsweb_views.healthz, name="healthz"),
]
