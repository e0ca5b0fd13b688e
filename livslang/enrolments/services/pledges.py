"""Pledges: an employer promises to send a number of participants to a planned or open cohort.

Only editors and administrators of an employer (or a municipality as employer) pledge and
withdraw; one active pledge per organisation and cohort (pledging again changes the number).
The cohort's row is locked first, like sign-ups, so the counter toward the minimum stays exact.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.audit.services import record
from livslang.catalog.models import Cohort, CohortStatus
from livslang.enrolments.models import Pledge, PledgeStatus
from livslang.notify import absolute, send
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Kind, Organisation, Role

PLEDGE_TYPE = "enrolments.pledge"
PLEDGE_STATUSES = (CohortStatus.PLANNED, CohortStatus.OPEN)
PLEDGING_KINDS = (Kind.EMPLOYER, Kind.MUNICIPALITY)
SUBJECT_PLEDGED = gettext_lazy("A pledge for %(course)s")


def may_pledge_for(actor: Any, organisation: Organisation) -> bool:
    """Editors and administrators of an employer (or a municipality) pledge for it."""
    if actor is None or not actor.is_authenticated:
        return False
    if organisation.kind not in PLEDGING_KINDS:
        return False
    role = org_queries.role_in(actor, organisation)
    return role is not None and Role(role).covers(Role.EDITOR)


def _audit(actor: Any, action: str, pledge: Pledge, changes: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=action,
        object_type=PLEDGE_TYPE,
        object_id=str(pledge.public_id),
        object_repr=str(pledge.cohort),
        changes=changes,
    )


def _tell_organisers(pledge: Pledge) -> None:
    """E-mail the editors of the cohort's owner and delivering centre (after commit): a pledge
    moves the cohort toward its minimum, which decides whether it runs."""
    from livslang.enrolments.queries import minimum_progress

    cohort = pledge.cohort
    offering = cohort.offering
    progress = minimum_progress(cohort)
    seen: set[int] = set()
    for organisation in (offering.owner, cohort.delivering_centre):
        if organisation is None:
            continue
        for person in org_queries.active_editors_of(organisation):
            if not person.email or person.pk in seen:
                continue
            seen.add(person.pk)
            send(
                to=person.email,
                language=person.language,
                subject=SUBJECT_PLEDGED,
                template="enrolments/email/pledged.txt",
                context={
                    "name": person.full_name or person.email,
                    "organisation": pledge.organisation.name,
                    "participants": pledge.participants,
                    "course": offering.title,
                    "cohort": cohort,
                    "course_url": absolute(offering.get_absolute_url()),
                    "total": progress.total,
                    "minimum": progress.minimum,
                },
            )


def pledge(
    *,
    actor: Any,
    organisation: Organisation,
    cohort: Cohort,
    participants: int,
    need: Any = None,
) -> Pledge:
    """``organisation`` promises to send ``participants`` to ``cohort`` (planned or open).

    Pledging again while a pledge is active changes its number of participants.
    """
    if not may_pledge_for(actor, organisation):
        raise PermissionDenied
    if need is not None and need.organisation_id != organisation.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = Cohort.objects.select_for_update(of=("self",)).get(pk=cohort.pk)
        if locked.status not in PLEDGE_STATUSES:
            raise ValidationError(
                {
                    "cohort": _(
                        "Pledges are taken only for planned cohorts and cohorts open for sign-up."
                    )
                }
            )
        existing = (
            Pledge.objects.select_for_update()
            .filter(organisation=organisation, cohort=locked, status=PledgeStatus.ACTIVE)
            .first()
        )
        if existing is not None:
            old = existing.participants
            existing.participants = participants
            if need is not None:
                existing.need = need
            existing.full_clean()
            existing.save(update_fields=["participants", "need", "updated_at"])
            _audit(
                actor,
                "pledge.update",
                existing,
                {"participants": {"old": old, "new": participants}},
            )
            if old != participants:
                _tell_organisers(existing)
            return existing
        made = Pledge(
            organisation=organisation,
            cohort=locked,
            participants=participants,
            need=need,
            pledged_by=actor,
        )
        made.full_clean()
        made.save()
        _audit(actor, "pledge.create", made, {"participants": participants})
        _tell_organisers(made)
    return made


def withdraw_pledge(*, actor: Any, pledge: Pledge) -> Pledge:
    """Withdraw an active pledge (idempotent)."""
    if not may_pledge_for(actor, pledge.organisation):
        raise PermissionDenied
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.status == PledgeStatus.ACTIVE:
            locked.status = PledgeStatus.WITHDRAWN
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
            _audit(actor, "pledge.withdraw", locked, {"status": "withdrawn"})
    return locked
