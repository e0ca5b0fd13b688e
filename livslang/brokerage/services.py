"""Writing brokerage: course requests and their answers, cohorts proposed for a cluster of
demand, and the go / no-go decision at a cohort's deadline.

Every function takes keyword arguments, checks the actor's role itself (``PermissionDenied``),
validates (``ValidationError``), runs in one transaction, writes an audit entry and queues its
e-mails for the worker only when the transaction commits (``livslang.notify.send``). Cohorts
are made and moved through the catalogue's services, never written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.audit.services import record
from livslang.brokerage.models import (
    CohortProposal,
    CourseRequest,
    CourseRequestEvent,
    RequestKind,
    RequestStatus,
)
from livslang.catalog import services as catalog_services
from livslang.catalog.models import Cohort, CohortStatus, Mode, Offering, OfferingStatus
from livslang.enrolments import queries as enrolment_queries
from livslang.notify import absolute, send
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Kind, Organisation, Role

REQUEST_TYPE = "brokerage.courserequest"
PROPOSAL_TYPE = "brokerage.cohortproposal"
REQUEST_FIELDS = frozenset(
    {
        "kind",
        "municipality",
        "venue_name",
        "start_date",
        "end_date",
        "application_deadline",
        "minimum_participants",
        "seats",
        "message",
    }
)
# Which statuses a request may move to, and which side moves it.
CENTRE_MOVES: dict[str, frozenset[str]] = {
    RequestStatus.DRAFT: frozenset({RequestStatus.SENT, RequestStatus.WITHDRAWN}),
    RequestStatus.SENT: frozenset({RequestStatus.WITHDRAWN}),
    RequestStatus.COUNTERED: frozenset({RequestStatus.SENT, RequestStatus.WITHDRAWN}),
    RequestStatus.ACCEPTED: frozenset({RequestStatus.GO, RequestStatus.NO_GO}),
}
PROVIDER_MOVES: dict[str, frozenset[str]] = {
    RequestStatus.SENT: frozenset(
        {RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.COUNTERED}
    ),
}

SUBJECT_REQUEST = gettext_lazy("Course request: %(course)s in %(place)s")
SUBJECT_ANSWER = gettext_lazy("Answer to your course request: %(course)s")
SUBJECT_PROPOSED = gettext_lazy("A centre proposes a cohort: %(course)s")
SUBJECT_WILL_RUN = gettext_lazy("It runs: %(course)s")
SUBJECT_CANCELLED = gettext_lazy("Cancelled: %(course)s")


def _editor(actor: Any, organisation: Organisation) -> None:
    role = org_queries.role_in(actor, organisation)
    if role is None or not Role(role).covers(Role.EDITOR):
        raise PermissionDenied


def _mail(people: Iterable[Any], *, subject: Any, template: str, context: dict[str, Any]) -> None:
    seen: set[int] = set()
    for person in people:
        if person is None or person.pk in seen or not person.email:
            continue
        seen.add(person.pk)
        send(
            to=person.email,
            language=person.language,
            subject=subject,
            template=f"brokerage/email/{template}.txt",
            context={**context, "name": person.full_name or person.email},
        )


def _event(
    course_request: CourseRequest, *, actor: Any, organisation: Organisation, note: str = ""
) -> None:
    CourseRequestEvent.objects.create(
        request=course_request,
        status=course_request.status,
        organisation=organisation,
        actor=actor,
        note=note,
    )
    record(
        actor=actor,
        action=f"course_request.{course_request.status}",
        object_type=REQUEST_TYPE,
        object_id=str(course_request.public_id),
        object_repr=str(course_request.offering.title),
        changes={"status": course_request.status, "note": note},
    )


def _request_context(course_request: CourseRequest) -> dict[str, Any]:
    return {
        "course": course_request.offering.title,
        "place": course_request.municipality.name,
        "centre": course_request.centre.name,
        "provider": course_request.provider.name,
        "request": course_request,
        "request_url": absolute(course_request.get_absolute_url()),
    }


def _lock(course_request: CourseRequest) -> CourseRequest:
    return (
        CourseRequest.objects.select_for_update(of=("self",))
        .select_related("centre", "provider", "offering", "municipality", "cohort")
        .get(pk=course_request.pk)
    )


def _move(course_request: CourseRequest, allowed: dict[str, frozenset[str]], new: str) -> None:
    if new not in allowed.get(course_request.status, frozenset()):
        raise ValidationError(
            {
                "status": _("A course request cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": RequestStatus(course_request.status).label,
                    "new": dict(RequestStatus.choices).get(new, new),
                }
            },
            code="transition",
        )
    course_request.status = new


@transaction.atomic
def create_request(
    *,
    actor: Any,
    centre: Organisation,
    offering: Offering,
    data: dict[str, Any],
    needs: Iterable[Any] = (),
) -> CourseRequest:
    """A draft request from ``centre`` to the provider of ``offering``, with the demand behind
    it (linked needs; the number of people with an interest in the offering)."""
    unknown = set(data) - REQUEST_FIELDS
    if unknown:
        raise TypeError(f"create_request: unknown fields {sorted(unknown)}")
    _editor(actor, centre)
    if centre.kind != Kind.CENTRE:
        raise PermissionDenied
    if offering.status != OfferingStatus.PUBLISHED:
        raise ValidationError({"offering": _("Offering: ask only for a published offering.")})
    if offering.owner_id == centre.pk:
        raise ValidationError(
            {"offering": _("Offering: your centre owns it; propose a cohort instead.")}
        )
    made = CourseRequest(
        centre=centre,
        provider=offering.owner,
        offering=offering,
        interest_count=enrolment_queries.interest_count(offering),
        created_by=actor,
        **data,
    )
    made.full_clean()
    if made.application_deadline > made.start_date:
        raise ValidationError(
            {"application_deadline": _("Enrolment deadline: it cannot be after the start.")}
        )
    made.save()
    made.needs.set(list(needs))
    _event(made, actor=actor, organisation=centre)
    return made


@transaction.atomic
def send_request(*, actor: Any, course_request: CourseRequest) -> CourseRequest:
    """The centre sends a draft (or sends again after a counter-proposal, on its dates)."""
    _editor(actor, course_request.centre)
    locked = _lock(course_request)
    _move(locked, CENTRE_MOVES, RequestStatus.SENT)
    locked.save(update_fields=["status", "updated_at"])
    _event(locked, actor=actor, organisation=locked.centre)
    _mail(
        org_queries.active_editors_of(locked.provider),
        subject=SUBJECT_REQUEST,
        template="request_sent",
        context=_request_context(locked),
    )
    return locked


@transaction.atomic
def withdraw_request(*, actor: Any, course_request: CourseRequest) -> CourseRequest:
    _editor(actor, course_request.centre)
    locked = _lock(course_request)
    was = locked.status
    _move(locked, CENTRE_MOVES, RequestStatus.WITHDRAWN)
    locked.save(update_fields=["status", "updated_at"])
    _event(locked, actor=actor, organisation=locked.centre)
    if was != RequestStatus.DRAFT:
        _mail(
            org_queries.active_editors_of(locked.provider),
            subject=SUBJECT_ANSWER,
            template="request_answered",
            context=_request_context(locked),
        )
    return locked


def _cohort_data(course_request: CourseRequest) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The planned cohort an accepted request becomes (and its local study group)."""
    centre = course_request.centre
    delivering = org_queries.centres_delivering_for(course_request.provider)
    may_deliver = delivering.filter(pk=centre.pk).exists()
    data: dict[str, Any] = {
        "start_date": course_request.start_date,
        "end_date": course_request.end_date,
        "application_deadline": course_request.application_deadline,
        "minimum_participants": course_request.minimum_participants,
        "seats": course_request.seats,
    }
    groups: list[dict[str, Any]] = []
    if course_request.kind == RequestKind.STUDY_GROUP:
        data["mode"] = Mode.ONLINE
        if may_deliver:
            groups.append(
                {
                    "centre": centre,
                    "municipality": course_request.municipality,
                    "room": course_request.venue_name,
                }
            )
    else:
        data.update(
            mode=Mode.ON_SITE,
            country=course_request.municipality.country_id,
            municipality=course_request.municipality,
            venue_name=course_request.venue_name,
        )
        if may_deliver:
            data["delivering_centre"] = centre
    return data, groups


