"""Reading demand for a centre: needs and interest in the municipalities it serves, aggregated
by topic and municipality; searches that found little; the gaps from matching; the centre's
cohorts below their minimum.

Centres see aggregates only: counts of people, the employers (organisations, not people) and
dates. No adult's name, e-mail or need text appears here; a person is seen by a centre only
once they sign up (the participant list, whose viewing is logged).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from livslang.brokerage.models import CohortProposal, CourseRequest, CourseRequestEvent
from livslang.catalog.models import Cohort, CohortStatus
from livslang.catalog.queries import cohorts_of_centre
from livslang.enrolments import queries as enrolment_queries
from livslang.geo.models import Municipality
from livslang.matching.queries import gap_need_ids
from livslang.needs.queries import active_needs_in
from livslang.organisations.models import Organisation
from livslang.organisations.queries import centre_profile_of
from livslang.search.reports import TermRow, unmet_terms

NO_TOPIC = ""
OPEN_STATUSES = (CohortStatus.PLANNED, CohortStatus.OPEN)


@dataclass
class Cluster:
    """Demand for one topic in one municipality."""

    topic: str
    municipality: Municipality
    people: int = 0
    interested: int = 0
    employers: set[str] = field(default_factory=set)
    earliest_start: dt.date | None = None
    need_ids: list[int] = field(default_factory=list)
    gap: bool = False

    @property
    def key(self) -> str:
        return f"{self.municipality.pk}:{self.topic}"

    @property
    def employer_names(self) -> list[str]:
        return sorted(self.employers)

    @property
    def total(self) -> int:
        return self.people + self.interested


def served_municipalities(centre: Organisation) -> list[Municipality]:
    profile = centre_profile_of(centre)
    if profile is None:
        return []
    return list(profile.municipalities_served.order_by("name"))


def _topic_key(topic: str) -> str:
    return " ".join(topic.split()).casefold()


def demand(centre: Organisation) -> list[Cluster]:
    """Open needs and interest in the centre's area by topic and municipality, largest first."""
    municipalities = {m.pk: m for m in served_municipalities(centre)}
    ids = list(municipalities)
    clusters: dict[tuple[int, str], Cluster] = {}
    labels: dict[str, str] = {}

    def cluster(topic: str, municipality_id: int) -> Cluster:
        key = _topic_key(topic)
        labels.setdefault(key, " ".join(topic.split()))
        found = clusters.get((municipality_id, key))
        if found is None:
            found = Cluster(topic=key, municipality=municipalities[municipality_id])
            clusters[(municipality_id, key)] = found
        return found

    needs = list(active_needs_in(ids))
    gaps = gap_need_ids([n.pk for n in needs])
    for need in needs:
        assert need.municipality_id is not None
        for topic in need.topics or [NO_TOPIC]:
            row = cluster(str(topic), need.municipality_id)
            row.people += need.participants
            row.need_ids.append(need.pk)
            row.gap |= need.pk in gaps
            if need.organisation is not None:
                row.employers.add(need.organisation.name)
            if row.earliest_start is None or need.earliest_start < row.earliest_start:
                row.earliest_start = need.earliest_start
    for interest in enrolment_queries.interests_in(ids):
        for topic in interest.topics or (NO_TOPIC,):
            cluster(topic, interest.municipality_id).interested += 1
    rows = list(clusters.values())
    for row in rows:
        row.topic = labels.get(row.topic, row.topic)
    return sorted(rows, key=lambda r: (-r.total, r.municipality.name, r.topic))


def cluster_of(centre: Organisation, key: str) -> Cluster | None:
    for row in demand(centre):
        if row.key == key:
            return row
    return None


def searches_with_few_results(centre: Organisation) -> tuple[list[TermRow], list[TermRow]]:
    """Words searched at least five times that found little (the search log's threshold):
    near the municipalities the centre serves, and anywhere."""
    near = unmet_terms(limit=20, municipality_ids=[m.pk for m in served_municipalities(centre)])
    return near, unmet_terms(limit=20)


@dataclass
class CohortRow:
    cohort: Cohort
    progress: enrolment_queries.MinimumProgress
    days_to_deadline: int | None
    # The centre's own offering: it decides and sees the participants here; a provider's
    # cohort (from a course request) is decided on the request and confirmed by the provider.
    own: bool = True


def cohorts_to_decide(centre: Organisation, *, today: dt.date) -> list[CohortRow]:
    """The centre's planned and open cohorts with a minimum (also those from its accepted
    course requests), with progress and days to the deadline, deadline first."""
    own = list(cohorts_of_centre(centre, OPEN_STATUSES))
    requested = CourseRequest.objects.filter(
        centre=centre, cohort__isnull=False, cohort__status__in=OPEN_STATUSES
    ).values_list("cohort_id", flat=True)
    seen = {c.pk for c in own}
    extra = (
        Cohort.objects.filter(pk__in=list(requested))
        .exclude(pk__in=seen)
        .select_related("offering", "municipality")
    )
    cohorts = [c for c in [*own, *extra] if c.minimum_participants]
    progress = enrolment_queries.minimum_progress_of(cohorts)
    rows = [
        CohortRow(
            cohort=c,
            progress=progress[c.pk],
            days_to_deadline=(
                (c.application_deadline - today).days if c.application_deadline else None
            ),
            own=c.offering.owner_id == centre.pk,
        )
        for c in cohorts
    ]
    return sorted(
        rows,
        key=lambda r: (r.cohort.application_deadline or dt.date.max, r.cohort.start_date),
    )


def requests_of(organisation: Organisation) -> QuerySet[CourseRequest]:
    """Course requests the organisation sent (as a centre) or received (as a provider)."""
    return (
        CourseRequest.objects.filter(Q(centre=organisation) | Q(provider=organisation))
        .select_related("centre", "provider", "offering", "municipality")
        .order_by("-updated_at", "-pk")
    )


def history_of(course_request: CourseRequest) -> QuerySet[CourseRequestEvent]:
    return course_request.events.select_related("organisation", "actor").order_by("at", "pk")


def proposals_for_need(need: Any) -> list[CohortProposal]:
    """Cohorts centres proposed for this need, still planned or open."""
    return list(
        CohortProposal.objects.filter(needs=need, cohort__status__in=OPEN_STATUSES)
        .select_related("centre", "cohort__offering", "cohort__municipality")
        .order_by("-created_at", "-pk")
    )
