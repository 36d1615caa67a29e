from django.urls import path

from centers import views

app_name = "centers"

urlpatterns = [
    path("", views.center_list, name="list"),
    path("new/", views.center_create, name="create"),
    path("<int:pk>/", views.center_detail, name="detail"),
    path("<int:pk>/edit/", views.center_edit, name="edit"),
    path("<int:pk>/members/", views.center_members, name="members"),
    path("<int:pk>/active/", views.center_toggle_active, name="toggle_active"),
    path("<int:pk>/outcomes/", views.outcome_list, name="outcomes"),
    path("<int:pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("<int:pk>/outcomes/<int:outcome_pk>/edit/", views.outcome_edit, name="outcome_edit"),
]
