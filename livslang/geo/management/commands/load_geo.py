"""``manage.py load_geo``: load the shipped geography and classifications, then change files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from livslang.geo.services import DATA_DIR, apply_change_file, load_reference_data


class Command(BaseCommand):
    help = (
        "Load the shipped municipalities, regions, postcodes and education classifications "
        "(writes only what changed), then apply dated change files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with the reference files (default: the shipped livslang/geo/data).",
        )
        parser.add_argument(
            "--changes",
            type=Path,
            action="append",
            default=[],
            metavar="FILE",
            help="CSV of dated merges, splits and renames to apply after loading "
            "(columns: effective_date,event,country,level,from_code,to_code,to_name,"
            "to_region_code). Repeatable; files apply in the order given.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"]
        change_files: list[Path] = options["changes"]
        if not data_dir.is_dir():
            raise CommandError(f"{data_dir} is not a folder.")
        for path in change_files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        try:
            # One transaction: a bad change file leaves the database as it was.
            with transaction.atomic():
                report = load_reference_data(data_dir=data_dir, actor_label="load_geo")
                change_reports = [
                    apply_change_file(path=path, actor_label="load_geo") for path in change_files
                ]
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(report.summary())
        for change_report in change_reports:
            self.stdout.write(change_report.summary())
