"""``manage.py build_api_dumps``: regenerate the mirror's dumps now (run it from cron, e.g.
hourly; a request for a stale dump also asks the worker for a new one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from livslang.api import services


class Command(BaseCommand):
    help = "Write /api/v1/dump/offerings.jsonl.gz and .csv.gz of the published catalogue."

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = services.build_dumps()
        self.stdout.write(
            f"{manifest['records']} records, consistent with change {manifest['sequence']}"
        )
