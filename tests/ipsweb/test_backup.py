"""Backup and restore through the real commands, from one empty database into another."""

import io
import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEBUG": "1", "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def two_empty_databases(tmp_path):
    """Two database URLs of the kind the suite runs on (PostgreSQL in CI, SQLite otherwise)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
        return
    server, _, _name = base.rpartition("/")
    names = [f"ipsweb_backup_{uuid.uuid4().hex[:8]}_{side}" for side in "ab"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield tuple(f"{server}/{name}" for name in names)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_export_then_import_into_an_empty_database_restores_every_row(
    two_empty_databases, tmp_path
):
    source, target = two_empty_databases
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    ok(manage(source, "migrate", "--noinput"))
    ok(manage(source, "load_demo"))
    ok(manage(source, "export_all", str(first)))
    ok(manage(target, "migrate", "--noinput"))
    assert "Loaded" in ok(manage(target, "import_all", str(first)))
    ok(manage(target, "export_all", str(second)))

    before, after = json.loads(first.read_text()), json.loads(second.read_text())
    assert before["objects"] == after["objects"]
    assert before["version"] == 1
    assert {
        "centers.center",
        "auth.user",
        "centers.historicalcenter",
        "qualitative.source",
        "qualitative.code",
        "qualitative.coding",
        "qualitative.historicalcoding",
    } <= {row["model"] for row in before["objects"]}
    # The restored users can log in with their old passwords.
    check = (
        "from django.contrib.auth.models import User; "
        "print(User.objects.get(username='manager').check_password('ips-demo-2026'))"
    )
    assert ok(manage(target, "shell", "-c", check)).strip().endswith("True")

    # What users read is the same: the comparison export and the survey tables.
    comparison = ["export_comparison", "--format", "csv"]
    assert ok(manage(source, *comparison)) == ok(manage(target, *comparison))
    assert "Vocational generalists" in ok(manage(target, *comparison))
    assert survey_tables(source) == survey_tables(target)

    refused = manage(target, "import_all", str(first))
    assert refused.returncode != 0
    assert "already holds users or centers" in refused.stderr


SURVEY_TABLES = (
    "import datetime; from django.contrib.auth.models import User; "
    "from participants.dashboard import Filters, dashboard; "
    "print('TABLES', repr(dashboard(User.objects.get(username='admin'), Filters(), "
    "today=datetime.date(2026, 1, 1))))"
)


def survey_tables(database_url: str) -> str:
    """The participant dashboard's tables (reach, statements, scales) as an admin sees them."""
    output = ok(manage(database_url, "shell", "-c", SURVEY_TABLES))
    tables = output[output.index("TABLES") :]
    assert "Knowing that the IPS specialist was available for me was helpful" in tables
    return tables


def test_import_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"hello": "world"}')
    result = manage(f"sqlite:///{tmp_path / 'x.db'}", "import_all", str(bogus))
    assert result.returncode != 0
    assert "is not an ipsweb backup" in result.stderr
    missing = manage(f"sqlite:///{tmp_path / 'x.db'}", "import_all", str(tmp_path / "nope.json"))
    assert "Cannot read" in missing.stderr


@pytest.mark.django_db
def test_export_all_writes_a_file_only_its_owner_may_read(tmp_path):
    path = tmp_path / "backup.json"
    path.write_text("an older, world-readable backup")
    path.chmod(0o644)
    call_command("export_all", str(path), stdout=io.StringIO())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["format"]
    fresh = tmp_path / "fresh.json"
    call_command("export_all", str(fresh), stdout=io.StringIO())
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600


def test_import_names_a_row_that_points_at_nothing_and_imports_nothing(
    two_empty_databases, tmp_path
):
    database, _other = two_empty_databases
    empty, broken = tmp_path / "empty.json", tmp_path / "broken.json"
    ok(manage(database, "migrate", "--noinput"))
    ok(manage(database, "export_all", str(empty)))
    backup = json.loads(empty.read_text())
    backup["objects"] = [
        {"model": "auth.user", "pk": 1, "fields": {"username": "kept", "password": "!"}},
        {
            "model": "centers.employmentoutcome",
            "pk": 7,
            "fields": {
                "center": 999,
                "year": 2025,
                "quarter": 1,
                "served": 10,
                "working": 2,
                "entered_at": "2025-04-01T00:00:00Z",
            },
        },
    ]
    broken.write_text(json.dumps(backup))

    result = manage(database, "import_all", str(broken))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nothing was imported" in result.stderr
    assert "centers.EmploymentOutcome pk=7: center = 999" in result.stderr
    assert "no centers.Center with id = 999" in result.stderr
    users = "from django.contrib.auth.models import User; print('USERS', User.objects.count())"
    assert "USERS 0" in ok(manage(database, "shell", "-c", users))
