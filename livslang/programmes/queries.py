"""Reading programmes: the structure a page shows, action plans with filters, deadlines,
an organisation's responsibilities, and progress for all goals at once (fixed query counts)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation
from livslang.programmes.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Goal,
    Initiative,
    Measurement,
    PartnerRole,
    Programme,
    ProgrammePartner,
    Track,
)
from livslang.programmes.progress import GoalProgress, programme_progress

UPCOMING_DAYS = 60


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_public=True).select_related("region").order_by("name")


def programmes_of(user: Any) -> QuerySet[Programme]:
    """Programmes in which one of the user's organisations takes part or owns a track."""
    organisations = [m.organisation_id for m in org_queries.memberships_of(user)]
    if not organisations:
        return Programme.objects.none()
    return (
        Programme.objects.filter(
            Q(partners__organisation_id__in=organisations) | Q(tracks__owners__in=organisations)
        )
        .distinct()
        .order_by("name")
    )


def partners_of(programme: Programme) -> QuerySet[ProgrammePartner]:
    return (
        ProgrammePartner.objects.filter(programme=programme)
        .select_related("organisation")
        .order_by("role", "organisation__name_folded")
    )


def secretariat_of(programme: Programme) -> list[Organisation]:
    return [p.organisation for p in partners_of(programme) if p.role == PartnerRole.SECRETARIAT]


def tracks_of(programme: Programme) -> list[Track]:
    return list(
        Track.objects.filter(programme=programme)
        .prefetch_related(Prefetch("owners", queryset=Organisation.objects.order_by("name")))
        .order_by("position", "name", "pk")
    )


def initiatives_of(programme: Programme) -> list[Initiative]:
    return list(
        Initiative.objects.filter(programme=programme)
        .select_related("owner")
        .prefetch_related(Prefetch("tracks", queryset=Track.objects.order_by("position")))
        .order_by("name", "pk")
    )


def goals_of(programme: Programme) -> list[Goal]:
    return list(
        Goal.objects.filter(programme=programme)
        .select_related("indicator", "track", "parent")
        .order_by("track__position", "position", "pk")
    )


def measurements_by_indicator(goals: list[Goal]) -> dict[int, list[Measurement]]:
    ids = [g.indicator.pk for g in goals if has_indicator(g)]
    found: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in Measurement.objects.filter(indicator_id__in=ids).order_by(
        "measured_on", "pk"
    ):
        found[measurement.indicator_id].append(measurement)
    return found


def has_indicator(goal: Goal) -> bool:
    try:
        return goal.indicator is not None
    except Goal.indicator.RelatedObjectDoesNotExist:
        return False


@dataclass
class ProgressView:
    """Every goal's progress in a programme."""

    top: list[GoalProgress]
    by_goal: dict[int, GoalProgress]
    measurements: dict[int, list[Measurement]]

    def of_track(self, track: Track) -> list[GoalProgress]:
        return [p for p in self.by_goal.values() if p.goal.track_id == track.pk]


def progress_of(programme: Programme, today: date) -> ProgressView:
    goals = goals_of(programme)
    measurements = measurements_by_indicator(goals)
    top, by_goal = programme_progress(goals, measurements, today)
    return ProgressView(top=top, by_goal=by_goal, measurements=measurements)


def actions_of(
    programme: Programme,
    *,
    status: str = "",
    responsible: str = "",
    due: str = "",
    track: Track | None = None,
    today: date | None = None,
) -> QuerySet[Action]:
    """The action plan, filtered: ``status`` an ActionStatus value, ``responsible`` an
    organisation slug, ``due`` one of overdue / upcoming / none (no due date)."""
    found = Action.objects.filter(track__programme=programme)
    if track is not None:
        found = found.filter(track=track)
    if status:
        found = found.filter(status=status)
    if responsible:
        found = found.filter(responsible_organisation__slug=responsible)
    if due and today is not None:
        if due == "overdue":
            found = found.filter(due_date__lt=today, status__in=OPEN_ACTION_STATUSES)
        elif due == "upcoming":
            found = found.filter(
                due_date__gte=today,
                due_date__lte=today + timedelta(days=UPCOMING_DAYS),
                status__in=OPEN_ACTION_STATUSES,
            )
        elif due == "none":
            found = found.filter(due_date__isnull=True)
    return (
        found.select_related("track", "responsible_organisation")
        .prefetch_related("goals")
        .order_by("track__position", "due_date", "pk")
    )


def responsible_organisations(programme: Programme) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(programme_actions__track__programme=programme)
        .distinct()
        .order_by("name")
    )


@dataclass
class ActionSummary:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, int]]:
        return [
            (status.value, str(status.label), self.by_status.get(status.value, 0))
            for status in ActionStatus
        ]

    def present(self) -> list[tuple[str, str, int]]:
        """The statuses that have actions."""
        return [row for row in self.rows() if row[2]]


def action_summaries(programme: Programme) -> dict[int, ActionSummary]:
    """Per track id: the number of actions in each status."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for track_id, status in Action.objects.filter(track__programme=programme).values_list(
        "track_id", "status"
    ):
        counts[track_id][status] += 1
    return {
        track_id: ActionSummary(total=sum(c.values()), by_status=dict(c))
        for track_id, c in counts.items()
    }


def deadlines(programme: Programme, today: date) -> tuple[list[Action], list[Action]]:
    """Open actions that are overdue, and those due in the next UPCOMING_DAYS days."""
    overdue = list(actions_of(programme, due="overdue", today=today))
    upcoming = list(actions_of(programme, due="upcoming", today=today))
    return overdue, upcoming


@dataclass
class Responsibilities:
    organisation: Organisation
    tracks: list[Track]
    actions: list[Action]
    initiatives: list[Initiative]
    partnerships: list[ProgrammePartner]


def responsibilities_of(organisation: Organisation) -> Responsibilities:
    """What ``organisation`` answers for in every programme: the tracks it owns, the actions
    it is responsible for, its initiatives and its part in each programme."""
    return Responsibilities(
        organisation=organisation,
        tracks=list(
            Track.objects.filter(owners=organisation)
            .select_related("programme")
            .order_by("programme__name", "position")
        ),
        actions=list(
            Action.objects.filter(responsible_organisation=organisation)
            .select_related("track__programme")
            .order_by("due_date", "pk")
        ),
        initiatives=list(
            Initiative.objects.filter(owner=organisation)
            .select_related("programme")
            .order_by("programme__name", "name")
        ),
        partnerships=list(
            ProgrammePartner.objects.filter(organisation=organisation)
            .select_related("programme")
            .order_by("programme__name")
        ),
    )


def candidate_organisations() -> QuerySet[Organisation]:
    """Organisations that may take part in, own or answer for parts of a programme."""
    return Organisation.objects.approved().order_by("name_folded", "pk")


def region_code_of_indicator(indicator: Any) -> tuple[str, str] | None:
    """(country, county/region code) of the programme the indicator belongs to, if it has a
    region (official statistics for the indicator are read for that area)."""
    region = indicator.goal.programme.region
    return (region.country_id, region.code) if region is not None else None
