"""The regional-insight benchmark runs once on a small synthetic catalogue so it cannot rot
(no timing asserted)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from livslang.search import bench

pytestmark = pytest.mark.django_db


def test_the_insight_benchmark_runs(geo: None, tmp_path: Path) -> None:
    bench.generate(offerings=300)
    target = tmp_path / "insights.json"
    call_command("bench_insights", "--repeat", "1", "--json", str(target), stdout=io.StringIO())
    figures = json.loads(target.read_text(encoding="utf-8"))
    assert figures["cohorts"] >= 300
    assert figures["areas"] == 455 + 20 + 2  # municipalities, counties/regions, countries
    assert set(figures) >= {"scan_median_s", "refresh_median_s", "ratio", "radii_km"}
