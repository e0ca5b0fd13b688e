"""Test helpers for the reference geography."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import transaction


@contextmanager
def geography_loaded_once(django_db_blocker: Any) -> Iterator[None]:
    """The shipped geography loaded inside an outer transaction that is rolled back at the
    end: for a module-scoped fixture, so a module loads it once and each test's own
    transaction is a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_geo", verbosity=0)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
