"""Reading programmes: the structure a page shows, action plans with filters, deadlines,
an organisation's responsibilities, and progress for all goals at once (fixed query counts)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q, QuerySet

from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation
from livslang.programmes.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Agreement,
    CoordinationGroup,
    Decision,
    Experience,
    Goal,
    GroupMember,
    Initiative,
    Measurement,
    Meeting,
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
            .select_related(
                "track__programme",
                "decision__meeting__group__programme",
                "commitment__agreement",
                "region",
            )
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


# --- The coordination group -----------------------------------------------------------------


def group_of(programme: Programme) -> CoordinationGroup | None:
    return CoordinationGroup.objects.filter(programme=programme).first()


def people_of(programme: Programme) -> list[Any]:
    """The memberships of the programme's partner organisations (who may join its group)."""
    people: list[Any] = []
    for partner in partners_of(programme):
        people.extend(org_queries.members_of(partner.organisation).select_related("organisation"))
    return people


def group_members(group: CoordinationGroup) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(group=group)
        .select_related("user", "organisation")
        .order_by("represents", "organisation__name_folded", "pk")
    )


def _follow_ups() -> Prefetch[Any]:
    return Prefetch(
        "follow_ups",
        queryset=Action.objects.select_related("responsible_organisation").order_by(
            "due_date", "pk"
        ),
    )


def meetings_of(group: CoordinationGroup) -> list[Meeting]:
    """Newest first, with their decisions and follow-ups."""
    return list(
        Meeting.objects.filter(group=group)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.order_by("pk").prefetch_related(_follow_ups()),
            )
        )
        .order_by("-held_on", "-pk")
    )


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(
        Decision.objects.filter(meeting=meeting).prefetch_related(_follow_ups()).order_by("pk")
    )


def open_follow_ups(group: CoordinationGroup) -> list[Action]:
    """Every decision's follow-up that is not done or cancelled, the earliest due first."""
    return list(
        Action.objects.filter(decision__meeting__group=group, status__in=OPEN_ACTION_STATUSES)
        .select_related("responsible_organisation", "decision__meeting")
        .order_by(models.F("due_date").asc(nulls_last=True), "pk")
    )


# --- Agreements -----------------------------------------------------------------------------


def public_agreements() -> QuerySet[Agreement]:
    return Agreement.objects.filter(is_public=True).order_by("title", "pk")


def agreements_of(user: Any) -> QuerySet[Agreement]:
    """Agreements one of the user's organisations is a party to."""
    organisations = [m.organisation_id for m in org_queries.memberships_of(user)]
    if not organisations:
        return Agreement.objects.none()
    return (
        Agreement.objects.filter(parties__organisation_id__in=organisations)
        .distinct()
        .order_by("title", "pk")
    )


def parties_of(agreement: Agreement) -> list[Any]:
    return list(
        agreement.parties.select_related("organisation")
        .prefetch_related("regions")
        .order_by("organisation__name_folded", "pk")
    )


# --- Experiences ----------------------------------------------------------------------------


def experiences_of(programme: Programme) -> list[Experience]:
    return list(
        Experience.objects.filter(programme=programme)
        .select_related("author_organisation")
        .prefetch_related("tracks", "regions")
        .order_by("-created_at", "-pk")
    )


def tags_of(experiences: list[Experience]) -> list[str]:
    return sorted({tag for e in experiences for tag in e.tag_list})


def public_experiences() -> QuerySet[Experience]:
    return Experience.objects.filter(programme__is_public=True).order_by("pk")


# --- The weekly digest ----------------------------------------------------------------------

DIGEST_DAYS = 7


@dataclass
class Digest:
    """What an organisation's weekly digest lists."""

    organisation: Organisation
    overdue: list[Action]
    due: list[Action]
    follow_ups: list[Action]
    experiences: list[Experience]

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due or self.follow_ups or self.experiences)


def digest_for(organisation: Organisation, today: date) -> Digest:
    """Its open actions overdue or due in the next week; the open follow-ups of decisions and
    agreements it answers for (without a due date in that window too); experiences published
    in the last week in the programmes it takes part in (by others)."""
    mine = list(
        Action.objects.filter(
            responsible_organisation=organisation, status__in=OPEN_ACTION_STATUSES
        )
        .select_related(
            "track__programme",
            "decision__meeting__group__programme",
            "commitment__agreement",
            "region",
        )
        .order_by(models.F("due_date").asc(nulls_last=True), "pk")
    )
    soon = today + timedelta(days=DIGEST_DAYS)
    overdue = [a for a in mine if a.due_date is not None and a.due_date < today]
    due = [a for a in mine if a.due_date is not None and today <= a.due_date <= soon]
    listed = {a.pk for a in overdue + due}
    follow_ups = [a for a in mine if a.is_follow_up and a.pk not in listed]
    programmes = Programme.objects.filter(
        Q(partners__organisation=organisation) | Q(tracks__owners=organisation)
    ).values("pk")
    since = today - timedelta(days=DIGEST_DAYS)
    experiences = list(
        Experience.objects.filter(programme__in=programmes, created_at__date__gt=since)
        .exclude(author_organisation=organisation)
        .select_related("programme", "author_organisation")
        .order_by("-created_at", "-pk")
    )
    return Digest(
        organisation=organisation,
        overdue=overdue,
        due=due,
        follow_ups=follow_ups,
        experiences=experiences,
    )


def organisations_editing_goal(goal: Goal) -> set[int]:
    """Ids of the organisations whose editors may record the goal's values: the programme's
    secretariat, and for a track's goal the track's owners (for the API's token scope)."""
    ids = set(
        ProgrammePartner.objects.filter(
            programme_id=goal.programme_id, role=PartnerRole.SECRETARIAT
        ).values_list("organisation_id", flat=True)
    )
    if goal.track_id is not None:
        ids |= set(
            Track.owners.through.objects.filter(track_id=goal.track_id).values_list(
                "organisation_id", flat=True
            )
        )
    return ids


def region_code_of_indicator(indicator: Any) -> tuple[str, str] | None:
    """(country, county/region code) of the programme the indicator belongs to, if it has a
    region (official statistics for the indicator are read for that area)."""
    region = indicator.goal.programme.region
    return (region.country_id, region.code) if region is not None else None
