"""``manage.py send_programme_digests``: queue the weekly programme digest e-mails (run it
once a week)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from livslang.programmes.services import send_weekly_digests


class Command(BaseCommand):
    help = "Queue one e-mail per organisation member with the organisation's programme digest."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = send_weekly_digests()
        self.stdout.write(f"digests_queued={queued}")
