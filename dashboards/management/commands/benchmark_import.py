"""`manage.py benchmark_import`: time the import of a 10,000-row file of participants and survey
answers (read, check, keep the preview, confirm), in a throwaway database of its own like
`manage.py benchmark` (the configured database is not touched).

The file is synthetic and seeded: every row a new participant with a baseline, a diagnostic
screen and (IPS arm) a follow-up with every statement answered, so it exercises every form.
"""

import argparse
import csv
import datetime
import io
import json
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from centers.models import Center
from centers.roles import Role
from dashboards.management.commands.benchmark import require_own_database, run_worker
from ipsweb.tabular import read_table
from participants.imports import checks as imports
from participants.imports import services
from participants.models import Participant, Statement

# The target: a file of this many rows within a minute, on a 2-core machine.
TARGET_SECONDS = 60


def synthetic_file(rows: int, seed: int = 2020) -> bytes:
    """A CSV file of ``rows`` new participants in centers B1-B6 with every survey answered."""
    rng = random.Random(seed)
    header = imports.template_columns()
    statements = [name for name in header if name.startswith("statement_")]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for number in range(rows):
        included = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        age = rng.randint(18, 67)
        arm = "ips" if number % 10 else "usual_care"
        values = {
            "center_code": f"B{number % 6 + 1}",
            "arm": arm,
            "included_on": included.isoformat(),
            "consent_on": (included - datetime.timedelta(days=rng.randrange(8))).isoformat(),
            "age": age,
            "gender": rng.choice(["female", "male", "other", ""]),
            "higher_education": rng.choice(["1", "0", ""]),
            "reading_writing_difficulties": rng.choice(["1", "0"]),
            "years_employed": rng.randint(0, age - 16),
            "eq_vas": rng.randint(0, 100),
            "whodas_total": rng.randint(0, 48),
            "violence_experienced": rng.choice(["1", "0"]),
            "involuntary_commitment": rng.choice(["1", "0", ""]),
            "years_with_complaints": rng.randint(0, age - 16),
            **{name: rng.choice(["1", "0"]) for name in imports.DIAGNOSTIC},
        }
        if arm == "ips":
            values |= {name: rng.choice(["1", "0", ""]) for name in statements}
            values |= {name: rng.randint(1, 5) for name in imports.SCALE_FIELDS}
            values["facilitator_comment"] = rng.choice(["", "The specialist listened."])
        writer.writerow([values.get(name, "") for name in header])
    return buffer.getvalue().encode("utf-8")


def run(rows: int) -> dict:
    admin = get_user_model().objects.create_user("benchmark-import")
    admin.groups.add(Group.objects.get(name=Role.ADMIN))
    for number in range(1, 7):
        Center.objects.create(
            name=f"Benchmark {number}",
            code=f"B{number}",
            region="West",
            ips_started_on=datetime.date(2022, 1, 1),
        )
    data = synthetic_file(rows)
    cpu = time.process_time()
    started = time.perf_counter()
    table = read_table(data, max_rows=rows)
    read = time.perf_counter()
    plan = imports.import_check(user=admin, table=table)
    if plan.problems:
        raise CommandError(f"The synthetic file has problems: {plan.problems[:3]}")
    checked = time.perf_counter()
    batch = services.import_prepare(
        actor=admin,
        file_name="benchmark.csv",
        table={"header": table.header, "rows": table.rows},
        plan=plan,
        options={},
    )
    kept = time.perf_counter()
    services.import_commit(actor=admin, batch=batch, change_existing=False)
    stored = time.perf_counter()
    assert Participant.objects.count() == rows
    return {
        "rows": rows,
        "bytes": len(data),
        "statements": Statement.objects.filter(is_active=True).count(),
        "read": read - started,
        "check": checked - read,
        "preview": kept - checked,
        "commit": stored - kept,
        "total": stored - started,
        # This process's own CPU time: what the import costs without other load on the machine
        # (the database server's work is not in it).
        "cpu": time.process_time() - cpu,
    }


class Command(BaseCommand):
    help = (
        "Time the import of a synthetic 10,000-row participant file (read, check, preview, "
        "confirm) in a throwaway database. The configured database is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="Rows in the file.")
        parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, rows, worker, **options):
        if rows < 1:
            raise CommandError("Use at least one row.")
        if worker:
            require_own_database()
            settings.DEBUG = False  # DEBUG keeps every query in memory
            self.stdout.write(json.dumps(run(rows)))
            return
        command = ["benchmark_import", "--worker", "--rows", str(rows)]
        result = run_worker(self.stderr.write, command)
        self.stdout.write(
            f"Import of {result['rows']:,} rows ({result['bytes'] / 1024 / 1024:.1f} MiB, "
            f"{result['statements']} statements), seconds:"
        )
        for step in ["read", "check", "preview", "commit", "total"]:
            self.stdout.write(f"  {step:<8} {result[step]:6.1f}")
        self.stdout.write(f"  (CPU time of the importing process: {result['cpu']:.1f} s)")
        verdict = "within" if result["total"] <= TARGET_SECONDS else "OVER"
        self.stdout.write(f"{verdict} the target of {TARGET_SECONDS} s for the whole import.")
