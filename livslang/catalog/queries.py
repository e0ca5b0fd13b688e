"""Reading the catalogue: offering pages, public cohorts, feeds and the change log."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, Subquery, Sum

from livslang.catalog.changes import COUNTER_ID
from livslang.catalog.models import (
    ChangeCounter,
    ChangeEvent,
    Cohort,
    CohortStatus,
    LocalStudyGroup,
    Offering,
    OfferingQuerySet,
    OfferingStatus,
)
from livslang.organisations.models import Organisation

_SHORT_ID = re.compile(r"^[0-9a-f]{8}$")


def _cohorts_for_page() -> QuerySet[Cohort]:
    return Cohort.objects.select_related(
        "municipality__region", "delivering_centre"
    ).prefetch_related(
        Prefetch(
            "study_groups",
            queryset=LocalStudyGroup.objects.select_related(
                "centre", "municipality__region"
            ).order_by("municipality__name", "pk"),
        )
    )


def offering_page(slug: str, short_id: str) -> Offering | None:
    """The offering at ``/offerings/<slug>-<short_id>/`` with everything its page shows, in a
    fixed number of queries (5) whatever the number of cohorts; None if there is none.

    Any status is returned: the caller decides who may see a draft or archived offering. The
    short id decides; when two offerings share it, the slug picks one. Compare
    ``offering.slug`` with ``slug`` to redirect an outdated address to the current one.
    """
    short_id = short_id.lower()
    if not _SHORT_ID.match(short_id):
        return None
    # The ids starting with the short id, as a range of the unique index (a prefix LIKE on
    # the id scans the whole table on both databases: 150 ms at 100 000 offerings).
    first, last = uuid.UUID(short_id + "0" * 24), uuid.UUID(short_id + "f" * 24)
    candidates = list(
        Offering.objects.filter(public_id__gte=first, public_id__lte=last)
        .select_related("provider", "owner", "isced_field__parent")
        .prefetch_related(
            Prefetch("delivering_centres", queryset=Organisation.objects.order_by("name")),
            Prefetch("cohorts", queryset=_cohorts_for_page().order_by("start_date", "pk")),
        )[:5]
    )
    if not candidates:
        return None
    for offering in candidates:
        if offering.slug == slug:
            return offering
    return candidates[0] if len(candidates) == 1 else None


def public_cohorts(offering: Offering) -> list[Cohort]:
    """The cohorts shown on the offering's public page (all statuses; none while it is not
    published), by start date. Uses the cohorts ``offering_page`` prefetched, if any."""
    if offering.status != OfferingStatus.PUBLISHED:
        return []
    return (
        list(offering.cohorts.all())
        if _prefetched(offering)
        else list(_cohorts_for_page().filter(offering=offering).order_by("start_date", "pk"))
    )


def _prefetched(offering: Offering) -> bool:
    cache = getattr(offering, "_prefetched_objects_cache", {})
    return "cohorts" in cache


def offerings_of(owner: Organisation) -> OfferingQuerySet:
    """The offerings ``owner`` maintains (all statuses), newest first, for staff pages."""
    return (
        Offering.objects.for_owner(owner).select_related("provider").order_by("-updated_at", "-pk")
    )


def newly_published(
    municipality_code: str | None = None, region_code: str | None = None, limit: int = 50
) -> list[Offering]:
    """Published offerings, most recently published first (for Atom feeds).

    With ``municipality_code`` (NO 4 digits, DK 3) only offerings with a cohort or a local
    study group in that municipality; with ``region_code`` (NO county 2 digits, DK region 4)
    the same for the county or region.
    """
    offerings = Offering.objects.published()
    place = Q()
    if municipality_code:
        place &= Q(municipality__code=municipality_code) | Q(
            study_groups__municipality__code=municipality_code
        )
    if region_code:
        place &= Q(municipality__region__code=region_code) | Q(
            study_groups__municipality__region__code=region_code
        )
    if municipality_code or region_code:
        offerings = offerings.filter(pk__in=Cohort.objects.filter(place).values("offering_id"))
    return list(
        offerings.select_related("provider", "owner").order_by("-published_at", "-pk")[
            : max(0, limit)
        ]
    )


def changes_since(sequence: int, limit: int = 1000) -> list[ChangeEvent]:
    """Change-log events after ``sequence``, in order, at most ``limit``. The log has no gaps
    in commit order, so a reader that continues from the last number it saw misses nothing."""
    return list(ChangeEvent.objects.filter(sequence__gt=sequence).order_by("sequence")[:limit])


# Fields of a cohort that a search result shows (the search index has its offering's title
# and provider and the name of its municipality).
SUMMARY_FIELDS = (
    "pk",
    "public_id",
    "offering_id",
    "start_date",
    "price",
    "currency",
    "postcode",
)


# The compiled summary query and its converters, per database and number of ids.
_SUMMARY_SQL: dict[tuple[str, int], tuple[str, Any, list[Any]]] = {}


def _last_sequence() -> Subquery:
    return Subquery(ChangeCounter.objects.filter(pk=COUNTER_ID).values("value")[:1])


def cohort_summaries(cohort_ids: list[int]) -> tuple[dict[int, dict[str, Any]], int]:
    """What a search result shows of each cohort, by cohort id, and the change log's last
    sequence number as of this read: one query on the cohort table reading plain values (a
    search checks with the number that its index was current, without a round trip of its
    own). It runs on every search, so the ORM builds its SQL once per number of ids (building
    it took twice as long as running it) and the rows go through the same converters as
    ``values()``."""
    ids = list(dict.fromkeys(cohort_ids))
    if not ids:
        value = ChangeCounter.objects.filter(pk=COUNTER_ID).values_list("value", flat=True)
        return {}, int(value.first() or 0)
    key = (connection.alias, len(ids))
    if key not in _SUMMARY_SQL:
        # Distinct placeholders: the IN lookup drops repeated values.
        query = (
            Cohort.objects.filter(pk__in=range(-len(ids), 0))
            .order_by()
            .annotate(last_sequence=_last_sequence())
            .values(*SUMMARY_FIELDS, "last_sequence")
        )
        compiler = query.query.get_compiler(using=connection.alias)
        sql, params = compiler.as_sql()
        # Run later with other ids: the parameters must be the counter's key, then the ids.
        if list(params) != [COUNTER_ID, *range(-len(ids), 0)]:
            raise RuntimeError(f"unexpected parameters of the summary query: {params!r}")
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        _SUMMARY_SQL[key] = (sql, compiler, converters)
    sql, compiler, converters = _SUMMARY_SQL[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, [COUNTER_ID, *ids])
        rows: Any = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    found = {}
    last = 0
    for row in rows:
        found[row[0]] = dict(zip(SUMMARY_FIELDS, row, strict=False))
        last = int(row[-1] or 0)
    if not found:
        return {}, cohort_summaries([])[1]
    return found, last


# --- Counts for programme indicators (livslang.programmes.computed) -------------------------


def _running_public_cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.public().exclude(status=CohortStatus.CANCELLED)


def cohorts_started_in_region(region_id: int, start: date, end: date) -> int:
    """Cohorts of published offerings, not cancelled, that start between ``start`` and ``end``
    (both included) in a municipality of the county or region ``region_id``."""
    return (
        _running_public_cohorts()
        .filter(start_date__gte=start, start_date__lte=end, municipality__region_id=region_id)
        .count()
    )


def offerings_published_in_region(region_id: int, on: date) -> int:
    """Offerings published now, and first published on or before ``on``, with a cohort or a
    local study group in a municipality of the county or region ``region_id``."""
    places = Cohort.objects.filter(
        Q(municipality__region_id=region_id) | Q(study_groups__municipality__region_id=region_id)
    ).values("offering_id")
    return (
        Offering.objects.published()
        .filter(published_at__date__lte=on, pk__in=places)
        .distinct()
        .count()
    )


def offerings_tagged(tag: str) -> list[int]:
    """Ids of the published offerings carrying the campaign or programme tag ``tag``
    (compared without case). Tags are matched in Python: JSON containment is not portable."""
    wanted = tag.strip().casefold()
    if not wanted:
        return []
    return [
        pk
        for pk, tags in Offering.objects.published()
        .exclude(campaign_tags=[])
        .values_list("pk", "campaign_tags")
        if any(str(t).strip().casefold() == wanted for t in tags or [])
    ]


def seats_offered_with_tag(tag: str, start: date, end: date) -> int:
    """Seats in the cohorts (of published offerings, not cancelled) that start between
    ``start`` and ``end`` of the offerings carrying the tag ``tag`` (``offerings_tagged``)."""
    total = (
        _running_public_cohorts()
        .filter(offering_id__in=offerings_tagged(tag), start_date__gte=start, start_date__lte=end)
        .aggregate(seats=Sum("seats"))["seats"]
    )
    return int(total or 0)


_MATCHING_OFFERING = ("pk", "public_id", "title", "description", "topics", "language", "level_text")
_MATCHING_COHORT = (
    "offering_id",
    "public_id",
    "mode",
    "status",
    "start_date",
    "end_date",
    "schedule_daytime",
    "schedule_evening",
    "schedule_weekend",
    "schedule_self_paced",
    "price",
    "currency",
    "seats",
    "confirmed_count",
    "latitude",
    "longitude",
    "venue_name",
    "municipality__name",
    "municipality__settlement_lat",
    "municipality__settlement_lon",
)


def rows_for_matching(
    *, pks: list[int] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Published offerings (all, or those with ``pks``) and their cohorts that are not
    cancelled, as plain rows: what the matcher reads, in two queries."""
    offerings = Offering.objects.published()
    if pks is not None:
        offerings = offerings.filter(pk__in=pks)
    offering_rows = list(offerings.order_by("pk").values(*_MATCHING_OFFERING))
    cohorts = Cohort.objects.exclude(status=CohortStatus.CANCELLED).filter(
        offering__status=OfferingStatus.PUBLISHED
    )
    if pks is not None:
        cohorts = cohorts.filter(offering_id__in=pks)
    cohort_rows = list(
        cohorts.order_by("offering_id", "start_date", "pk").values(*_MATCHING_COHORT)
    )
    return offering_rows, cohort_rows


