"""`manage.py benchmark`: time every dashboard page on a synthetic dataset of 100 and 1,000
centers, in a database of the benchmark's own (never the configured one's data).

The command creates a throwaway database next to the configured one (a new PostgreSQL database
on the same server when DATABASE_URL is PostgreSQL, otherwise a temporary SQLite file), migrates
it, runs the seeding and the measurements in a child process pointed at it, prints the figures and
drops the database again, also when something fails.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dashboards import benchmark

# Set by the parent for the child: the name of the database the child may seed.
OWN_DATABASE = "IPSWEB_BENCHMARK_DATABASE"


@contextlib.contextmanager
def own_database():
    """Yield (DATABASE_URL, name) of a new, empty database; remove it afterwards."""
    configured = settings.DATABASES["default"]
    if configured["ENGINE"] != "django.db.backends.postgresql":
        with tempfile.TemporaryDirectory(prefix="ipsweb-benchmark-") as directory:
            path = Path(directory) / "benchmark.sqlite3"
            yield f"sqlite:///{path}", str(path)
        return
    import psycopg

    name = f"ipsweb_benchmark_{uuid.uuid4().hex[:10]}"
    credentials = quote(configured["USER"] or "", safe="")
    if configured.get("PASSWORD"):
        credentials += ":" + quote(configured["PASSWORD"], safe="")
    server = f"postgres://{credentials}@{configured['HOST'] or 'localhost'}"
    server += f":{configured['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}", name
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def require_own_database() -> None:
    """A worker seeds only the throwaway database its parent made, never the configured one."""
    name = str(settings.DATABASES["default"]["NAME"])
    if os.environ.get(OWN_DATABASE) != name:
        raise CommandError("--worker runs only in the benchmark's own database.")


def run_worker(log, arguments: list[str]) -> dict:
    """Run ``manage.py <arguments>`` in a new, migrated throwaway database and return the JSON
    object its last line of output prints; the database is dropped afterwards."""
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    with own_database() as (url, name):
        env = os.environ | {
            "DATABASE_URL": url,
            # Loads settings for a local run (plain static files, no HTTPS redirect); the
            # worker turns DEBUG off before it measures.
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            # WhiteNoise warns that the collected static files are missing: no matter here.
            "PYTHONWARNINGS": "ignore:No directory at",
            OWN_DATABASE: name,
        }
        log(f"Migrating a throwaway database ({name})...")
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        child = subprocess.run([*manage, *arguments], env=env, stdout=subprocess.PIPE, text=True)
        if child.returncode:
            raise CommandError("The benchmark failed; see the messages above.")
    return json.loads(child.stdout.strip().splitlines()[-1])


class Command(BaseCommand):
    help = (
        "Seed a synthetic dataset into a throwaway database of its own and time every "
        "dashboard page at 100 and 1,000 centers. The configured database is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", type=int, nargs="+", default=[100, 1000], help="Numbers of centers."
        )
        parser.add_argument(
            "--requests", type=int, default=20, help="Timed requests per page (at least 20)."
        )
        parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, sizes, requests, worker, **options):
        if requests < 1 or any(size < benchmark.COMPARED_BY_HAND for size in sizes):
            raise CommandError(
                f"Use at least one request and at least {benchmark.COMPARED_BY_HAND} centers."
            )
        if worker:
            return self._work(sizes, requests)
        outcome = run_worker(
            self.stderr.write,
            ["benchmark", "--worker", "--requests", str(requests), "--sizes"]
            + [str(size) for size in sizes],
        )
        for line in benchmark.report(outcome):
            self.stdout.write(line)

    def _work(self, sizes, requests):
        require_own_database()
        outcome = benchmark.run(sizes, requests, log=self.stderr.write)
        self.stdout.write(json.dumps(outcome))
