"""``manage.py send_search_digests``: queue the daily digest e-mails of saved searches and
interests. Run it once a day; running it again the same day sends nothing more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from livslang.enrolments.services import send_digests


class Command(BaseCommand):
    help = "Queue one e-mail per person with the new cohorts matching their saved searches."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = send_digests()
        self.stdout.write(f"digests_queued={queued}")
