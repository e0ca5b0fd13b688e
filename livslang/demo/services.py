"""Builds the demo world from the `demo` module of every installed app.

Each app that contributes has ``livslang/<app>/demo.py`` with::

    ORDER = 10                      # lower runs first (organisations before offerings ...)
    def build(*, today: date, shift: timedelta) -> DemoContribution: ...

``build`` must be idempotent (look records up by a stable natural key) and date everything
relative to ``today``; ``shift`` is how far the world moved since the last run (zero the first
time), for records whose dates must move with it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import ModuleType

from django.apps import apps
from django.db import transaction

from livslang.demo.models import DemoWorld


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    note: str = ""


@dataclass(frozen=True)
class DemoContribution:
    app: str
    summary: str
    logins: list[DemoLogin] = field(default_factory=list)


@dataclass(frozen=True)
class DemoReport:
    today: date
    shifted_by: timedelta
    contributions: list[DemoContribution]

    @property
    def logins(self) -> list[DemoLogin]:
        return [login for c in self.contributions for login in c.logins]


def _contributors() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("livslang."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


@transaction.atomic
def build_demo_world(*, today: date) -> DemoReport:
    world = DemoWorld.objects.select_for_update().filter(pk=1).first()
    shift = today - world.today if world else timedelta(0)
    contributions = [module.build(today=today, shift=shift) for module in _contributors()]
    if world is None:
        DemoWorld.objects.create(pk=1, today=today)
    elif world.today != today:
        world.today = today
        world.save(update_fields=["today", "built_at"])
    return DemoReport(today=today, shifted_by=shift, contributions=contributions)
