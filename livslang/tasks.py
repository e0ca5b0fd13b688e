"""Queueing background work only once the surrounding transaction has committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task


def enqueue_on_commit(task: Task[Any, Any], **kwargs: Any) -> None:
    """Enqueue ``task`` after commit, so a worker never sees work for a rolled-back change
    (and a Redis queue never gets a job the database does not know about)."""
    transaction.on_commit(lambda: task.enqueue(**kwargs))
