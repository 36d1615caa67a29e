import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ipsweb.environment import Environment

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a clean environment holding only PATH and the given variables."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_database_url_the_app_uses_a_sqlite_file_in_the_project_root():
    config = Environment({}).database(ROOT, conn_max_age=600)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == ROOT / "db.sqlite3"


def test_database_url_is_honoured_with_persistent_checked_connections():
    env = Environment({"DATABASE_URL": "postgres://ips:secret@db.example:5433/fidelity"})
    config = env.database(ROOT, conn_max_age=600)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "fidelity")
    assert config["CONN_MAX_AGE"] == 600
    assert config["CONN_HEALTH_CHECKS"] is True


def test_a_running_app_reports_the_database_from_database_url():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/some_other_db",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("some_other_db")


def test_missing_secret_key_with_debug_off_stops_the_start_with_a_clear_message():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("CONN_MAX_AGE", "ten"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("EMAIL_URL", "pigeon://coop"),
        ("LOG_LEVEL", "LOUD"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("CACHE_URL", "redis://127.0.0.1:6379/zero"),
    ],
)
def test_a_malformed_value_fails_at_start_naming_the_variable(name, value):
    result = run_manage("check", **{"DEBUG": "1", name: value})
    assert result.returncode != 0
    assert f"{name} " in result.stderr.splitlines()[-1]


def test_environment_readers_name_the_variable():
    env = Environment({"DEBUG": "perhaps", "N": "-3"})
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.bool("DEBUG", default=False)
    with pytest.raises(ImproperlyConfigured, match="N must be at least 0"):
        env.int("N", default=1)


def test_lists_are_comma_separated_and_ignore_blanks():
    env = Environment({"ALLOWED_HOSTS": " ips.example.org, ,www.ips.example.org "})
    assert env.list("ALLOWED_HOSTS", default=[]) == ["ips.example.org", "www.ips.example.org"]


def test_email_defaults_to_the_console_and_reads_smtp_urls():
    assert Environment({}).email()["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = Environment({"EMAIL_URL": "smtp://me:pw@mail.example.org:587/?tls=True"}).email()
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "mail.example.org",
        587,
        True,
    )


def test_the_cache_is_local_memory_by_default_and_redis_from_a_redis_url():
    assert Environment({}).cache(timeout=600)["BACKEND"].endswith("locmem.LocMemCache")
    redis = Environment({"CACHE_URL": "redis://cache.example:6379/2"}).cache(timeout=600)
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert (redis["LOCATION"], redis["TIMEOUT"]) == ("redis://cache.example:6379/2", 600)
    for wrong in ["redis:///0", "redis://host:port/0", "file:///tmp/cache"]:
        with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
            Environment({"CACHE_URL": wrong}).cache(timeout=600)


def test_time_zone_defaults_to_oslo():
    assert Environment({}).time_zone(default="Europe/Oslo") == "Europe/Oslo"


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7-" + "k" * 60 + "-a-long-and-random-enough-production-key",
        ALLOWED_HOSTS="ips.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