@transaction.atomic
def answer_request(
    *,
    actor: Any,
    course_request: CourseRequest,
    answer: str,
    terms: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> CourseRequest:
    """The provider answers a sent request: ``accepted`` (with terms: the request becomes a
    planned cohort), ``declined``, or ``countered`` (with other dates and terms)."""
    _editor(actor, course_request.provider)
    locked = _lock(course_request)
    _move(locked, PROVIDER_MOVES, answer)
    locked.terms = terms.strip()
    note = locked.terms
    if answer == RequestStatus.COUNTERED:
        if start_date is None or end_date is None or end_date < start_date:
            raise ValidationError(
                {"start_date": _("Counter-proposal: give a start and an end date.")}
            )
        if not locked.terms:
            raise ValidationError({"terms": _("Counter-proposal: say what you propose.")})
        shift = start_date - locked.start_date
        locked.start_date, locked.end_date = start_date, end_date
        locked.application_deadline = min(locked.application_deadline + shift, start_date)
    if answer == RequestStatus.ACCEPTED:
        data, groups = _cohort_data(locked)
        locked.cohort = catalog_services.create_cohort(
            actor=actor, offering=locked.offering, data=data, study_groups=groups or None
        )
    locked.save()
    _event(locked, actor=actor, organisation=locked.provider, note=note)
    _mail(
        org_queries.active_editors_of(locked.centre),
        subject=SUBJECT_ANSWER,
        template="request_answered",
        context=_request_context(locked),
    )
    return locked


@transaction.atomic
def decide_request(
    *, actor: Any, course_request: CourseRequest, go: bool, today: dt.date | None = None
) -> CourseRequest:
    """The centre's go / no-go for an accepted request, once the enrolment deadline has come;
    the provider is told (it confirms or cancels its cohort)."""
    _editor(actor, course_request.centre)
    locked = _lock(course_request)
    _move(locked, CENTRE_MOVES, RequestStatus.GO if go else RequestStatus.NO_GO)
    today = today or timezone.localdate()
    deadline = locked.cohort.application_deadline if locked.cohort else None
    deadline = deadline or locked.application_deadline
    if today < deadline:
        raise ValidationError(
            {"status": _("Go or no-go is decided at the enrolment deadline, not before.")},
            code="early",
        )
    locked.save(update_fields=["status", "updated_at"])
    _event(locked, actor=actor, organisation=locked.centre)
    _mail(
        org_queries.active_editors_of(locked.provider),
        subject=SUBJECT_ANSWER,
        template="request_answered",
        context=_request_context(locked),
    )
    return locked


@transaction.atomic
def propose_cohort(
    *,
    actor: Any,
    centre: Organisation,
    offering: Offering,
    data: dict[str, Any],
    needs: Iterable[Any] = (),
    topic: str = "",
    municipality: Any = None,
) -> CohortProposal:
    """A planned cohort of one of the centre's offerings for a cluster of demand; the
    employers behind the cluster's needs and the people with an interest there are told."""
    _editor(actor, centre)
    if centre.kind != Kind.CENTRE:
        raise PermissionDenied
    cohort = catalog_services.create_cohort(actor=actor, offering=offering, data=data)
    proposal = CohortProposal.objects.create(
        centre=centre, cohort=cohort, topic=topic, municipality=municipality, created_by=actor
    )
    needs = list(needs)
    proposal.needs.set(needs)
    record(
        actor=actor,
        action="cohort_proposal.create",
        object_type=PROPOSAL_TYPE,
        object_id=str(proposal.public_id),
        object_repr=str(cohort),
        changes={"needs": [str(n.public_id) for n in needs], "topic": topic},
    )
    context = {
        "course": offering.title,
        "centre": centre.name,
        "cohort": cohort,
        "course_url": absolute(cohort.get_absolute_url()),
    }
    for need in needs:
        people = (
            org_queries.active_editors_of(need.organisation)
            if need.organisation
            else [need.registered_by]
        )
        _mail(
            people,
            subject=SUBJECT_PROPOSED,
            template="proposed",
            context={**context, "need_url": absolute(need.get_absolute_url()), "need": need},
        )
    if municipality is not None:
        _mail(
            enrolment_queries.interested_people([offering.pk], [municipality.pk]),
            subject=SUBJECT_PROPOSED,
            template="proposed",
            context={**context, "need_url": "", "need": None},
        )
    return proposal


@transaction.atomic
def decide_cohort(*, actor: Any, centre: Organisation, cohort: Cohort, go: bool) -> Cohort:
    """Confirm (status will_run) or cancel a planned or open cohort the centre runs, and tell
    the participants, the waitlist, the pre-registered and the employers who pledged.

    Confirming needs the minimum reached (pledges, pre-registrations and sign-ups count), or a
    guaranteed start, or empty seats paid for."""
    _editor(actor, centre)
    if cohort.status not in (CohortStatus.PLANNED, CohortStatus.OPEN):
        raise ValidationError(
            {"status": _("Only planned and open cohorts are confirmed or cancelled here.")}
        )
    if go:
        progress = enrolment_queries.minimum_progress(cohort)
        if not progress.may_run:
            raise ValidationError(
                {
                    "status": _(
                        "The cohort is %(short)d short of its minimum; it can run only with a "
                        "guaranteed start or with the empty seats paid for."
                    )
                    % {"short": progress.short_by}
                },
                code="below_minimum",
            )
        if cohort.status == CohortStatus.PLANNED:
            cohort = catalog_services.set_cohort_status(
                actor=actor, cohort=cohort, status=CohortStatus.OPEN
            )
        cohort = catalog_services.set_cohort_status(
            actor=actor, cohort=cohort, status=CohortStatus.WILL_RUN
        )
        subject, template = SUBJECT_WILL_RUN, "will_run"
    else:
        cohort = catalog_services.set_cohort_status(
            actor=actor, cohort=cohort, status=CohortStatus.CANCELLED
        )
        subject, template = SUBJECT_CANCELLED, "cancelled"
    concerned = enrolment_queries.concerned_by(cohort)
    context = {
        "course": cohort.offering.title,
        "centre": centre.name,
        "cohort": cohort,
        "course_url": absolute(cohort.get_absolute_url()),
    }
    _mail(
        [*concerned.participants, *concerned.pre_registered],
        subject=subject,
        template=template,
        context={**context, "role": "participant"},
    )
    _mail(
        concerned.waitlist,
        subject=subject,
        template=template,
        context={**context, "role": "waitlist"},
    )
    for pledge in concerned.pledgers:
        _mail(
            [pledge.pledged_by, *org_queries.active_editors_of(pledge.organisation)],
            subject=subject,
            template=template,
            context={**context, "role": "pledge", "pledge": pledge},
        )
    return cohort
