"""Erasure and retention of sign-ups (called by the privacy app)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.catalog.models import CohortStatus
from livslang.enrolments.models import (
    Enrolment,
    EnrolmentStatus,
    PreRegistration,
)


def erasure_holds(*, learner: Any) -> list[str]:
    """Why ``learner``'s sign-ups cannot be erased yet: a seat in a cohort that has not ended
    (the centre needs to know who takes part)."""
    today = timezone.localdate()
    running = (
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.CONFIRMED)
        .exclude(cohort__status__in=[CohortStatus.CANCELLED, CohortStatus.COMPLETED])
        .exclude(cohort__end_date__lt=today)
        .select_related("cohort__offering")
    )
    return [
        _("You have a seat in %(course)s, which has not ended. Cancel it or wait until it ends.")
        % {"course": enrolment.cohort.offering.title}
        for enrolment in running
    ]


def anonymise_learner(*, learner: Any) -> int:
    """Detach ``learner`` from every sign-up: waiting places are given up (nobody is told),
    the rows stay for the counts. Returns how many rows changed."""
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.WAITLISTED).update(
            status=EnrolmentStatus.CANCELLED, cancelled_at=now
        )
        changed = Enrolment.objects.filter(learner=learner).update(learner=None, anonymised_at=now)
        changed += PreRegistration.objects.filter(learner=learner).update(
            learner=None, anonymised_at=now, withdrawn_at=now
        )
    return changed


def anonymise_expired(*, ended_before: Any, dry_run: bool = False) -> int:
    """Retention: sign-ups of cohorts that ended (or were cancelled) before ``ended_before``
    lose their person; the rows stay for the counts. Running it again changes nothing."""
    enrolments = Enrolment.objects.filter(learner__isnull=False).filter(
        models.Q(cohort__end_date__lt=ended_before)
        | models.Q(cohort__end_date__isnull=True, cohort__start_date__lt=ended_before)
    )
    registrations = PreRegistration.objects.filter(learner__isnull=False).filter(
        models.Q(cohort__end_date__lt=ended_before)
        | models.Q(cohort__end_date__isnull=True, cohort__start_date__lt=ended_before)
    )
    if dry_run:
        return enrolments.count() + registrations.count()
    now = timezone.now()
    with transaction.atomic():
        return enrolments.update(learner=None, anonymised_at=now) + registrations.update(
            learner=None, anonymised_at=now
        )
