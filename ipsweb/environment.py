"""Reading settings from the environment.

Every reader names the variable in its error, so a typo in a deployment stops the start with a
message that says which setting to fix instead of a stack trace from deep inside Django.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class Environment:
    """Typed access to a mapping of environment variables (``os.environ`` by default)."""

    def __init__(self, values: Mapping[str, str] | None = None):
        self.values = os.environ if values is None else values

    def raw(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else value.strip()

    def bool(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
        )

    def int(self, name: str, default: int, minimum: int = 0) -> int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
        if number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
        return number

    def str(self, name: str, default: str) -> str:
        value = self.raw(name)
        return default if value is None or value == "" else value

    def choice(self, name: str, default: str, choices: list[str]) -> str:
        value = self.str(name, default)
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name} must be one of {', '.join(choices)}; got {value!r}."
            )
        return value

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None:
            return default
        return [part.strip() for part in value.split(",") if part.strip()]

    def secret_key(self, debug: bool) -> str:
        value = self.raw("SECRET_KEY")
        if value:
            return value
        if debug:
            # Only for local runs: sessions signed with it are worthless anywhere else.
            return "django-insecure-local-development-key-do-not-use-in-production"
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. It is required when DEBUG is off: set it to a long random "
            "string, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )

    def database(self, base_dir: Path, conn_max_age: int) -> dict:
        url = self.raw("DATABASE_URL")
        if not url:
            return {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": base_dir / "db.sqlite3",
            }
        try:
            config = dj_database_url.parse(
                url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
            )
        except Exception as error:  # the library raises several types for a bad URL
            raise ImproperlyConfigured(
                f"DATABASE_URL is not a database URL this app understands ({error}). "
                "Example: postgres://user:password@host:5432/ipsweb"
            ) from None
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(
                f"DATABASE_URL has an unknown scheme: {url.split(':')[0]!r}."
            )
        return config

    def email(self) -> dict:
        url = self.raw("EMAIL_URL") or "console://"
        try:
            config = dj_email_url.parse(url)
        except Exception as error:
            raise ImproperlyConfigured(
                f"EMAIL_URL is not a mail URL this app understands ({error}). "
                "Examples: console://, smtp://user:password@mail.example.org:587/?tls=True"
            ) from None
        if "EMAIL_BACKEND" not in config:
            raise ImproperlyConfigured(
                f"EMAIL_URL has an unknown scheme: {url.split(':')[0]!r}. "
                "Use console://, smtp://, submission:// or smtps://."
            )
        return config

    def cache(self, timeout: int) -> dict:
        """Django's cache from CACHE_URL: local memory of each process by default (or
        ``locmem://``), Redis for ``redis://`` and ``rediss://`` URLs."""
        url = self.raw("CACHE_URL") or "locmem://"
        parts = urlsplit(url)
        if parts.scheme == "locmem":
            return {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": parts.netloc or "ipsweb",
                "TIMEOUT": timeout,
            }
        if parts.scheme in {"redis", "rediss"}:
            try:
                database = parts.path.strip("/")
                if not parts.hostname or not (database == "" or database.isdigit()):
                    raise ValueError("it needs a host and, if any, a database number")
                parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
            except ValueError as error:
                raise ImproperlyConfigured(
                    f"CACHE_URL is not a Redis URL this app understands ({error}). "
                    "Example: redis://127.0.0.1:6379/0"
                ) from None
            return {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "TIMEOUT": timeout,
                "KEY_PREFIX": "ipsweb",
            }
        raise ImproperlyConfigured(
            f"CACHE_URL has an unknown scheme: {parts.scheme!r}. "
            "Use redis://host:6379/0, rediss:// or locmem://."
        )

    def time_zone(self, default: str) -> str:
        value = self.str("TIME_ZONE", default)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"TIME_ZONE must be an IANA time zone such as Europe/Oslo; got {value!r}."
            ) from None
        return value
