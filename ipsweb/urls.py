from django.contrib import admin
from django.urls import include, path

from centers import views as center_views

urlpatterns = [
    path("", center_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("centers/", include("centers.urls")),
    path("reviews/", include("reviews.urls")),
    path("users/", center_views.user_list, name="user_list"),
    path("users/new/", center_views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", center_views.user_edit, name="user_edit"),
    path("admin/", admin.site.urls),
]
