import datetime
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.roles import Role
from ipsweb.middleware import RENEWED
from reviews.models import Rating
from tests.factories import TEST_PASSWORD, ReviewFactory, UserFactory, force_login

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_repeated_failed_logins_lock_the_account_out_even_with_the_right_password(manager):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": manager.username, "password": "guess"})
    response = client.post(
        reverse("login"), {"username": manager.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_failed_logins_do_not_lock_out(manager):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": manager.username, "password": "guess"})
    response = client.post(
        reverse("login"), {"username": manager.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def _stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_lasts_the_idle_time_from_its_last_renewal(client_for, manager, settings):
    settings.SESSION_RENEW_SECONDS = 60
    client = client_for(manager)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 60 * 60
    session = client.session
    session[RENEWED] -= 61  # the last renewal was more than a minute ago
    session.save()
    before = _stored_expiry(client)
    assert client.get(reverse("centers:list")).status_code == 200
    assert _stored_expiry(client) > before
    assert client.session[RENEWED] >= time.time() - 5


def test_requests_soon_after_a_renewal_do_not_write_the_session(client_for, manager, settings):
    settings.SESSION_RENEW_SECONDS = 60
    client = client_for(manager)
    client.get(reverse("centers:list"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("centers:list"))
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_visiting_without_logging_in_stores_no_session(db):
    Client().get(reverse("login"))
    assert not Session.objects.exists()


def test_a_session_idle_for_longer_than_the_idle_time_is_logged_out(client_for, manager):
    client = client_for(manager)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("centers:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_changing_the_password_logs_out_every_other_session(manager):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(reverse("login"), {"username": manager.username, "password": TEST_PASSWORD})
        assert device.get(reverse("centers:list")).status_code == 200
    new = "a-brand-new-password-2026"
    laptop.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert laptop.get(reverse("centers:list")).status_code == 200
    assert phone.get(reverse("centers:list")).status_code == 302


def test_every_form_carries_a_csrf_token(client_for, admin, center):
    client = client_for(admin)
    for url in [
        reverse("centers:create"),
        reverse("centers:edit", args=[center.pk]),
        reverse("user_create"),
        reverse("password_change"),
    ]:
        assert "csrfmiddlewaretoken" in client.get(url).content.decode()


def test_a_post_without_csrf_token_is_refused(admin):
    client = Client(enforce_csrf_checks=True)
    force_login(client, admin)
    response = client.post(reverse("centers:create"), {"name": "X", "code": "X"})
    assert response.status_code == 403


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_an_autosave_without_the_csrf_token_is_refused_and_saves_nothing(center):
    lead, other = UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)
    review = ReviewFactory(center=center, reviewers=[lead, other])
    client = Client(enforce_csrf_checks=True)
    force_login(client, lead)
    item = review.scale.items.get(number=1)
    response = client.post(
        reverse("reviews:autosave", args=[review.pk]),
        {"item": item.pk, "score": 4, "evidence": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Rating.objects.exists()
