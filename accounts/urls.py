from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.two_factor, name="two_factor"),
    path("verify/", views.two_factor_verify, name="two_factor_verify"),
    path("setup/", views.two_factor_setup, name="two_factor_setup"),
    path("recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("turn-off/", views.two_factor_turn_off, name="two_factor_turn_off"),
]
