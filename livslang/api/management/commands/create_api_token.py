"""``manage.py create_api_token``: make an API token for an organisation from the command line
(for a deployment's own jobs and ``make fuzz``); prints the token once. The person given must
be an administrator of the organisation, as on the tokens page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from livslang.api import services
from livslang.api.models import Scope
from livslang.organisations.models import Organisation


class Command(BaseCommand):
    help = "Create an API token for an organisation and print it (shown only now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="the organisation's slug")
        parser.add_argument("--admin", required=True, help="e-mail of one of its administrators")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        user = get_user_model().objects.filter(email=options["admin"]).first()
        if organisation is None or user is None:
            raise CommandError("No such organisation or person.")
        try:
            _token, raw = services.create_token(
                actor=user, organisation=organisation, name=options["name"], scope=options["scope"]
            )
        except Exception as exc:
            raise CommandError(f"Not allowed: {exc!r}") from exc
        self.stdout.write(raw)
