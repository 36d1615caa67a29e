import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.ipsweb.test_settings import run_manage

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
USER = "198.51.100.7"


def log_in(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def fail_repeatedly(client, username, times, **headers):
    for _ in range(times):
        log_in(client, username, "a-wrong-guess", **headers)


def time_passes(seconds):
    """Move every recorded login attempt this many seconds into the past."""
    delta = datetime.timedelta(seconds=seconds)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.update(attempt_time=F("attempt_time") - delta)


def test_failures_from_one_address_do_not_block_the_same_user_at_another(manager, settings):
    fail_repeatedly(Client(REMOTE_ADDR=ATTACKER), manager.username, settings.LOGIN_FAILURE_LIMIT)
    assert log_in(Client(REMOTE_ADDR=ATTACKER), manager.username, TEST_PASSWORD).status_code == 429
    response = log_in(Client(REMOTE_ADDR=USER), manager.username, TEST_PASSWORD)
    assert response.status_code == 302


def test_an_address_that_guesses_many_usernames_is_paused_for_all_of_them(manager, reviewer):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        log_in(attacker, name, "a-wrong-guess")
    assert log_in(attacker, reviewer.username, TEST_PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_throttled(manager, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = Client(REMOTE_ADDR=PROXY)
    fail_repeatedly(
        via_proxy, manager.username, settings.LOGIN_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    refused = log_in(via_proxy, manager.username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert refused.status_code == 429
    response = log_in(
        Client(REMOTE_ADDR=PROXY), manager.username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=USER
    )
    assert response.status_code == 302


def test_addresses_a_client_writes_left_of_the_proxys_are_ignored(manager, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR=PROXY)
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        forged = f"192.0.2.{n}, {ATTACKER}"
        log_in(client, manager.username, "a-wrong-guess", HTTP_X_FORWARDED_FOR=forged)
    response = log_in(
        client, manager.username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}"
    )
    assert response.status_code == 429


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(manager, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    client = Client(REMOTE_ADDR=ATTACKER)
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, manager.username, "a-wrong-guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = log_in(client, manager.username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=USER)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_malformed_forwarded_header_falls_back_to_the_connection_address(manager, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = log_in(
        Client(REMOTE_ADDR=PROXY), manager.username, "a-wrong-guess", HTTP_X_FORWARDED_FOR="x<y"
    )
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


def test_each_failure_after_the_first_pause_doubles_the_next_pause(manager, settings):
    settings.LOGIN_PAUSE_MINUTES = 1
    client = Client(REMOTE_ADDR=ATTACKER)
    fail_repeatedly(client, manager.username, settings.LOGIN_FAILURE_LIMIT)
    refused = log_in(client, manager.username, TEST_PASSWORD)
    assert refused.status_code == 429
    assert "paused for 1 minute" in refused.content.decode()

    time_passes(61)
    second = log_in(client, manager.username, "a-wrong-guess")
    assert second.status_code == 429
    assert "paused for 2 minutes" in second.content.decode()

    time_passes(61)
    assert log_in(client, manager.username, TEST_PASSWORD).status_code == 429
    time_passes(60)
    third = log_in(client, manager.username, "a-wrong-guess")
    assert "paused for 4 minutes" in third.content.decode()


def test_the_pause_never_exceeds_the_maximum(manager, settings):
    settings.LOGIN_PAUSE_MAX_MINUTES = 3
    client = Client(REMOTE_ADDR=ATTACKER)
    fail_repeatedly(client, manager.username, settings.LOGIN_FAILURE_LIMIT)
    for _ in range(4):
        time_passes(60 * 60)
        response = log_in(client, manager.username, "a-wrong-guess")
    assert "paused for 3 minutes" in response.content.decode()


def test_trying_again_during_a_pause_does_not_prolong_it(manager, settings):
    client = Client(REMOTE_ADDR=ATTACKER)
    fail_repeatedly(client, manager.username, settings.LOGIN_FAILURE_LIMIT + 10)
    time_passes(61)
    assert log_in(client, manager.username, TEST_PASSWORD).status_code == 302


def test_a_successful_login_starts_the_address_afresh(manager, settings):
    client = Client(REMOTE_ADDR=USER)
    fail_repeatedly(client, manager.username, settings.LOGIN_FAILURE_LIMIT)
    time_passes(61)
    assert log_in(client, manager.username, TEST_PASSWORD).status_code == 302
    fail_repeatedly(Client(REMOTE_ADDR=USER), manager.username, settings.LOGIN_FAILURE_LIMIT - 1)
    assert log_in(Client(REMOTE_ADDR=USER), manager.username, TEST_PASSWORD).status_code == 302


def test_the_deployment_check_warns_about_a_proxy_without_a_trusted_proxy_count():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "x7-" + "k" * 60 + "-a-long-and-random-enough-production-key",
        "ALLOWED_HOSTS": "ips.example.org",
        "SECURE_PROXY_SSL_HEADER": "1",
    }
    warned = run_manage("check", "--deploy", **production)
    assert "ipsweb.W001" in warned.stderr + warned.stdout
    fine = run_manage("check", "--deploy", **production, TRUSTED_PROXY_COUNT="1")
    assert "ipsweb.W001" not in fine.stderr + fine.stdout
