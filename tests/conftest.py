"""The fixed cast for permission tests and the browser fixtures.

Cast: ``admin``; ``manager`` and ``reviewer`` assigned to ``center``; ``outsider``, a program
manager assigned only to ``other_center`` (another region).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.selectors import two_factor_required
from centers.roles import Role
from tests.factories import (
    TEST_PASSWORD,
    CenterFactory,
    UserFactory,
    authenticator_code,
    authenticator_for,
    force_login,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: computed results outlive a test's rolled-back data,
    and rate-limit counts (ipsweb.rate_limit) must not carry over between tests."""
    cache.clear()


@pytest.fixture(autouse=True)
def _sessions_renewed_once(settings):
    """A session is renewed on a client's first request only (not again a minute later), so
    counts of queries do not depend on how long a test ran."""
    settings.SESSION_RENEW_SECONDS = 24 * 60 * 60


@pytest.fixture(autouse=True)
def _installation_language():
    """Each test starts in the installation's language: a request in Norwegian leaves Norwegian
    active in the test's thread (Django activates per request and never deactivates)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def center(db):
    return CenterFactory(name="Nordvik IPS", code="NV", region="West")


@pytest.fixture
def other_center(db):
    return CenterFactory(name="Austby IPS", code="AU", region="East")


@pytest.fixture
def admin(db):
    return UserFactory(username="ada", role=Role.ADMIN)


@pytest.fixture
def manager(center):
    return UserFactory(username="mona", role=Role.MANAGER, centers=[center])


@pytest.fixture
def reviewer(center):
    return UserFactory(username="rita", role=Role.REVIEWER, centers=[center])


@pytest.fixture
def outsider(other_center):
    return UserFactory(username="olav", role=Role.MANAGER, centers=[other_center])


@pytest.fixture
def client_for(db):
    """``client_for(user)`` is a test client logged in as that user (``None``: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            force_login(client, user)
        return client

    return make


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing: browser tests must run in CI.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread. While it runs,
    # django.db.connections (an asgiref Local) looks in a context-local store and would open new
    # connection objects, without the serialized test data that serialized_rollback restores.
    # Keep the ones the test database was set up with.
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in originals.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; JavaScript errors on the page fail the test. A test that provokes an
    answer the browser logs as an error (a 409 conflict) lists its text in
    ``tab.expected_errors``."""
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    tab.expected_errors = ()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    errors = [e for e in errors if not any(text in e for text in tab.expected_errors)]
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def log_in(page):
    """Log in through the form; users who need a second factor have an authenticator and give
    its code."""

    def do(username: str, password: str = TEST_PASSWORD):
        user = get_user_model().objects.filter(username=username).first()
        needs_code = user is not None and two_factor_required(user)
        if needs_code:
            authenticator_for(user)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        if needs_code:
            page.get_by_label("Code").fill(authenticator_code(user))
            page.get_by_role("button", name="Continue").click()

    return do
