"""The catalogue's change log: a gap-free sequence of events in commit order.

Every catalogue write calls ``record_change`` inside its own transaction. The next number
comes from the single ``ChangeCounter`` row, incremented with ``UPDATE ... SET value = value
+ 1`` and read back in the same transaction. The update takes the row's write lock, so a
second writer waits until the first commits (PostgreSQL), or cannot start its transaction
at all (SQLite, whose IMMEDIATE transactions take the database write lock at BEGIN). Hence
number n+1 can only be handed out after the transaction holding n has committed or rolled
back — a reader never sees 101 before 100, and a rolled-back number is handed out again.
A plain database sequence would not give this: numbers are taken before commit, in any order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from livslang.catalog.models import ChangeCounter, ChangeEvent

COUNTER_ID = 1

# Called with the last sequence number after a transaction that changed the catalogue commits
# (e.g. matching asks its worker to catch up). Registered once per process by app configs.
_subscribers: list[Callable[[int], None]] = []


def subscribe(callback: Callable[[int], None]) -> None:
    """Have ``callback(last_sequence)`` called after each committed catalogue change."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def _take(count: int) -> int:
    """Reserve ``count`` numbers; returns the last one. Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change must run inside the writing transaction.")
    updated = ChangeCounter.objects.filter(pk=COUNTER_ID).update(value=F("value") + count)
    if not updated:
        # First write ever: create the row, then lock and increment it like everyone else.
        ChangeCounter.objects.get_or_create(pk=COUNTER_ID, defaults={"value": 0})
        ChangeCounter.objects.filter(pk=COUNTER_ID).update(value=F("value") + count)
    return int(ChangeCounter.objects.values_list("value", flat=True).get(pk=COUNTER_ID))


def record_change(
    *, kind: str, public_id: uuid.UUID, action: str, at: datetime | None = None
) -> ChangeEvent:
    """Append one event to the log, in the caller's transaction."""
    return record_changes([(kind, public_id, action)], at=at)[0]


def record_changes(
    events: Iterable[tuple[str, uuid.UUID, str]], *, at: datetime | None = None
) -> list[ChangeEvent]:
    """Append several events (kind, public id, action) in order, with one counter update."""
    items = list(events)
    if not items:
        return []
    last = _take(len(items))
    first = last - len(items) + 1
    when = at or timezone.now()
    rows = [
        ChangeEvent(
            sequence=first + i, kind=kind, public_id=public_id, action=action, occurred_at=when
        )
        for i, (kind, public_id, action) in enumerate(items)
    ]
    created = ChangeEvent.objects.bulk_create(rows)
    for callback in _subscribers:
        transaction.on_commit(partial(callback, last))
    return created


def last_sequence() -> int:
    value = ChangeCounter.objects.filter(pk=COUNTER_ID).values_list("value", flat=True).first()
    return int(value or 0)
