"""API fixtures: ``token_for(user)`` makes a personal token (after the second factor);
``api_for(user)`` is a client that sends it (``None``: no token at all)."""

import pytest
from rest_framework.test import APIClient

from api.services import token_create


@pytest.fixture
def token_for(db):
    def make(user, **kwargs):
        kwargs.setdefault("name", "script")
        kwargs.setdefault("expires_on", None)
        _token, secret = token_create(user=user, second_factor_given=True, **kwargs)
        return secret

    return make


def client_with(secret: str | None) -> APIClient:
    client = APIClient()
    if secret:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def api_for(token_for):
    def make(user):
        return client_with(token_for(user) if user is not None else None)

    return make
