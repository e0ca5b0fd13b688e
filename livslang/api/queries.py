"""Reading for the API: the representations of offerings, cohorts, organisations and
municipalities, and the change feed.

One representation per object, used by the read operations, the dump and the change feed, so
a mirror built from the dump and the feed holds exactly what the read operations return.
``own`` adds the fields only the owning organisation's tokens see (SEC-06); ``mirror`` leaves
out what changes without a change-log event (seats left moves with every sign-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from livslang.api.models import ApiToken
from livslang.catalog import queries as catalog_queries
from livslang.catalog.models import ChangeEvent, ChangeKind, Cohort, Offering
from livslang.catalog.models import OfferingStatus as _OfferingStatus

# Fields only the owning organisation's tokens see.
OWN_OFFERING_FIELDS = ("status", "source_identifier", "created_at", "updated_at")
OWN_COHORT_FIELDS = ("confirmed_count", "source_identifier", "created_at", "updated_at")
# How long the change feed keeps events (tombstones included), in days.
FEED_RETENTION_DAYS = 30
FEED_LIMIT_MAX = 1000


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _slug(org: Any) -> str | None:
    return None if org is None else org.slug


def is_public_offering(offering: Offering) -> bool:
    return offering.status == _OfferingStatus.PUBLISHED


def cohort_data(cohort: Cohort, *, own: bool = False, mirror: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(cohort.public_id),
        "offering": str(cohort.offering.public_id),
        "url": cohort.get_absolute_url(),
        "status": cohort.status,
        "delivering_centre": _slug(cohort.delivering_centre),
        "mode": cohort.mode,
        "country": cohort.country,
        "municipality": cohort.municipality.code if cohort.municipality else None,
        "postcode": cohort.postcode,
        "venue_name": cohort.venue_name,
        "latitude": cohort.latitude,
        "longitude": cohort.longitude,
        "start_date": _date(cohort.start_date),
        "end_date": _date(cohort.end_date),
        "schedule_kinds": cohort.schedule_kind_list,
        "schedule_text": cohort.schedule_text,
        "pace": cohort.pace,
        "workload_text": cohort.workload_text,
        "price": _decimal(cohort.price),
        "currency": cohort.currency,
        "seats": cohort.seats,
        "minimum_participants": cohort.minimum_participants,
        "guaranteed_start": cohort.guaranteed_start,
        "application_deadline": _date(cohort.application_deadline),
        "step_free_access": cohort.step_free_access,
        "hearing_loop": cohort.hearing_loop,
        "enrolment_method": cohort.enrolment_method,
        "application_url": cohort.safe_application_url,
        "study_groups": [
            {
                "centre": _slug(g.centre),
                "municipality": g.municipality.code if g.municipality else None,
                "room": g.room,
                "schedule_text": g.schedule_text,
                "contact_name": g.contact_name,
                "contact_email": g.contact_email,
            }
            for g in sorted(cohort.study_groups.all(), key=lambda g: g.pk)
        ],
    }
    if not mirror:
        data["seats_left"] = cohort.seats_left
    if own:
        data["confirmed_count"] = cohort.confirmed_count
        data["source_identifier"] = cohort.source_identifier
        data["created_at"] = _time(cohort.created_at)
        data["updated_at"] = _time(cohort.updated_at)
    return data


def offering_data(
    offering: Offering, *, own: bool = False, mirror: bool = False, cohorts: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(offering.public_id),
        "slug": offering.slug,
        "url": offering.get_absolute_url(),
        "title": offering.title,
        "description": offering.description,
        "language": offering.language,
        "provider": _slug(offering.provider),
        "owner": _slug(offering.owner),
        "delivering_centres": sorted(c.slug for c in offering.delivering_centres.all()),
        "isced_field": offering.isced_field.code if offering.isced_field else None,
        "topics": list(offering.topic_list),
        "level_framework": offering.level_framework,
        "level": offering.level,
        "level_text": offering.level_text,
        "credits_value": _decimal(offering.credits_value),
        "credits_unit": offering.credits_unit,
        "duration_text": offering.duration_text,
        "target_group": offering.target_group,
        "prerequisites": offering.prerequisites,
        "admission_requirements": offering.admission_requirements,
        "funding_employer": offering.funding_employer,
        "funding_public_grant": offering.funding_public_grant,
        "funding_loan": offering.funding_loan,
        "campaign_tags": list(offering.campaign_tag_list),
        "external_url": offering.safe_external_url,
        "published_at": _time(offering.published_at),
    }
    if cohorts:
        data["cohorts"] = [
            cohort_data(c, own=own, mirror=mirror)
            for c in sorted(offering.cohorts.all(), key=lambda c: (c.start_date, c.pk))
        ]
    if own:
        data["status"] = offering.status
        data["source_identifier"] = offering.source_identifier
        data["created_at"] = _time(offering.created_at)
        data["updated_at"] = _time(offering.updated_at)
    return data


def organisation_data(org: Any) -> dict[str, Any]:
    municipality = org.home_municipality
    return {
        "id": str(org.public_id),
        "slug": org.slug,
        "name": org.name,
        "kind": org.kind,
        "country": org.country,
        "home_municipality": municipality.code if municipality else None,
        "website": org.website,
        "description": org.description,
        "url": reverse("organisations:detail", args=[org.slug]),
    }


def municipality_data(m: Any) -> dict[str, Any]:
    return {
        "country": m.country_id,
        "code": m.code,
        "name": m.name,
        "region": m.region.code,
        "region_name": m.region.name,
        "latitude": m.settlement_lat,
        "longitude": m.settlement_lon,
    }


# --- The mirror: the whole published catalogue, and the change feed --------------------------


def mirror_records(offerings: Iterable[Offering]) -> Iterable[dict[str, Any]]:
    """One record per published offering and per cohort of one, as the dump writes them."""
    for offering in offerings:
        yield {"kind": "offering", "id": str(offering.public_id), "data": mirror_offering(offering)}
        for cohort in sorted(offering.cohorts.all(), key=lambda c: (c.start_date, c.pk)):
            yield {"kind": "cohort", "id": str(cohort.public_id), "data": mirror_cohort(cohort)}


def mirror_offering(offering: Offering) -> dict[str, Any]:
    return offering_data(offering, mirror=True, cohorts=False)


def mirror_cohort(cohort: Cohort) -> dict[str, Any]:
    return cohort_data(cohort, mirror=True)


def mirror_state() -> dict[tuple[str, str], dict[str, Any]]:
    """The published catalogue as a mirror should hold it: (kind, id) → data."""
    return {
        (r["kind"], r["id"]): r["data"]
        for r in mirror_records(catalog_queries.published_offerings_for_api().iterator(100))
    }


def tokens_of(organisation: Any) -> QuerySet[ApiToken]:
    """An organisation's API tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


