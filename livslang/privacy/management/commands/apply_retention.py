"""``manage.py apply_retention [--dry-run]``: anonymise or delete personal data kept long
enough (GDPR-04). Safe to run daily; a second run changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from livslang.privacy.services import apply_retention


class Command(BaseCommand):
    help = "Anonymise or delete personal data past its retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = apply_retention(dry_run=options["dry_run"])
        prefix = "dry-run: " if options["dry_run"] else ""
        self.stdout.write(prefix + " ".join(f"{k}={v}" for k, v in counts.items()))
