"""Signing up, cancelling and the waitlist — without ever overbooking.

Every write starts its transaction by locking the cohort's row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transactions take the database's write lock at ``BEGIN``), so
two sign-ups for the last seat run one after the other: "count, then insert" without that
lock overbooks on PostgreSQL (QUALITY.md). The cohort's ``confirmed_count`` moves in the same
transaction as the enrolment rows, and the cohort's check constraint (confirmed ≤ seats) is
the backstop. E-mails are queued for the worker only when the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.audit.services import record
from livslang.catalog.models import Cohort, CohortStatus, EnrolmentMethod, OfferingStatus
from livslang.enrolments.models import (
    ACTIVE,
    Enrolment,
    EnrolmentStatus,
    PreRegistration,
)
from livslang.notify import absolute, send
from livslang.privacy.services import record_access

OBJECT_TYPE = "enrolments.enrolment"
SIGN_UP_STATUSES = (CohortStatus.OPEN, CohortStatus.WILL_RUN)
SUBJECT_CONFIRMED = gettext_lazy("You have a seat: %(course)s")
SUBJECT_WAITLISTED = gettext_lazy("You are on the waitlist: %(course)s")
SUBJECT_PROMOTED = gettext_lazy("A seat is yours: %(course)s")


class NotOpen(ValidationError):
    """The cohort does not take sign-ups (now, or in Livslang)."""


def _lock(cohort: Cohort) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",)).select_related("offering").get(pk=cohort.pk)
    )


def _check_open(cohort: Cohort, method: str) -> None:
    today = timezone.localdate()
    if cohort.enrolment_method != method:
        if method == EnrolmentMethod.LIVSLANG:
            raise NotOpen(_("You apply for this cohort at the provider, not in Livslang."))
        raise NotOpen(_("This cohort takes sign-ups in Livslang: sign up instead."))
    closed = cohort.offering.status != OfferingStatus.PUBLISHED
    closed |= cohort.status not in SIGN_UP_STATUSES
    # Signing up in Livslang needs a number of seats (the catalogue asks for it when opening).
    closed |= method == EnrolmentMethod.LIVSLANG and cohort.seats is None
    if closed:
        raise NotOpen(_("This cohort is not open for sign-up."))
    if cohort.application_deadline is not None and cohort.application_deadline < today:
        raise NotOpen(_("The deadline for signing up to this cohort has passed."))
    if cohort.start_date < today:
        raise NotOpen(_("This cohort has already started."))


def _audit(actor: Any, action: str, enrolment: Enrolment, changes: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(enrolment.public_id),
        object_repr=str(enrolment.cohort),
        changes=changes,
    )


def _tell(enrolment: Enrolment, template: str, subject: Any) -> None:
    learner = enrolment.learner
    if learner is None:
        return
    cohort = enrolment.cohort
    send(
        to=learner.email,
        language=learner.language,
        subject=subject,
        template=f"enrolments/email/{template}.txt",
        context={
            "course": cohort.offering.title,
            "cohort": cohort,
            "name": learner.full_name or learner.email,
            "position": waitlist_position(enrolment),
            "course_url": absolute(cohort.get_absolute_url()),
            "cancel_url": absolute(reverse("enrolments:cancel", args=[enrolment.public_id])),
            "mine_url": absolute(reverse("enrolments:mine")),
        },
    )


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first in line; None unless waitlisted."""
    if enrolment.status != EnrolmentStatus.WAITLISTED or enrolment.waitlist_ticket is None:
        return None
    ahead = Enrolment.objects.filter(
        cohort_id=enrolment.cohort_id,
        status=EnrolmentStatus.WAITLISTED,
        waitlist_ticket__lt=enrolment.waitlist_ticket,
    ).count()
    return ahead + 1


def enrol(*, learner: Any, cohort: Cohort) -> Enrolment:
    """Sign ``learner`` up: a seat while one is free, else the end of the waitlist.

    Idempotent: someone already signed up (or waiting) gets their existing enrolment back,
    so a double submit never makes two.
    """
    if learner is None or not learner.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(cohort)
        existing = Enrolment.objects.filter(
            cohort=locked, learner=learner, status__in=ACTIVE
        ).first()
        if existing is not None:
            return existing
        _check_open(locked, EnrolmentMethod.LIVSLANG)
        now = timezone.now()
        if locked.seats is not None and locked.confirmed_count < locked.seats:
            Cohort.objects.filter(pk=locked.pk).update(confirmed_count=F("confirmed_count") + 1)
            enrolment = Enrolment.objects.create(
                cohort=locked, learner=learner, status=EnrolmentStatus.CONFIRMED, confirmed_at=now
            )
            template, subject = "confirmed", SUBJECT_CONFIRMED
        else:
            last = Enrolment.objects.filter(cohort=locked).aggregate(m=Max("waitlist_ticket"))["m"]
            enrolment = Enrolment.objects.create(
                cohort=locked,
                learner=learner,
                status=EnrolmentStatus.WAITLISTED,
                waitlist_ticket=(last or 0) + 1,
            )
            template, subject = "waitlisted", SUBJECT_WAITLISTED
        enrolment.cohort = locked
        _audit(learner, "enrolment.create", enrolment, {"status": enrolment.status})
        _tell(enrolment, template, subject)
    return enrolment


