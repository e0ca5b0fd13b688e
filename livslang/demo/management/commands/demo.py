"""`manage.py demo [--today YYYY-MM-DD]`: build or re-date the demo world (never in production)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from livslang.demo.services import build_demo_world


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from exc


class Command(BaseCommand):
    help = "Build the demo world (idempotent); --today dates it relative to that day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=_parse_day,
            default=None,
            help="Day the demo world is dated from (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "The demo world is for the embedded profile only; refusing in production.",
                returncode=2,
            )
        today = options["today"] or timezone.localdate()
        report = build_demo_world(today=today)
        self.stdout.write(f"demo: world dated from {report.today.isoformat()}")
        if report.shifted_by:
            self.stdout.write(f"demo: re-dated by {report.shifted_by.days} days")
        for contribution in report.contributions:
            self.stdout.write(f"demo: {contribution.app}: {contribution.summary}")
        if report.logins:
            self.stdout.write("demo logins (role, e-mail, password):")
            for login in report.logins:
                note = f"  ({login.note})" if login.note else ""
                self.stdout.write(f"  {login.role:<22} {login.email:<34} {login.password}{note}")