class CursorExpired(Exception):
    """The cursor is older than the feed keeps; start again from the dump."""


def oldest_cursor(now: dt.datetime | None = None) -> int:
    """The oldest cursor the feed still answers: the events after it are all kept."""
    from livslang.catalog.changes import last_sequence

    cutoff = (now or timezone.now()) - dt.timedelta(days=FEED_RETENTION_DAYS)
    first = catalog_queries.first_sequence_since(cutoff)
    if first is None:
        return last_sequence()
    return first - 1


def changes(*, since: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The feed after ``since``: each event with the object's public data now (``data`` None
    when it is not public now: a mirror removes it). Returns the entries and the next cursor.
    Raises ``CursorExpired`` for a cursor older than the retention period."""
    if since < oldest_cursor():
        raise CursorExpired
    events: list[ChangeEvent] = catalog_queries.changes_since(since, limit=limit)
    offering_ids = [e.public_id for e in events if e.kind == ChangeKind.OFFERING]
    cohort_ids = [e.public_id for e in events if e.kind == ChangeKind.COHORT]
    offerings = catalog_queries.offerings_by_public_id(offering_ids) if offering_ids else {}
    cohorts = catalog_queries.cohorts_by_public_id(cohort_ids) if cohort_ids else {}
    entries = []
    for event in events:
        key = str(event.public_id)
        data: dict[str, Any] | None = None
        if event.kind == ChangeKind.OFFERING:
            offering = offerings.get(key)
            if offering is not None and is_public_offering(offering):
                data = mirror_offering(offering)
        else:
            cohort = cohorts.get(key)
            if cohort is not None and is_public_offering(cohort.offering):
                data = mirror_cohort(cohort)
        entries.append(
            {
                "sequence": event.sequence,
                "kind": event.kind,
                "id": key,
                "action": event.action,
                "occurred_at": _time(event.occurred_at),
                "data": data,
            }
        )
    next_cursor = events[-1].sequence if events else since
    return entries, next_cursor
