"""``manage.py import_statistics FILE_OR_URL [--dry-run] [--strict] [--as-population]``.

Reads one JSON-stat 2.0 dataset, or each dataset of a collection, and stores one
StatisticsSeries per dataset and combination of its non-geographic, non-time categories.
Prints ``series=<slug> values=<stored> skipped=<n> unplaced=<codes>`` per series, then
``imported=K unchanged=U``. Exit 0 (also with skipped codes unless --strict); 1 for a
structural fault or a --strict rejection (nothing stored, the message names the field);
2 for usage errors (no such file, a URL that is not https or not on the allow-list).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser

from livslang.insights import statistics
from livslang.insights.jsonstat import CubeError


class Command(BaseCommand):
    help = "Import official statistics (JSON-stat 2.0) from a file or an https address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="FILE_OR_URL")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument(
            "--strict", action="store_true", help="reject codes that place on no current unit"
        )
        parser.add_argument(
            "--as-population",
            action="store_true",
            help="mark the imported series as the population for per-capita figures",
        )

    def _read(self, source: str) -> tuple[bytes, str]:
        if "://" in source:
            try:
                return statistics.fetch(source), urlsplit(source).hostname or source
            except statistics.UsageError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"no such file: {source}", returncode=2)
        return path.read_bytes(), path.name

    def handle(self, *args: Any, **options: Any) -> None:
        body, name = self._read(options["source"])
        try:
            document = json.loads(body.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise CommandError(f"not UTF-8 text: {exc}", returncode=1) from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", returncode=1
            ) from exc
        try:
            report = statistics.import_document(
                document,
                source_name=name,
                strict=options["strict"],
                dry_run=options["dry_run"],
                as_population=options["as_population"],
            )
        except CubeError as exc:
            raise CommandError(f"{exc} (nothing was stored)", returncode=1) from exc
        for line in report.lines:
            self.stdout.write(str(line))
        self.stdout.write(
            report.summary + (" (dry run: nothing stored)" if options["dry_run"] else "")
        )
