"""Writing competence needs: register, edit, change status. Each write records the need's
history and an audit entry, and re-ranks its matches at once (the author sees them on the
next page)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.audit.services import record
from livslang.geo.queries import UnknownPlace, municipality_by_code, resolve_postcode
from livslang.needs.models import Need, NeedEvent, NeedStatus

CURRENCY = {"NO": "NOK", "DK": "DKK"}
FIELDS = (
    "title",
    "text",
    "language",
    "topics",
    "level",
    "participants",
    "country",
    "postcode",
    "earliest_start",
    "latest_start",
    "modes",
    "schedules",
    "max_price",
    "max_travel_km",
    "teaching_language",
    "visibility",
)


def _place(need: Need) -> None:
    try:
        place = resolve_postcode(country=need.country, code=need.postcode)
    except UnknownPlace as exc:
        raise ValidationError({"postcode": exc.messages[0]}) from None
    need.latitude, need.longitude = place.lat, place.lon
    need.municipality = municipality_by_code(country=need.country, code=place.municipality_code)
    need.currency = CURRENCY.get(need.country, "NOK")


def _rematch(need: Need) -> None:
    from livslang.matching import services as matching

    if need.is_active:
        matching.rematch(need)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


@transaction.atomic
def register_need(*, actor: Any, organisation: Any | None, **data: Any) -> Need:
    """Register a need for ``organisation`` (or for ``actor`` personally when None)."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown need fields: {sorted(unknown)}")
    need = Need(organisation=organisation, registered_by=actor, **data)
    _place(need)
    need.full_clean()
    need.save()
    NeedEvent.objects.create(
        need=need, kind=NeedEvent.Kind.REGISTERED, status=need.status, actor=actor
    )
    record(
        actor=actor,
        action="need.register",
        object_type="needs.need",
        object_id=str(need.public_id),
        object_repr=need.title,
        changes={k: _plain(getattr(need, k)) for k in ("participants", "postcode", "status")},
    )
    _rematch(need)
    return need


@transaction.atomic
def update_need(*, actor: Any, need: Need, **data: Any) -> Need:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown need fields: {sorted(unknown)}")
    need = Need.objects.select_for_update().get(pk=need.pk)
    changes = {}
    for key, value in data.items():
        old = getattr(need, key)
        if old != value:
            changes[key] = {"old": _plain(old), "new": _plain(value)}
            setattr(need, key, value)
    if not changes:
        return need
    if {"country", "postcode"} & set(changes):
        _place(need)
    need.full_clean()
    need.save(
        update_fields=[*changes, "latitude", "longitude", "municipality", "currency", "updated_at"]
    )
    NeedEvent.objects.create(
        need=need, kind=NeedEvent.Kind.UPDATED, status=need.status, actor=actor
    )
    record(
        actor=actor,
        action="need.update",
        object_type="needs.need",
        object_id=str(need.public_id),
        object_repr=need.title,
        changes=changes,
    )
    _rematch(need)
    return need


@transaction.atomic
def set_status(*, actor: Any, need: Need, status: str) -> Need:
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status == status:
        return need
    old = need.status
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.STATUS, status=status, actor=actor)
    record(
        actor=actor,
        action="need.status",
        object_type="needs.need",
        object_id=str(need.public_id),
        object_repr=need.title,
        changes={"status": {"old": old, "new": status}},
    )
    _rematch(need)
    return need


def suggest_topics(text: str, *, limit: int = 8) -> list[str]:
    """Topic names (in the active language) the text speaks of, strongest first."""
    from livslang.matching.queries import topics_in

    return topics_in(text, limit=limit)


def erase_personal_needs(*, user: Any) -> int:
    """Delete the needs ``user`` registered for themselves (with their matches); needs of
    organisations stay, without the person. Returns how many were deleted."""
    personal = Need.objects.filter(registered_by=user, organisation__isnull=True)
    count = personal.count()
    personal.delete()
    return count
