"""The benchmark harness runs once at 1 000 offerings so it cannot rot (no timing asserted),
with the pieces of LOAD-01 that run without wrk: the 200 queries as addresses of the search
page, and the page's fixed-data twin."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from livslang.catalog.testing import make_cohort, make_offering
from livslang.search import bench, bench_views, index
from livslang.search.forms import SearchForm
from livslang.search.queries import Criteria, evaluate

pytestmark = pytest.mark.django_db


def _same_search(given: Criteria, wanted: Criteria) -> bool:
    """The same search, near the same municipality (a fixed query names it by its number
    only; the page may be given its name or, when neither is unambiguous, a postcode in it)."""
    if (given.place is None) != (wanted.place is None):
        return False
    if given.place is not None and wanted.place is not None:
        here = (given.place.country, given.place.municipality_code)
        if here != (wanted.place.country, wanted.place.code):
            return False
    return dataclasses.replace(given, place=None) == dataclasses.replace(wanted, place=None)


def test_the_benchmark_harness_runs(settings: Any) -> None:
    call_command("load_geo", verbosity=0)
    figures = bench.run(offerings=1000, progress=lambda line: None)
    assert figures["offerings"] == 1000
    assert figures["cohorts"] >= 1000
    assert figures["distinct_words"] >= 5000
    assert figures["queries"] == bench.QUERY_COUNT == 200
    for name in ("a: full search", "b: Tantivy baseline", "c: raw top-20"):
        assert set(figures["timings"][name]) == {"median_ms", "p95_ms"}
    assert set(figures["ratios"]) == {"a/b median", "a/b p95", "a/c median", "a/c p95"}

    # LOAD-01: wrk sends the search page the same 200 searches, as query strings.
    queries = bench.LAST_RUN["queries"]
    pages = bench.page_queries(queries, bench.LAST_RUN["totals"])
    assert len(set(pages["queries"])) == len(pages["queries"]) == 200
    for query, criteria in zip(pages["queries"], queries, strict=True):
        assert _same_search(SearchForm(QueryDict(query)).criteria(), criteria), query
    assert pages["twin"] in pages["queries"]
    assert len(set(pages["offerings"])) == 200
    # Every fourth through the whole page (all 200 would add seconds to `make test`; `make bench`
    # counts every answer that is not 2xx).
    settings.SEARCH_RATE_LIMIT = (1000, 60)  # as the benchmark's server has it
    client = Client()
    for query in pages["queries"][::4]:
        assert client.get(f"/search/?{query}").status_code == 200, query
    for path in pages["offerings"][:5]:
        assert client.get(path).status_code == 200, path


def test_the_fixed_queries_are_distinct_and_mixed() -> None:
    catalogue = bench.Catalogue(
        0,
        0,
        bench.vocabulary(6000, random.Random(1)),
        [("NO", "5530", 69.2, 18.0), ("DK", "330", 55.4, 11.4)],
        0.0,
    )
    queries = bench.fixed_queries(catalogue)
    assert len(set(queries)) == len(queries) == 200
    assert any(q.place is not None for q in queries)
    assert any(q.place is None for q in queries)
    assert any(q.modes or q.schedules or q.funding for q in queries)


def test_the_baseline_counts_what_the_search_counts() -> None:
    """(b) is like-for-like: without a place (the baseline's near me is a box, not a circle)
    and without the typo fallback, its facet counts equal the search's."""
    call_command("load_geo", verbosity=0)
    catalogue = bench.generate(offerings=300)
    main = index.rebuild()
    today = timezone.localdate()
    baseline = bench.Baseline(main, bench._texts(list(main.records)), today=today)
    compared = 0
    for criteria in bench.fixed_queries(catalogue):
        if criteria.place is not None or compared >= 25:
            continue
        evaluation = evaluate(main, criteria, today=today)
        if evaluation.fuzzy:
            continue
        aggregated = baseline.run(criteria)
        for attribute, name in bench._BASELINE_FACETS.items():
            counted = {
                bucket["key"]: round(bucket["offerings"]["value"])
                for bucket in aggregated[name]["buckets"]
                if bucket["key"] not in ("-", "no")
            }
            assert counted == dict(evaluation.counts[attribute]), (criteria, attribute)
        compared += 1
    assert compared == 25


@pytest.fixture
def twin_server(settings: Any) -> Iterator[None]:
    """The URLs of `make bench`'s server (LIVSLANG_BENCH_TWIN=1), with no twin fixed yet."""
    settings.ROOT_URLCONF = "livslang.search.bench_urls"
    bench_views._FIXED.clear()
    yield
    bench_views._FIXED.clear()


def test_the_twin_does_not_exist_outside_the_benchmark(client: Client) -> None:
    assert client.get("/search/bench-twin/?q=sveis").status_code == 404


def test_the_twin_renders_the_search_page_from_one_fixed_result(
    twin_server: None, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        make_cohort(make_offering(title=f"Sveising {n}"))
    make_cohort(make_offering(title="Regnskap"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/search/?q=sveising")
    twin = client.get("/search/bench-twin/?q=sveising")
    assert twin.status_code == 200
    assert [t.name for t in twin.templates] == [t.name for t in page.templates]
    assert set(twin.context.keys()) == set(page.context.keys())
    assert "3 offerings found" in twin.content.decode()
    # Fixed: another query string renders the same result, from memory.
    with django_assert_num_queries(0):
        again = client.get("/search/bench-twin/?q=regnskap")
    assert "3 offerings found" in again.content.decode()
    assert "Regnskap" not in again.content.decode().split('id="search-results"')[1]