def pks_of(public_ids: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Primary keys of the offerings and cohorts among ``public_ids`` (by public id)."""
    ids = list(public_ids)
    offerings = {
        str(pid): pk
        for pid, pk in Offering.objects.filter(public_id__in=ids).values_list("public_id", "pk")
    }
    cohorts = {
        str(pid): pk
        for pid, pk in Cohort.objects.filter(public_id__in=ids).values_list("public_id", "pk")
    }
    return offerings, cohorts


def offering_title(public_id: str) -> str:
    return (
        Offering.objects.filter(public_id=public_id).values_list("title", flat=True).first() or ""
    )


def more_published_than(count: int) -> bool:
    """Whether more than ``count`` offerings are published (reads at most count + 1 rows, not
    the whole table as a count would)."""
    return Offering.objects.published().order_by()[count : count + 1].exists()


# --- Reads for the API and the mirror (livslang.api) ----------------------------------------


def _for_api(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """Offerings with everything their API representation shows, in a fixed number of
    queries whatever the number of offerings and cohorts."""
    return offerings.select_related("provider", "owner", "isced_field").prefetch_related(
        Prefetch("delivering_centres", queryset=Organisation.objects.order_by("slug")),
        Prefetch("cohorts", queryset=_cohorts_for_page().order_by("start_date", "pk")),
    )


def published_offerings_for_api() -> QuerySet[Offering]:
    """Every published offering, oldest first (a stable order for paging)."""
    return _for_api(Offering.objects.filter(status=OfferingStatus.PUBLISHED)).order_by("pk")


def offerings_of_owner_for_api(owner: Organisation) -> QuerySet[Offering]:
    """Every offering ``owner`` maintains, in any status, oldest first."""
    return _for_api(Offering.objects.filter(owner=owner)).order_by("pk")


def offerings_by_public_id(public_ids: list[str] | list[Any]) -> dict[str, Offering]:
    """The offerings with these public ids (any status), by public id as text."""
    found = _for_api(Offering.objects.filter(public_id__in=public_ids))
    return {str(o.public_id): o for o in found}


def cohorts_by_public_id(public_ids: list[str] | list[Any]) -> dict[str, Cohort]:
    """The cohorts with these public ids (any status of their offering), by public id."""
    found = _cohorts_for_page().select_related("offering").filter(public_id__in=public_ids)
    return {str(c.public_id): c for c in found}


def first_sequence_since(moment: Any) -> int | None:
    """The number of the first change-log event at or after ``moment``; None if none."""
    return (
        ChangeEvent.objects.filter(occurred_at__gte=moment)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )


def cohorts_of_centre(centre: Organisation, statuses: tuple[str, ...]) -> QuerySet[Cohort]:
    """Cohorts a centre runs: of its own offerings, or delivered by it, in these statuses."""
    return (
        Cohort.objects.filter(Q(offering__owner=centre) | Q(delivering_centre=centre))
        .filter(status__in=statuses)
        .select_related("offering", "municipality")
        .order_by("application_deadline", "start_date", "pk")
    )


# --- Regional insight (livslang.insights) ----------------------------------------------------


def cohorts_for_insight(start: date, end: date) -> list[dict[str, object]]:
    """Cohorts of published offerings, not cancelled, running at some time in [start, end]
    (both included), with what regional insight needs: ``pk``, ``mode``, ``country``,
    ``latitude``/``longitude`` (the venue, else None), ``municipality_id``,
    ``delivering_centre_id`` and ``topics`` (the offering's topics). One query."""
    rows = (
        _running_public_cohorts()
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by("pk")
        .values(
            "pk",
            "mode",
            "country",
            "latitude",
            "longitude",
            "municipality_id",
            "delivering_centre_id",
            "offering__topics",
        )
    )
    found: list[dict[str, object]] = []
    for row in rows:
        item: dict[str, object] = dict(row)
        topics = item.pop("offering__topics", None) or []
        item["topics"] = [str(t) for t in topics if str(t).strip()]  # type: ignore[attr-defined]
        found.append(item)
    return found
