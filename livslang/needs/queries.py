"""Reading competence needs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from livslang.needs.models import Need, NeedStatus


def active_needs() -> QuerySet[Need]:
    return Need.objects.active().order_by("pk")


def needs_of_organisation(organisation: Any) -> QuerySet[Need]:
    return Need.objects.filter(organisation=organisation).order_by("-created_at", "-pk")


def needs_of_person(user: Any) -> QuerySet[Need]:
    """Needs a person registered for themselves (not for an organisation)."""
    return Need.objects.filter(registered_by=user, organisation__isnull=True).order_by(
        "-created_at", "-pk"
    )


def public_active_needs() -> QuerySet[Need]:
    return (
        Need.objects.active()
        .public()
        .select_related("municipality", "organisation")
        .order_by("-created_at", "-pk")
    )


def met_in_region(region_id: int, start: Any, end: Any) -> int:
    """Needs in municipalities of the region marked met in [start, end] (from their history)."""
    return (
        Need.objects.filter(
            municipality__region_id=region_id,
            events__kind="status",
            events__status=NeedStatus.MET,
            events__at__date__gte=start,
            events__at__date__lte=end,
        )
        .distinct()
        .count()
    )


def active_needs_in(municipality_ids: list[int]) -> QuerySet[Need]:
    """Needs still looking for a course in these municipalities (for the centres serving
    them), with their organisation and municipality."""
    return (
        Need.objects.active()
        .filter(municipality_id__in=municipality_ids)
        .select_related("organisation", "municipality", "registered_by")
        .order_by("earliest_start", "pk")
    )


def needs_for_insight(start: Any, end: Any) -> list[dict[str, Any]]:
    """Active needs registered by ``end`` whose start window overlaps [start, end], with
    ``pk``, ``municipality_id``, ``participants`` and ``topics`` (regional insight)."""
    rows = (
        Need.objects.active()
        .filter(created_at__date__lte=end, earliest_start__lte=end, latest_start__gte=start)
        .order_by("pk")
        .values("pk", "municipality_id", "participants", "topics")
    )
    return [dict(row) for row in rows]
