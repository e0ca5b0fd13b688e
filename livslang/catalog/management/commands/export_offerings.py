"""``manage.py export_offerings [--organisation SLUG] --format jsonld|csv|xlsx [--output FILE]``:
an organisation's offerings (every status) or all published offerings, to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from livslang.catalog.exports import FORMATS, export_offerings
from livslang.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Export offerings and their cohorts as JSON-LD, CSV or XLSX: one organisation's "
        "(every status) or all published offerings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", metavar="SLUG", help="the organisation's slug")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")

    def _usage(self, message: str) -> None:
        self.stderr.write(f"export_offerings: error: {message}")
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        fmt: str = options["fmt"]
        output: str | None = options["output"]
        if fmt == "xlsx" and not output:
            self._usage("--format xlsx needs --output FILE")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                self._usage(f"no organisation with the slug {options['organisation']!r}")
        data = export_offerings(organisation=organisation, fmt=fmt)
        if output:
            Path(output).write_bytes(data)
            return
        self.stdout.flush()
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            out.write(data.decode("utf-8"))
