"""`make load`: the HTTP flash crowd (CON-05) and the deadline-evening mix (LOAD-02) on SQLite
and PostgreSQL, with a report.

For each database: a fresh load database (SQLite: var/load/load.sqlite3; PostgreSQL:
LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/livslang_load, dropped and
created again), migrated, with one published 20-seat cohort and 400 signed-in adults. gunicorn
(3 workers) serves it on loopback; every adult first opens the sign-up page (for the CSRF
token), then all 400 press "Sign up" with 100 at a time. Pass: 0 server errors, exactly 20
confirmed and 380 on the waitlist, the cohort's counter equal to its confirmed rows, unique
waitlist positions.

Then, on the same server, the deadline-evening mix: 100 more signed-in adults for
LOAD_MIX_SECONDS (default 300), each thinking 1 to 5 s between requests: 90 % browse or search,
8 % an offering page, 2 % sign up for a second cohort. Pass: p95 under 800 ms, no server
errors, and every cohort's counter equal to its confirmed rows, never above its seats.
The report goes to var/load/<date>.md and .json. Never part of `make test`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench import fresh_postgres  # noqa: E402 - a sibling script

PYTHON = sys.executable
OUT = ROOT / "var" / "load"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/livslang_load"
PEOPLE, SEATS, CONCURRENCY, WORKERS = 400, 20, 100, 3
MIX_USERS = 100
MIX_SECONDS = float(os.environ.get("LOAD_MIX_SECONDS", "300"))
WORDS = ("sveis", "helse", "ledelse", "norsk", "regnskap", "truck", "velferdsteknologi", "data")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _env(url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT), "TRUSTED_PROXY_COUNT": "1"}
    env.pop("LIVSLANG_ENV", None)
    return env


def prepare() -> None:
    """(In a subprocess with DATABASE_URL set.) The world; prints the cohort and sessions."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livslang.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from livslang.accounts.models import User
    from livslang.catalog.testing import make_cohort, make_offering
    from livslang.organisations.testing import make_organisation

    unusable = make_password(None)  # they never sign in: their sessions are made here
    centre = make_organisation(name="Load test centre")
    cohort = make_cohort(make_offering(centre, title="Flash crowd"), seats=SEATS)
    evening = make_cohort(make_offering(centre, title="Evening course"), seats=SEATS)
    users = User.objects.bulk_create(
        User(email=f"crowd{n}@load.example", full_name=f"Crowd {n}", password=unusable)
        for n in range(PEOPLE + MIX_USERS)
    )
    sessions = []
    for user in User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    print(
        json.dumps(
            {
                "cohort": str(cohort.public_id),
                "sessions": sessions[:PEOPLE],
                "evening": str(evening.public_id),
                "evening_url": evening.offering.get_absolute_url(),
                "mix_sessions": sessions[PEOPLE:],
                "cookie": settings.SESSION_COOKIE_NAME,
            }
        )
    )


def invariants() -> None:
    """(In a subprocess.) The cohort's sign-ups after the crowd, as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livslang.settings")
    django.setup()
    from django.db.models import Count, Q

    from livslang.catalog.models import Cohort
    from livslang.enrolments.models import Enrolment

    every = Cohort.objects.annotate(
        rows=Count("enrolments", filter=Q(enrolments__status="confirmed"))
    )
    consistent = all(
        c.confirmed_count == c.rows and (c.seats is None or c.rows <= c.seats) for c in every
    )
    cohort = Cohort.objects.get(offering__title="Flash crowd")
    rows = Enrolment.objects.filter(cohort=cohort)
    tickets = [t for t in rows.values_list("waitlist_ticket", flat=True) if t is not None]
    print(
        json.dumps(
            {
                "seats": cohort.seats,
                "counter": cohort.confirmed_count,
                "confirmed": rows.filter(status="confirmed").count(),
                "waitlisted": rows.filter(status="waitlisted").count(),
                "unique_tickets": len(tickets) == len(set(tickets)),
                "every_cohort_consistent": consistent,
            }
        )
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(_NoRedirect())


def _person(base: str, cookie: str, session: str, path: str) -> tuple[str, str]:
    """Open the sign-up page as one person: their cookies and the form's CSRF token."""
    request = urllib.request.Request(base + path, headers={"Cookie": f"{cookie}={session}"})
    with OPENER.open(request, timeout=60) as response:
        page = response.read().decode()
        csrf = [
            c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [] if "csrf" in c
        ]
    match = TOKEN.search(page)
    if match is None:
        raise RuntimeError("no CSRF token on the sign-up page")
    return "; ".join([f"{cookie}={session}", *csrf]), match.group(1)


