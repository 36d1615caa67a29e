"""Personal API tokens: made on the user's page and shown once, stored as a hash, revoked by
their owner or an admin, refused when expired or revoked, throttled per token."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create
from centers.roles import Role
from tests.api.conftest import client_with
from tests.factories import UserFactory, force_login

pytestmark = pytest.mark.django_db
CENTERS = "/api/v1/centers/"


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client_for, manager):
    client = client_for(manager)
    response = client.post(reverse("api_tokens"), {"name": "Quarterly report"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("ips_") and secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(user=manager)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    # Shown once: the page never shows it again, only its first characters.
    again = client.get(reverse("api_tokens")).content.decode()
    assert secret not in again and token.prefix in again
    assert client_with(secret).get(CENTERS).status_code == 200


def test_a_token_records_when_it_was_last_used(token_for, manager):
    secret = token_for(manager)
    assert ApiToken.objects.get(user=manager).last_used_at is None
    client_with(secret).get(CENTERS)
    assert ApiToken.objects.get(user=manager).last_used_at is not None


def test_a_token_stops_working_after_its_last_day(token_for, manager):
    today = timezone.localdate()
    secret = token_for(manager, expires_on=today)
    assert client_with(secret).get(CENTERS).status_code == 200
    ApiToken.objects.filter(user=manager).update(expires_on=today - datetime.timedelta(days=1))
    response = client_with(secret).get(CENTERS)
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is unknown, revoked or expired."


def test_a_token_cannot_be_made_with_a_last_day_in_the_past(client_for, manager):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for(manager).post(
        reverse("api_tokens"), {"name": "old", "expires_on": yesterday.isoformat()}
    )
    assert "The last day cannot be in the past." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_and_it_stops_working(client_for, token_for, manager):
    secret = token_for(manager)
    token = ApiToken.objects.get(user=manager)
    response = client_for(manager).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert client_with(secret).get(CENTERS).status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == manager


def test_nobody_else_can_revoke_a_token_but_an_admin(client_for, token_for, manager, outsider):
    secret = token_for(manager)
    token = ApiToken.objects.get(user=manager)
    assert (
        client_for(outsider).post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    )
    assert client_with(secret).get(CENTERS).status_code == 200
    admin = UserFactory(role=Role.ADMIN)
    page = client_for(admin).get(reverse("user_api_tokens", args=[manager.pk]))
    assert token.prefix in page.content.decode()
    response = client_for(admin).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.url == reverse("user_api_tokens", args=[manager.pk])
    assert client_with(secret).get(CENTERS).status_code == 401


def test_a_user_whose_role_needs_a_second_factor_makes_tokens_only_after_giving_it(admin):
    with pytest.raises(Exception, match="second factor"):
        token_create(user=admin, name="x", expires_on=None, second_factor_given=False)
    # Logged in with a password only, an admin never reaches the page.
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("api_tokens"), {"name": "x"})
    assert response.status_code == 302 and "two-factor" in response.url
    assert not ApiToken.objects.exists()


def test_a_token_of_a_deactivated_user_stops_working(token_for, manager):
    secret = token_for(manager)
    manager.is_active = False
    manager.save()
    assert client_with(secret).get(CENTERS).status_code == 401


def test_a_malformed_authorization_header_is_a_401_not_a_500(manager):
    for header in ["Bearer", "Bearer a b", "Bearer \u00e9t\u00e9", "Token " + "x" * 5000]:
        client = client_with(None)
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get(CENTERS).status_code == 401, header


def test_too_many_requests_get_429_with_retry_after_counted_per_token(settings, token_for, manager):
    settings.API_REQUESTS_PER_MINUTE = 3
    first, second = client_with(token_for(manager)), client_with(token_for(manager))
    assert [first.get(CENTERS).status_code for _ in range(3)] == [200, 200, 200]
    response = first.get(CENTERS)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "Too Many Requests"
    # Another token of the same user has its own count.
    assert second.get(CENTERS).status_code == 200


def test_a_write_with_the_session_needs_the_csrf_token(admin, center):
    client = Client(enforce_csrf_checks=True)
    force_login(client, admin)
    body = {"center": "NV", "year": 2025, "quarter": 1, "served": 10, "working": 2}
    response = client.post("/api/v1/outcomes/", body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    client.get(reverse("api_tokens"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/outcomes/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
