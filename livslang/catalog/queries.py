"""Reading the catalogue: offering pages, public cohorts, feeds and the change log."""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q, QuerySet

from livslang.catalog.models import (
    ChangeEvent,
    Cohort,
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
    candidates = list(
        Offering.objects.filter(public_id__startswith=short_id)
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
