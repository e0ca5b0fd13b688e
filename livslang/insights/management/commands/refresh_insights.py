"""``manage.py refresh_insights [--start YYYY-MM-DD --end YYYY-MM-DD]``: recompute the figures
of every period (this year's and last year's are created when missing), or of one period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from livslang.insights import services


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = "Recompute the regional-insight figures per municipality, county/region and country."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=_date, default=None)
        parser.add_argument("--end", type=_date, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = options["start"], options["end"]
        if (start is None) != (end is None):
            raise CommandError("give both --start and --end, or neither")
        if start is not None and end < start:
            raise CommandError("--end must be on or after --start")
        today = timezone.localdate()
        if start is not None:
            period = services.ensure_period(start=start, end=end)
            written = services.refresh(today=today, period=period)
        else:
            services.default_periods(today)
            written = services.refresh(today=today)
        self.stdout.write(f"areas={written}")