def _press(base: str, path: str, cookies: str, token: str) -> int:
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(
        base + path,
        data=data,
        headers={"Cookie": cookies, "Referer": base + path, "Origin": base},
        method="POST",
    )
    try:
        with OPENER.open(request, timeout=120) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def _get(base: str, path: str, cookies: str, address: str = "") -> int:
    headers = {"Cookie": cookies}
    if address:
        headers["X-Forwarded-For"] = address
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with OPENER.open(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def evening_mix(base: str, world: dict[str, Any]) -> dict[str, Any]:
    """LOAD-02: signed-in adults browsing, searching and now and then signing up."""
    import random
    import threading

    timings: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + MIX_SECONDS
    sign_up = f"/cohorts/{world['evening']}/sign-up/"

    def adult(index: int, session: str) -> None:
        rng = random.Random(index)  # noqa: S311 - simulated think times, not secrets
        cookies = f"{world['cookie']}={session}"
        # Each adult comes from their own address (the server trusts one proxy hop here), as
        # they would in real life: the per-address search rate limit applies to each alone.
        address = f"10.0.{index // 250}.{index % 250 + 1}"
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(1, 5))
            roll = rng.random()
            started = time.monotonic()
            if roll < 0.90:
                word = rng.choice(WORDS)
                path = rng.choice(["/", f"/search/?q={word}", f"/search/?q={word}&modes=online"])
                status = _get(base, path, cookies, address)
            elif roll < 0.98:
                status = _get(base, world["evening_url"], cookies, address)
            else:
                try:
                    person_cookies, token = _person(base, world["cookie"], session, sign_up)
                    status = _press(base, sign_up, person_cookies, token)
                except (OSError, RuntimeError):
                    status = 0
            with lock:
                timings.append(time.monotonic() - started)
                statuses.append(status)

    threads = [
        threading.Thread(target=adult, args=(n, s)) for n, s in enumerate(world["mix_sessions"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(timings) or [0.0]
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    failures = sum(1 for s in statuses if s >= 500 or s == 0)
    codes: dict[str, int] = {}
    for status in statuses:
        codes[str(status)] = codes.get(str(status), 0) + 1
    return {
        "mix_requests": len(statuses),
        "mix_statuses": codes,
        "mix_median_ms": round(1000 * ordered[len(ordered) // 2], 1),
        "mix_p95_ms": round(1000 * p95, 1),
        "mix_failures": failures,
        "mix_passed": p95 < 0.8 and failures == 0,
    }


def crowd(name: str, url: str) -> dict[str, Any]:
    env = _env(url)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    # The database cache (rate limits, search-log keys) lives in its own table.
    subprocess.run([PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    world = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--prepare"], cwd=ROOT, env=env, check=True, capture_output=True
        ).stdout
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "livslang.wsgi",
            *("--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"),
            *("--log-level", "warning", "--timeout", "120"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        path = f"/cohorts/{world['cohort']}/sign-up/"
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            people = list(
                pool.map(lambda s: _person(base, world["cookie"], s, path), world["sessions"])
            )
            started = time.monotonic()
            statuses = list(pool.map(lambda p: _press(base, path, *p), people))
            duration = time.monotonic() - started
        mix = evening_mix(base, world)
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--invariants"], cwd=ROOT, env=env, check=True, capture_output=True
        ).stdout
    )
    codes: dict[str, int] = {}
    for status in statuses:
        codes[str(status)] = codes.get(str(status), 0) + 1
    passed = (
        not any(s >= 500 or s == 0 for s in statuses)
        and after["confirmed"] == SEATS
        and after["waitlisted"] == PEOPLE - SEATS
        and after["counter"] == after["confirmed"]
        and after["unique_tickets"]
    )
    mix["mix_passed"] = mix["mix_passed"] and after["every_cohort_consistent"]
    return {
        "database": name,
        "requests": len(statuses),
        "statuses": codes,
        "duration_s": round(duration, 2),
        **after,
        "passed": passed,
        **mix,
    }


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    sqlite = OUT / "load.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    runs = [crowd("sqlite", f"sqlite:///{sqlite}")]
    pg_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_PG)
    reason = fresh_postgres(pg_url)
    if reason:
        print(f"SKIP postgresql: {reason}")
        runs.append({"database": "postgresql", "skipped": reason})
    else:
        runs.append(crowd("postgresql", pg_url))
    today = dt.datetime.now(dt.UTC).date().isoformat()
    (OUT / f"{today}.json").write_text(json.dumps(runs, indent=2))
    lines = [
        f"# Load report {today}: HTTP flash crowd (CON-05)",
        "",
        f"{PEOPLE} signed-in adults, {CONCURRENCY} at a time, one {SEATS}-seat cohort, "
        f"gunicorn with {WORKERS} workers on loopback. Duration is reported, never judged.",
        "",
        "| database | requests | statuses | confirmed | waitlisted | counter | duration (s) "
        "| result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if "skipped" in run:
            lines.append(f"| {run['database']} | SKIP: {run['skipped']} | | | | | | |")
            continue
        lines.append(
            f"| {run['database']} | {run['requests']} | {run['statuses']} | {run['confirmed']} "
            f"| {run['waitlisted']} | {run['counter']} | {run['duration_s']} "
            f"| {'met' if run['passed'] else 'NOT met'} |"
        )
    lines += [
        "",
        f"## Deadline-evening mix (LOAD-02): {MIX_USERS} adults for {MIX_SECONDS:.0f} s",
        "",
        "Think time 1 to 5 s; 90 % browse or search, 8 % an offering page, 2 % sign up. Target: "
        "p95 < 800 ms, no server errors, every cohort's counter equal to its rows.",
        "",
        "| database | requests | statuses | median ms | p95 ms | failures | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if "skipped" in run:
            continue
        lines.append(
            f"| {run['database']} | {run['mix_requests']} | {run['mix_statuses']} "
            f"| {run['mix_median_ms']} "
            f"| {run['mix_p95_ms']} | {run['mix_failures']} "
            f"| {'met' if run['mix_passed'] else 'NOT met'} |"
        )
    report = "\n".join(lines) + "\n"
    (OUT / f"{today}.md").write_text(report)
    print(report)
    return 0 if all(run.get("passed", True) and run.get("mix_passed", True) for run in runs) else 1


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        prepare()
    elif "--invariants" in sys.argv:
        invariants()
    else:
        sys.exit(main())
