"""The benchmark harness runs once at 1 000 offerings so it cannot rot (no timing asserted)."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from livslang.search import bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_harness_runs() -> None:
    call_command("load_geo", verbosity=0)
    figures = bench.run(offerings=1000, progress=lambda line: None)
    assert figures["offerings"] == 1000
    assert figures["cohorts"] >= 1000
    assert figures["distinct_words"] >= 5000
    assert figures["queries"] == bench.QUERY_COUNT == 200
    for name in ("a: full search", "b: Tantivy baseline", "c: raw top-20"):
        assert set(figures["timings"][name]) == {"median_ms", "p95_ms"}
    assert set(figures["ratios"]) == {"a/b median", "a/b p95", "a/c median", "a/c p95"}


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
