"""The matching section of ``make bench`` runs on a small synthetic catalogue, through the
search-index candidates a large catalogue uses (no timing asserted)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from livslang.matching import bench, catalogue
from livslang.search import bench as search_bench
from livslang.search.index import reset_index

pytestmark = pytest.mark.django_db


def test_the_matching_benchmark_runs_through_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    call_command("load_geo", verbosity=0)
    reset_index()
    generated = search_bench.generate(offerings=300)
    monkeypatch.setattr(catalogue, "CANDIDATES", 50)
    figures = bench.run(
        words=generated.words, places=generated.municipalities, progress=lambda line: None
    )
    assert figures["needs"] == bench.NEEDS
    assert 0 < figures["mean_candidates"] <= 50
    assert set(figures["ratios"]) == {"median", "p95"}
    reset_index()
