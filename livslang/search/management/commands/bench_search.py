"""``manage.py bench_search``: the search benchmark on the configured database.

Run through ``make bench`` (scripts/bench.py), which gives each database a fresh one. Writes
the figures as JSON; never run it against a database you care about (it adds a synthetic
catalogue).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from livslang.search import bench


class Command(BaseCommand):
    help = "Generate a synthetic catalogue and time the search (make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--offerings", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", type=Path, help="write the figures to this file")
        parser.add_argument(
            "--page-queries",
            type=Path,
            help="write the 200 queries as query strings of the search page (LOAD-01) here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_geo", verbosity=0)
        figures = bench.run(
            offerings=options["offerings"],
            seed=options["seed"],
            progress=lambda line: self.stderr.write(line),
        )
        # The matching section (issue "Matching") runs here, on the same catalogue and this
        # process's index, so the index is built once.
        from livslang.matching import bench as matching_bench

        figures["matching"] = matching_bench.run(
            words=bench.LAST_RUN["words"],
            places=bench.LAST_RUN["places"],
            progress=lambda line: self.stderr.write(line),
        )
        if options["page_queries"]:
            queries = bench.page_queries(bench.LAST_RUN["queries"], bench.LAST_RUN["totals"])
            options["page_queries"].write_text(json.dumps(queries, indent=2) + "\n")
        text = json.dumps(figures, indent=2, ensure_ascii=False)
        if options["json"]:
            options["json"].write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
