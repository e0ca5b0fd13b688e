"""``manage.py import_offerings FILE``: import offerings and cohorts; see catalog/imports/README.md.

Exit status: 0 imported, 1 rejected (nothing written), 2 usage error, 3 valid-rows mode with
rejected items (the rest imported).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from livslang.catalog.imports import format_from_filename, run_import
from livslang.catalog.imports.parsing import MAX_BYTES
from livslang.organisations.models import Organisation


class ProgressBar:
    """A one-line progress bar on a terminal's stderr (never written to a file or a pipe, so
    scripts reading stderr get only the report)."""

    WIDTH = 30
    LABELS = {"reading": "reading", "checking": "checking", "writing": "writing"}

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, step: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        counts = f" {done}/{total}" if total else ""
        self.stream.write(f"\r{self.LABELS.get(step, step):<8} [{bar}]{counts}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import offerings and cohorts from schema.org JSON-LD, CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=["jsonld", "csv", "xlsx"], dest="fmt")
        parser.add_argument("--organisation", metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--mode", choices=["all-or-nothing", "valid-rows"], default="all-or-nothing"
        )

    def _usage(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = options["fmt"] or format_from_filename(path.name)
        if fmt is None:
            self._usage("unknown file extension; use .jsonld, .json, .csv or .xlsx, or --format")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                self._usage(f"no organisation with the address name {options['organisation']}")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            self._usage(f"cannot read {path}: {exc.strerror}")
            return
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:
            report = run_import(
                data=data,
                filename=path.name,
                fmt=fmt,
                organisation=organisation,
                actor=None,
                mode=options["mode"],
                dry_run=options["dry_run"],
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.close()
        dry_run = options["dry_run"]
        for problem in report.problems:
            self.stderr.write(str(problem))
        partial = options["mode"] == "valid-rows" and report.rejected_items
        if report.problems and not (partial and report.rejected_items < report.total_items):
            self.stderr.write(report.rejection_line())
            sys.exit(1)
        if report.problems and not report.imported and not dry_run:
            self.stderr.write(report.rejection_line())
            sys.exit(1)
        for line in report.summary_lines(dry_run):
            self.stdout.write(line)
        if partial:
            if dry_run:
                self.stdout.write(f"dry-run: rejected={report.rejected_items}")
            sys.exit(3)
