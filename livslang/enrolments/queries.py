"""Reading sign-ups: a learner's own, a cohort's participants and its counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from livslang.catalog.models import Cohort
from livslang.enrolments.models import (
    Enrolment,
    EnrolmentStatus,
    Pledge,
    PledgeStatus,
    PreRegistration,
    SavedSearch,
)


def _position() -> Any:
    """The waitlist position of each enrolment (1 = first in line), in the same query."""
    ahead = (
        Enrolment.objects.filter(
            cohort_id=OuterRef("cohort_id"),
            status=EnrolmentStatus.WAITLISTED,
            waitlist_ticket__lt=OuterRef("waitlist_ticket"),
        )
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1


def enrolments_of(user: Any) -> QuerySet[Enrolment]:
    """The user's enrolments, newest cohort first, each with ``position`` when waitlisted."""
    return (
        Enrolment.objects.filter(learner=user)
        .select_related("cohort__offering", "cohort__municipality")
        .annotate(position=_position())
        .order_by("-cohort__start_date", "-created_at")
    )


def pre_registrations_of(user: Any) -> QuerySet[PreRegistration]:
    return (
        PreRegistration.objects.filter(learner=user, withdrawn_at__isnull=True)
        .select_related("cohort__offering", "cohort__municipality")
        .order_by("-cohort__start_date")
    )


def enrolment_of(user: Any, cohort: Cohort) -> Enrolment | None:
    """The user's active enrolment in ``cohort``, with ``position``, if any."""
    return (
        Enrolment.objects.filter(learner=user, cohort=cohort)
        .active()
        .annotate(position=_position())
        .first()
    )


def pre_registration_of(user: Any, cohort: Cohort) -> PreRegistration | None:
    return PreRegistration.objects.filter(
        learner=user, cohort=cohort, withdrawn_at__isnull=True
    ).first()


def participants(cohort: Cohort) -> QuerySet[Enrolment]:
    """Confirmed participants, then the waitlist in order, with the people."""
    return (
        Enrolment.objects.filter(cohort=cohort)
        .active()
        .select_related("learner")
        .annotate(position=_position())
        .order_by("status", "waitlist_ticket", "created_at")
    )


@dataclass(frozen=True)
class SignUpCounts:
    confirmed: int
    waitlisted: int
    pre_registered: int

    @property
    def toward_minimum(self) -> int:
        return self.confirmed + self.pre_registered


