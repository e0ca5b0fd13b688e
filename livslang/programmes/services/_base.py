"""What the programme services share: applying form data, saving with ``full_clean`` and
writing one audit entry per change."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.text import slugify

from livslang.audit.services import object_type_of, record
from livslang.programmes.models import (
    Programme,
)

PROGRAMME_FIELDS = (
    "name",
    "description",
    "region",
    "start_date",
    "end_date",
    "status",
    "is_public",
)
TRACK_FIELDS = ("name", "purpose", "tag", "contact_name", "contact_email", "position")
GOAL_FIELDS = ("name", "description", "parent", "weight", "position")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "source",
    "computed_kind",
    "interval_months",
)
ACTION_FIELDS = (
    "title",
    "description",
    "responsible_organisation",
    "responsible_person",
    "start_date",
    "due_date",
    "status",
    "progress",
)
INITIATIVE_FIELDS = ("name", "description", "owner", "started_on", "is_new")
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _apply(instance: models.Model, data: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """Set the allowed fields of ``data`` on ``instance``; returns the audit changes."""
    allowed = tuple(allowed)
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"cannot set {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    for name, new in data.items():
        if isinstance(new, str):
            new = new.strip()
        old = getattr(instance, name)
        if old != new:
            changes[name] = {"old": _value(old), "new": _value(new)}
            setattr(instance, name, new)
    return changes


def _save(instance: models.Model, changes: dict[str, Any], *, created: bool) -> None:
    instance.full_clean()
    if created:
        instance.save()
    elif changes:
        instance.save(update_fields=[*changes, *_auto_fields(instance)])


def _auto_fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]


def _audit(
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> None:
    record(
        actor=actor,
        action=action,
        object_type=object_type_of(obj),
        object_id=str(getattr(obj, "public_id", obj.pk)),
        object_repr=str(obj),
        changes=changes or {},
        summary=summary,
    )


def _slug_for(name: str) -> str:
    base = slugify(name.translate(_TRANSLITERATION))[:70].strip("-") or "programme"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_m2m(
    obj: models.Model,
    name: str,
    items: Iterable[models.Model] | None,
    changes: dict[str, Any],
    *,
    key: str = "pk",
) -> None:
    if items is None:
        return
    manager = getattr(obj, name)
    new = sorted(str(getattr(i, key)) for i in items)
    old = sorted(str(getattr(i, key)) for i in manager.all())
    if old != new:
        manager.set(list(items))
        changes[name] = {"old": old, "new": new}
