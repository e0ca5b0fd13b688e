"""`manage.py send_test_email ADDRESS`: queue a test message for the task worker to deliver."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from livslang.accounts.tasks import send_email
from livslang.tasks import enqueue_on_commit


class Command(BaseCommand):
    help = "Queue a test e-mail; the task worker (db_worker) delivers it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="Recipient e-mail address.")

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"].strip()
        try:
            validate_email(address)
        except ValidationError as exc:
            raise CommandError(f"{address!r} is not a valid e-mail address.") from exc
        sent_at = timezone.now().isoformat(timespec="seconds")
        with transaction.atomic():
            enqueue_on_commit(
                send_email,
                to=[address],
                subject="Livslang test e-mail",
                body=f"This test message was queued at {sent_at} and delivered by the task worker.",
            )
        self.stdout.write(f"queued a test e-mail to {address}; the task worker delivers it")