def counts(cohort: Cohort) -> SignUpCounts:
    row = Enrolment.objects.filter(cohort=cohort).aggregate(
        confirmed=Count("pk", filter=Q(status=EnrolmentStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
    )
    pre = PreRegistration.objects.filter(cohort=cohort, withdrawn_at__isnull=True).count()
    return SignUpCounts(row["confirmed"], row["waitlisted"], pre)


@dataclass(frozen=True)
class MinimumProgress:
    """How close a cohort is to its minimum: pledged participants, pre-registrations and
    confirmed enrolments all count ("11 of 16")."""

    pledged: int
    pre_registered: int
    confirmed: int
    minimum: int | None
    guaranteed_start: bool = False
    paid_empty_seats: bool = False

    @property
    def total(self) -> int:
        return self.pledged + self.pre_registered + self.confirmed

    @property
    def reached(self) -> bool:
        return self.minimum is None or self.total >= self.minimum

    @property
    def short_by(self) -> int:
        return 0 if self.minimum is None else max(self.minimum - self.total, 0)

    @property
    def may_run(self) -> bool:
        """Enough people, or it runs anyway: a guaranteed start or empty seats paid for."""
        return self.reached or self.guaranteed_start or self.paid_empty_seats


def minimum_progress_of(cohorts: list[Cohort]) -> dict[int, MinimumProgress]:
    """The progress toward the minimum of each cohort (by pk), in three queries at most."""
    ids = [c.pk for c in cohorts]
    if not ids:
        return {}
    confirmed = dict(
        Enrolment.objects.filter(cohort_id__in=ids, status=EnrolmentStatus.CONFIRMED)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    pre = dict(
        PreRegistration.objects.filter(cohort_id__in=ids, withdrawn_at__isnull=True)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    pledged = dict(
        Pledge.objects.filter(cohort_id__in=ids, status=PledgeStatus.ACTIVE)
        .values("cohort_id")
        .annotate(n=Sum("participants"))
        .values_list("cohort_id", "n")
    )
    return {
        c.pk: MinimumProgress(
            pledged=pledged.get(c.pk) or 0,
            pre_registered=pre.get(c.pk, 0),
            confirmed=confirmed.get(c.pk, 0),
            minimum=c.minimum_participants,
            guaranteed_start=c.guaranteed_start,
            paid_empty_seats=c.paid_empty_seats,
        )
        for c in cohorts
    }


def minimum_progress(cohort: Cohort) -> MinimumProgress:
    return minimum_progress_of([cohort])[cohort.pk]


def pledges_of_cohort(cohort: Cohort) -> QuerySet[Pledge]:
    """The cohort's active pledges, with their employers (employers are not people: shown)."""
    return (
        Pledge.objects.filter(cohort=cohort, status=PledgeStatus.ACTIVE)
        .select_related("organisation", "pledged_by")
        .order_by("created_at", "pk")
    )


def pledges_of_organisation(organisation: Any) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(organisation=organisation)
        .select_related("cohort__offering", "cohort__municipality")
        .order_by("-created_at", "-pk")
    )


def pledge_of(organisation: Any, cohort: Cohort) -> Pledge | None:
    return Pledge.objects.filter(
        organisation=organisation, cohort=cohort, status=PledgeStatus.ACTIVE
    ).first()


def confirmed_in_tagged_offerings(tag: str, start: Any, end: Any) -> int:
    """Confirmed sign-ups in cohorts (not cancelled) starting between ``start`` and ``end``
    of the published offerings tagged ``tag`` — the programmes' computed indicator."""
    from livslang.catalog.queries import offerings_tagged

    return (
        Enrolment.objects.confirmed()
        .filter(
            cohort__offering_id__in=offerings_tagged(tag),
            cohort__start_date__gte=start,
            cohort__start_date__lte=end,
        )
        .exclude(cohort__status="cancelled")
        .count()
    )


def cohorts_public_between(since: Any, until: Any, *, offering: Any = None) -> list[int]:
    """Ids of the cohorts of published offerings that became public in (``since``, ``until``]:
    added to a published offering, or their offering was published, in that time."""
    from livslang.catalog.models import OfferingStatus

    found = Cohort.objects.filter(offering__status=OfferingStatus.PUBLISHED)
    if offering is not None:
        found = found.filter(offering=offering)
    new = Q(created_at__gt=since, created_at__lte=until)
    published = Q(offering__published_at__gt=since, offering__published_at__lte=until)
    return list(found.filter(new | published).values_list("pk", flat=True))


def saved_searches_of(user: Any) -> QuerySet[SavedSearch]:
    """The person's saved searches and interests, oldest first."""
    return (
        SavedSearch.objects.filter(user=user)
        .select_related("offering")
        .order_by("created_at", "pk")
    )


def home_place_of(user: Any) -> dict[str, Any]:
    """The person's home place as initial values of a place field (postcode first)."""
    municipality = user.home_municipality
    place = user.home_postcode or (municipality.name if municipality is not None else "")
    return {"place": place, "country": user.home_country or ""}


@dataclass(frozen=True)
class InterestRow:
    """One interest in an offering, counted for a centre: no person in it."""

    offering_id: int
    topics: tuple[str, ...]
    municipality_id: int


def interests_in(municipality_ids: list[int]) -> list[InterestRow]:
    """Subscribed interests of people living in these municipalities (aggregates only)."""
    rows = (
        SavedSearch.objects.subscribed()
        .filter(offering__isnull=False, user__home_municipality_id__in=municipality_ids)
        .values_list("offering_id", "offering__topics", "user__home_municipality_id")
    )
    return [
        InterestRow(offering_id, tuple(str(t) for t in (topics or [])), municipality_id)
        for offering_id, topics, municipality_id in rows
    ]


def interest_count(offering: Any) -> int:
    return SavedSearch.objects.subscribed().filter(offering=offering).count()


def interested_people(offering_ids: list[int], municipality_ids: list[int]) -> list[Any]:
    """The people with an interest in these offerings living in these municipalities: for
    telling them about a proposed cohort, never for showing them to a centre."""
    from livslang.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            saved_searches__offering_id__in=offering_ids,
            saved_searches__unsubscribed_at__isnull=True,
            home_municipality_id__in=municipality_ids,
        ).distinct()
    )


@dataclass
class Concerned:
    """Everyone a go / no-go decision about a cohort concerns."""

    participants: list[Any]
    waitlist: list[Any]
    pre_registered: list[Any]
    pledgers: list[Pledge]


def concerned_by(cohort: Cohort) -> Concerned:
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, learner__isnull=False)
        .active()
        .select_related("learner")
    )
    return Concerned(
        participants=[e.learner for e in enrolments if e.status == EnrolmentStatus.CONFIRMED],
        waitlist=[e.learner for e in enrolments if e.status == EnrolmentStatus.WAITLISTED],
        pre_registered=[
            r.learner
            for r in PreRegistration.objects.filter(
                cohort=cohort, withdrawn_at__isnull=True, learner__isnull=False
            ).select_related("learner")
        ],
        pledgers=list(pledges_of_cohort(cohort)),
    )


# --- Regional insight (livslang.insights) ----------------------------------------------------


def sign_ups_by_municipality(start: Any, end: Any) -> dict[int, int]:
    """Confirmed sign-ups in cohorts (not cancelled) running at some time in [start, end],
    counted by the learner's home municipality, else the cohort's municipality. One query."""
    found = (
        Enrolment.objects.confirmed()
        .exclude(cohort__status="cancelled")
        .filter(cohort__start_date__lte=end)
        .filter(Q(cohort__end_date__isnull=True) | Q(cohort__end_date__gte=start))
        .annotate(place=Coalesce("learner__home_municipality_id", "cohort__municipality_id"))
        .filter(place__isnull=False)
        .order_by()
        .values("place")
        .annotate(n=Count("pk"))
        .values_list("place", "n")
    )
    return {int(place): int(n) for place, n in found}


def interests_by_municipality(start: Any, end: Any) -> dict[int, int]:
    """Interests ("tell me when this runs near me") alive at some time in [start, end], by
    the person's home municipality (people without one are not counted). One query."""
    found = (
        SavedSearch.objects.filter(offering__isnull=False, created_at__date__lte=end)
        .filter(Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__date__gte=start))
        .filter(user__home_municipality__isnull=False)
        .order_by()
        .values("user__home_municipality_id")
        .annotate(n=Count("pk"))
        .values_list("user__home_municipality_id", "n")
    )
    return {int(place): int(n) for place, n in found}
