"""The benchmark harness runs once at 1 000 offerings so it cannot rot (no timing asserted)."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from livslang.search import bench, index
from livslang.search.queries import evaluate

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
