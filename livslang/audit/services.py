"""Writing to the audit log. Call inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from livslang.audit.models import AuditEntry


def record(
    *,
    actor: Any = None,
    actor_label: str = "",
    action: str,
    object_type: str,
    object_id: str | int = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Append one audit entry.

    ``actor`` is a user (or None for commands and tasks, which then pass ``actor_label``);
    ``changes`` maps a field or count name to ``{"old": ..., "new": ...}`` or a plain value.
    """
    if actor is not None and getattr(actor, "is_authenticated", False):
        label = actor_label or str(actor.email)
        user = actor
    else:
        label = actor_label or "system"
        user = None
    entry = AuditEntry(
        actor=user,
        actor_label=label[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        changes=changes or {},
        summary=summary[:500],
    )
    entry.full_clean()
    entry.save()
    return entry


def object_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"
