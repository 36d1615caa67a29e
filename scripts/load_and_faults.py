"""Load and fault test: gunicorn + PostgreSQL on this machine, loopback only, bounded in time.

    .venv/bin/python scripts/load_and_faults.py                 # 50 users, 60 s, then a PG restart
    .venv/bin/python scripts/load_and_faults.py --users 10 --seconds 10 --no-fault

What it does:
1. Makes a throwaway database (``ipsweb_load`` on the server of DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432), migrates it, loads the demo data and adds load users:
   reviewers, each assigned to a review in progress of their own, and program managers.
2. Starts gunicorn on 127.0.0.1 with production settings (DEBUG off, static files collected).
3. Phase "load": virtual users for ``--seconds``: managers read dashboards and lists; reviewers open
   their rating page and autosave ratings. Prints throughput, median and p95 latency and errors.
4. Phase "fault" (unless --no-fault): the same load while PostgreSQL is restarted part-way. The app
   must recover by itself (no restart of gunicorn); prints how long requests failed.
5. Checks that every rating save that was confirmed to a user (HTTP 200 with saved: true) is in the
   database afterwards (the last confirmed value of each item, or a later attempt that reached the
   database but whose answer was lost in the outage).
6. Stops gunicorn and drops the database. Exit status 1 if a check fails.

Every request goes to 127.0.0.1; every loop stops at its deadline.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-2026"
DB_NAME = "ipsweb_load"


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[tuple[float, str, str]] = field(default_factory=list)
    # (review id, reviewer, item id) -> list of (score, confirmed?) in the order they were sent
    saves: dict[tuple, list[tuple[int, bool]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def error(self, kind: str, message: str) -> None:
        with self.lock:
            self.errors.append((time.monotonic(), kind, message))


class VirtualUser:
    def __init__(self, base: str, username: str, results: Results):
        self.base = base
        self.username = username
        self.results = results
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, kind: str, path: str, data=None, headers=None) -> tuple[int, bytes]:
        started = time.perf_counter()
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except (urllib.error.URLError, OSError) as error:
            self.results.error(kind, f"connection: {error}")
            return 0, b""
        self.results.record(kind, time.perf_counter() - started)
        if status >= 500:
            self.results.error(kind, f"HTTP {status}")
        return status, body

    def log_in(self) -> bool:
        self.request("login page", "/accounts/login/")
        body = urllib.parse.urlencode(
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        status, _body = self.request(
            "login", "/accounts/login/", body, {"Referer": self.base + "/accounts/login/"}
        )
        return status == 200 and any(c.name == "sessionid" for c in self.cookies)


def manager_loop(user: VirtualUser, pages: list[tuple[str, str]], deadline: float) -> None:
    while time.monotonic() < deadline:
        kind, path = random.choice(pages)
        user.request(kind, path)


def reviewer_loop(user: VirtualUser, review: int, items: list[int], deadline: float) -> None:
    user.request("rating page", f"/reviews/{review}/rate/")
    while time.monotonic() < deadline:
        item, score = random.choice(items), random.randint(1, 5)
        key = (review, user.username, item)
        body = json.dumps({"item": item, "score": score, "evidence": f"load {score}"}).encode()
        status, answer = user.request(
            "rating autosave",
            f"/reviews/{review}/rate/autosave/",
            body,
            {
                "Content-Type": "application/json",
                "X-CSRFToken": user.csrf(),
                "Referer": user.base + f"/reviews/{review}/rate/",
            },
        )
        confirmed = status == 200 and _saved(answer)
        with user.results.lock:
            user.results.saves.setdefault(key, []).append((score, confirmed))
        if random.random() < 0.1:
            user.request("rating page", f"/reviews/{review}/rate/")


def _saved(answer: bytes) -> bool:
    """Whether an autosave answer confirms the save (anything but that JSON does not)."""
    try:
        return json.loads(answer or b"{}").get("saved") is True
    except (ValueError, AttributeError):
        return False


def server_url(database_url: str) -> str:
    return database_url.rsplit("/", 1)[0] if database_url.count("/") > 2 else database_url


def environment(database_url: str, port: int) -> dict:
    # CACHE_URL too: with redis://... every gunicorn worker shares one cache (ipsweb.caching).
    kept = {"PATH", "HOME", "LANG", "TZ", "CACHE_URL"}
    env = {key: value for key, value in os.environ.items() if key in kept}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from centers.models import Center
from centers.roles import Role
from tests.factories import ReviewFactory
from centers.services import user_set_centers
User = get_user_model()
centers = list(Center.objects.order_by("code"))
out = {"reviewers": [], "managers": [], "centers": [c.pk for c in centers]}
for n in range(REVIEWERS):
    lead = User.objects.create_user(f"load-reviewer-{n}", password=PASSWORD)
    lead.groups.add(Group.objects.get(name=Role.REVIEWER))
    partner = User.objects.create_user(f"load-partner-{n}", password=PASSWORD)
    review = ReviewFactory(center=centers[n % len(centers)], reviewers=[lead, partner])
    items = list(review.scale.items.values_list("pk", flat=True))
    out["reviewers"].append([lead.username, review.pk, items])
for n in range(MANAGERS):
    manager = User.objects.create_user(f"load-manager-{n}", password=PASSWORD)
    manager.groups.add(Group.objects.get(name=Role.MANAGER))
    user_set_centers(user=manager, centers=centers)
    out["managers"].append(manager.username)
print("SETUP" + json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz in time")


def run_phase(name, base, setup, seconds, results, during=None) -> None:
    users = []
    for username, review, items in setup["reviewers"]:
        users.append(("reviewer", VirtualUser(base, username, results), review, items))
    for username in setup["managers"]:
        users.append(("manager", VirtualUser(base, username, results), None, None))
    for _role, user, _review, _items in users:
        if not user.log_in():
            sys.exit(f"{user.username} could not log in")
    pages = [("portfolio/home", "/")]
    for center in setup["centers"]:
        pages.append(("center dashboard", f"/centers/{center}/"))
    pages += [
        ("center list", "/centers/"),
        ("review list", "/reviews/"),
        ("survey dashboard", "/participants/dashboard/"),
    ]
    deadline = time.monotonic() + seconds
    threads = []
    for role, user, review, items in users:
        target = (
            (reviewer_loop, (user, review, items, deadline))
            if role == "reviewer"
            else (manager_loop, (user, pages, deadline))
        )
        threads.append(threading.Thread(target=target[0], args=target[1], daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during:
        during(started)
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    report(name, results, elapsed, len(users))
    return started


def report(name: str, results: Results, elapsed: float, users: int) -> None:
    everything = [t for times in results.latencies.values() for t in times]
    print(f"\n== {name}: {users} users for {elapsed:.0f} s")
    print(
        f"requests {len(everything)}, throughput {len(everything) / elapsed:.1f}/s, "
        f"errors {len(results.errors)}"
    )
    print(f"{'request':<20}{'count':>8}{'median ms':>12}{'p95 ms':>10}")
    for kind, times in sorted(results.latencies.items()):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(
            f"{kind:<20}{len(times):>8}{statistics.median(times) * 1000:>12.1f}{p95 * 1000:>10.1f}"
        )
    print(
        f"{'all':<20}{len(everything):>8}{statistics.median(everything) * 1000:>12.1f}"
        f"{sorted(everything)[int(0.95 * (len(everything) - 1))] * 1000:>10.1f}"
    )


def check_saves(database_url: str, results: Results) -> bool:
    """Every confirmed save is in the database (or a later attempt that reached it)."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT r.review_id, u.username, r.item_id, r.score FROM reviews_rating r "
            "JOIN auth_user u ON u.id = r.reviewer_id"
        ).fetchall()
    stored = {(review, user, item): score for review, user, item, score in rows}
    lost = []
    confirmed_total = 0
    for key, attempts in results.saves.items():
        confirmed = [i for i, (_score, ok) in enumerate(attempts) if ok]
        confirmed_total += len(confirmed)
        if not confirmed:
            continue
        last = confirmed[-1]
        allowed = {score for score, _ok in attempts[last:]}
        if stored.get(key) not in allowed:
            lost.append((key, attempts[last][0], stored.get(key)))
    print(
        f"\nconfirmed saves: {confirmed_total} over {len(results.saves)} items; lost: {len(lost)}"
    )
    for key, expected, found in lost[:10]:
        print(f"  LOST {key}: confirmed {expected}, database has {found}")
    return not lost


