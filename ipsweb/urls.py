from django.contrib import admin
from django.urls import include, path

from centers import views as center_views
from ipsweb import views as ipsweb_views

urlpatterns = [
    path("", center_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("centers/", include("centers.urls")),
    path("users/", center_views.user_list, name="user_list"),
    path("users/new/", center_views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", center_views.user_edit, name="user_edit"),
    path("outcomes/import/", center_views.outcome_import, name="outcome_import"),
    path("benchmarks/", center_views.benchmark_list, name="benchmark_list"),
    path("benchmarks/new/", center_views.benchmark_create, name="benchmark_create"),
    path("benchmarks/<int:pk>/edit/", center_views.benchmark_edit, name="benchmark_edit"),
    path("admin/", admin.site.urls),
    path("favicon.ico", ipsweb_views.favicon, name="favicon"),
    path("healthz", ipsweb_views.healthz, name="healthz"),
]
