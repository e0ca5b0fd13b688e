"""`python scripts/request_cost.py`: what one request costs in-process, page by page.

Where LOAD-01 (`make bench`) measures requests per second under gunicorn and wrk, this tells
where the milliseconds of a single request go. It builds its own SQLite database under
var/request-cost/ (migrated, the reference geography, a synthetic catalogue of
REQUEST_COST_OFFERINGS offerings, default 2000, from the search benchmark's generator), with
the settings `make bench` gives its gunicorn (embedded profile, DEBUG off, the search rate limit
raised), then calls the WSGI application directly, as gunicorn does, for:

* ``search``: the search page with words and a place that find a full page of results;
* ``offering``: an offering page;
* ``home``: the front page;
* ``twin``: the search page's fixed-data twin (no search, no database).

Each page is warmed up, then requested REQUEST_COST_N times (default 200) in rounds of
REQUEST_COST_ROUNDS (default 5); the report gives the median milliseconds per request of each
round, so the spread shows how much other load on the machine moved the figure.

``--profile PAGE`` runs cProfile over the requests of one page instead and prints the top
functions by cumulative and by own time. ``--queries PAGE`` prints the SQL one request runs.
Never part of `make test`; no figure here is an assertion.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "request-cost"
OFFERINGS = int(os.environ.get("REQUEST_COST_OFFERINGS", "2000"))
N = int(os.environ.get("REQUEST_COST_N", "200"))
ROUNDS = int(os.environ.get("REQUEST_COST_ROUNDS", "5"))


def _configure() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    # What scripts/bench.py gives its LOAD-01 gunicorn (embedded profile, DEBUG off).
    os.environ.pop("LIVSLANG_ENV", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "livslang.settings",
            "LIVSLANG_VAR_DIR": str(VAR),
            "DATABASE_URL": f"sqlite:///{VAR / f'catalogue-{OFFERINGS}.sqlite3'}",
            "LIVSLANG_DEBUG": "0",
            "LIVSLANG_BENCH_TWIN": "1",
            "SEARCH_RATE_LIMIT": "1000000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare() -> dict[str, str]:
    """The database (made once per catalogue size) and the addresses of the pages."""
    from django.core.management import call_command

    from livslang.catalog.models import Offering
    from livslang.search import bench
    from livslang.search.queries import PAGE_SIZE, search

    call_command("migrate", verbosity=0)
    if not Offering.objects.exists():
        print(f"request_cost: building a catalogue of {OFFERINGS} offerings", file=sys.stderr)
        call_command("load_geo", verbosity=0)
        call_command("createcachetable", verbosity=0)
        catalogue = bench.generate(offerings=OFFERINGS)
    else:
        catalogue = None
    if catalogue is None:
        # The words are the generator's (seeded), so the queries are the same every time.
        import random

        rng = random.Random(1)  # noqa: S311 - the generator's seed, not security
        words = bench.vocabulary(6000, rng)
        rng.shuffle(words)
        from livslang.geo.models import Municipality

        places = Municipality.objects.valid_on().values_list(
            "country_id", "code", "settlement_lat", "settlement_lon"
        )
        catalogue = bench.Catalogue(0, 0, words, list(places), 0.0)
    query = ""
    for criteria in bench.fixed_queries(catalogue):
        if criteria.place is not None and search(criteria).total >= PAGE_SIZE:
            query = bench.page_query(criteria)
            break
    offering = Offering.objects.published().order_by("pk").first()
    assert offering is not None
    return {
        "search": f"/search/?{query}",
        "offering": offering.get_absolute_url(),
        "home": "/",
        "twin": f"/search/bench-twin/?{query}",
    }


def _caller(path: str) -> Callable[[], int]:
    """One request through the WSGI application, as gunicorn makes it (body consumed)."""
    from django.core.wsgi import get_wsgi_application
    from django.test import RequestFactory

    app = get_wsgi_application()
    route, _, query = path.partition("?")
    base = RequestFactory()._base_environ(  # a complete WSGI environ
        PATH_INFO=route,
        QUERY_STRING=query,
        REQUEST_METHOD="GET",
        SERVER_NAME="127.0.0.1",
        HTTP_HOST="127.0.0.1",
        REMOTE_ADDR="127.0.0.1",
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        statuses.append(status)

    def call() -> int:
        environ = dict(base)
        body = b"".join(app(environ, start_response))
        status = statuses.pop()
        if not status.startswith("200"):
            raise RuntimeError(f"{path} answered {status}")
        return len(body)

    return call


def _queries(call: Callable[[], int]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    for query in captured.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:300]}")
    print(f"  {len(captured.captured_queries)} queries")


def _profile(call: Callable[[], int], count: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        call()
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(45)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", metavar="PAGE", help="cProfile the requests of one page")
    parser.add_argument("--queries", metavar="PAGE", help="print the SQL of one request")
    parser.add_argument("--pages", default="search,offering,home,twin")
    args = parser.parse_args()
    _configure()
    paths = _prepare()
    calls = {name: _caller(path) for name, path in paths.items()}
    for call in calls.values():  # warm-up: the search index, templates, translations
        for _ in range(5):
            call()
    if args.queries:
        _queries(calls[args.queries])
        return
    if args.profile:
        _profile(calls[args.profile], N)
        return
    print(f"request_cost: {OFFERINGS} offerings, {N} requests per page in {ROUNDS} rounds")
    for name in args.pages.split(","):
        call = calls[name]
        medians = []
        size = 0
        for _ in range(ROUNDS):
            times = []
            for _ in range(max(1, N // ROUNDS)):
                started = time.perf_counter()
                size = call()
                times.append((time.perf_counter() - started) * 1000)
            medians.append(statistics.median(times))
        print(
            f"{name:9} median {statistics.median(medians):6.2f} ms "
            f"(rounds {min(medians):.2f}-{max(medians):.2f}), {size} bytes  {paths[name][:70]}"
        )


if __name__ == "__main__":
    main()