def restart_postgres(started: float, at: float, outage: list) -> None:
    time.sleep(max(0.0, started + at - time.monotonic()))
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    print(f"\n.. restarting PostgreSQL {version} at t={time.monotonic() - started:.1f} s")
    began = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    outage.extend([began - started, time.monotonic() - started])
    print(f".. PostgreSQL is back at t={time.monotonic() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="virtual users (default 50)")
    parser.add_argument("--seconds", type=int, default=60, help="length of each phase (60)")
    parser.add_argument("--no-fault", action="store_true", help="skip the PostgreSQL restart")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (8)")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600:
        parser.error("users must be 1-200 and seconds 1-600")

    server = server_url(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
    if not server.startswith("postgres"):
        parser.error("DATABASE_URL must point at a PostgreSQL server")
    database_url = f"{server}/{DB_NAME}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(database_url, port)
    reviewers = max(1, args.users * 2 // 5)
    managers = args.users - reviewers

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DB_NAME}"')
    gunicorn = None
    try:
        print(
            f"setting up {DB_NAME}: migrate, demo data, {reviewers} reviewers, {managers} managers"
        )
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput")
        script = (
            SETUP.replace("REVIEWERS", str(reviewers))
            .replace("MANAGERS", str(managers))
            .replace("PASSWORD", repr(PASSWORD))
        )
        output = manage(env, "shell", stdin=script)
        setup = json.loads(re.search(r"SETUP(\{.*\})", output).group(1))

        log_path = Path(os.environ.get("TMPDIR", "/tmp")) / "ipsweb-load-gunicorn.log"
        server_log = open(log_path, "w")  # noqa: SIM115 (open while gunicorn runs; closed below)
        print(f"gunicorn's log: {server_log.name}")
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "ipsweb.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(base)
        load = Results()
        run_phase("load", base, setup, args.seconds, load)
        ok = not load.errors
        print("load phase errors:", len(load.errors), "(goal: 0)")
        ok &= check_saves(database_url, load)

        if not args.no_fault:
            fault, outage = Results(), []
            at = args.seconds / 3

            def during(started):
                threading.Thread(
                    target=restart_postgres, args=(started, at, outage), daemon=True
                ).start()

            started_at = run_phase(
                "fault (PostgreSQL restarted)", base, setup, args.seconds, fault, during
            )
            failed_at = [t - started_at for t, _kind, _message in fault.errors]
            if failed_at:
                first, last = min(failed_at), max(failed_at)
                print(f"failed requests: {len(failed_at)}, t={first:.1f}-{last:.1f} s")
                print(f"the restart itself took t={outage[0]:.1f}-{outage[1]:.1f} s")
                recovered = max(failed_at) - outage[1]
                print(f"last error {max(0.0, recovered):.1f} s after PostgreSQL was back")
                ok &= recovered < 10
            else:
                print("no failed request during the restart")
            kinds = {kind for _t, kind, _m in fault.errors}
            print("failed request kinds:", ", ".join(sorted(kinds)) or "none")
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                print("healthz after the fault phase:", response.status)
                ok &= response.status == 200
            ok &= check_saves(database_url, fault)
        print("\nRESULT:", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
            server_log.close()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