def _fill_seats(cohort: Cohort, actor: Any) -> list[Enrolment]:
    """Give free seats to the first in line. The cohort's row must be locked by the caller."""
    fresh = Cohort.objects.only("seats", "confirmed_count").get(pk=cohort.pk)
    if fresh.seats is None or cohort.status not in SIGN_UP_STATUSES:
        return []
    free = fresh.seats - fresh.confirmed_count
    if free <= 0:
        return []
    promoted = list(Enrolment.objects.filter(cohort=cohort).waitlist()[:free])
    now = timezone.now()
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.CONFIRMED
        enrolment.confirmed_at = now
        enrolment.promoted = True
        enrolment.save(update_fields=["status", "confirmed_at", "promoted"])
        enrolment.cohort = cohort
        _audit(actor, "enrolment.promote", enrolment, {"status": "waitlisted → confirmed"})
        _tell(enrolment, "promoted", SUBJECT_PROMOTED)
    if promoted:
        Cohort.objects.filter(pk=cohort.pk).update(
            confirmed_count=F("confirmed_count") + len(promoted)
        )
    return promoted


def cancel(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The learner gives up their seat or place in line; the first in line gets the seat.

    Cancelling twice is harmless (the second does nothing)."""
    if actor is None or not actor.is_authenticated or enrolment.learner_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked_cohort = _lock(enrolment.cohort)
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status == EnrolmentStatus.CANCELLED:
            return locked
        was = locked.status
        locked.status = EnrolmentStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at"])
        locked.cohort = locked_cohort
        _audit(actor, "enrolment.cancel", locked, {"status": f"{was} → cancelled"})
        if was == EnrolmentStatus.CONFIRMED:
            Cohort.objects.filter(pk=locked_cohort.pk).update(
                confirmed_count=F("confirmed_count") - 1
            )
            _fill_seats(locked_cohort, actor)
    return locked


def fill_from_waitlist(*, cohort: Cohort) -> list[Enrolment]:
    """After a cohort gets more seats: the first in line take them (e-mailed on commit)."""
    with transaction.atomic():
        locked = _lock(cohort)
        return _fill_seats(locked, None)


def pre_register(*, learner: Any, cohort: Cohort) -> PreRegistration:
    """Note ``learner``'s interest in a cohort that takes applications at the provider (counts
    toward its minimum). Idempotent."""
    if learner is None or not learner.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(cohort)
        existing = PreRegistration.objects.filter(
            cohort=locked, learner=learner, withdrawn_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        _check_open(locked, EnrolmentMethod.EXTERNAL)
        registration = PreRegistration.objects.create(cohort=locked, learner=learner)
        record(
            actor=learner,
            action="pre_registration.create",
            object_type="enrolments.preregistration",
            object_id=str(registration.public_id),
            object_repr=str(locked),
        )
    return registration


def withdraw_pre_registration(*, actor: Any, registration: PreRegistration) -> PreRegistration:
    if actor is None or not actor.is_authenticated or registration.learner_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = PreRegistration.objects.select_for_update().get(pk=registration.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["withdrawn_at"])
            record(
                actor=actor,
                action="pre_registration.withdraw",
                object_type="enrolments.preregistration",
                object_id=str(locked.public_id),
                object_repr=str(locked.cohort),
            )
    return locked


def participant_list(*, actor: Any, cohort: Cohort, purpose: str) -> list[Enrolment]:
    """A cohort's participants and waitlist for its staff; the viewing is logged (GDPR-06)."""
    from livslang.enrolments.queries import participants

    rows = list(participants(cohort))
    with transaction.atomic():
        record_access(
            actor=actor,
            organisation=cohort.offering.owner,
            purpose=purpose,
            subject=str(cohort),
            learners=[row.learner for row in rows],
        )
    return rows
