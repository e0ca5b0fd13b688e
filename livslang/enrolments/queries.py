"""Reading sign-ups: a learner's own, a cohort's participants and its counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from livslang.catalog.models import Cohort
from livslang.enrolments.models import Enrolment, EnrolmentStatus, PreRegistration, SavedSearch


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
