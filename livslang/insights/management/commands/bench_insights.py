"""``manage.py bench_insights [--json FILE] [--repeat N]``: time recomputing the regional
figures of every municipality of both countries over the catalogue in the database, against a
plain scan of the cohorts in the same run (the ratio is the figure to watch).

Run by ``make bench`` after ``bench_search`` has generated the synthetic catalogue in the
benchmark database; never against a database you care about (it writes insight periods).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics as stats
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from livslang.catalog import queries as catalog_queries
from livslang.insights import services

# One period wide enough to hold every cohort of the synthetic catalogue.
START, END = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class Command(BaseCommand):
    help = "Time the regional-insight refresh against a plain scan of the cohorts (make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", type=Path, help="write the figures to this file")
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        period = services.ensure_period(start=START, end=END)
        repeat = max(1, options["repeat"])
        scan: list[float] = []
        refresh: list[float] = []
        cohorts = 0
        areas = 0
        for _ in range(repeat):
            started = time.perf_counter()
            cohorts = len(catalog_queries.cohorts_for_insight(START, END))
            scan.append(time.perf_counter() - started)
            started = time.perf_counter()
            areas = services.refresh(period=period)
            refresh.append(time.perf_counter() - started)
        figures = {
            "cohorts": cohorts,
            "areas": areas,
            "radii_km": list(services.radii()),
            "scan_median_s": round(stats.median(scan), 3),
            "refresh_median_s": round(stats.median(refresh), 3),
            "ratio": round(stats.median(refresh) / stats.median(scan), 1)
            if stats.median(scan)
            else None,
            "repeat": repeat,
        }
        text = json.dumps(figures, indent=2)
        if options["json"]:
            options["json"].write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
