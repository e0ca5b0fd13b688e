"""Who may see or change sign-ups: the only place that decides.

* Anyone signed in may sign up for a public cohort (``catalog.access.public_cohort``).
* An enrolment or pre-registration is its learner's alone: anyone else gets 404.
* A cohort's participants are seen by editors and administrators of the organisation that
  owns the offering (``catalog.access.cohort_for_member``); viewers see counts only.
* Anyone signed in may keep an interest in a published offering; a saved search or interest
  is its person's alone (404 for anyone else). Unsubscribing needs no sign-in: the link's
  signed token is the permission (``services.searches_for_token``).
* Editors and administrators of an employer (or a municipality) pledge participants to a
  public cohort and withdraw their organisation's pledges; anyone else gets 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest

from livslang.catalog import access as catalog_access
from livslang.catalog.models import Cohort, Offering, OfferingStatus
from livslang.enrolments.models import Enrolment, Pledge, PreRegistration, SavedSearch
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation, Role


def cohort_for_sign_up(cohort_id: uuid.UUID) -> Cohort:
    return catalog_access.public_cohort(cohort_id)


def own_enrolment(user: Any, enrolment_id: uuid.UUID) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("cohort__offering")
        .filter(public_id=enrolment_id, learner_id=user.pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def own_pre_registration(user: Any, registration_id: uuid.UUID) -> PreRegistration:
    registration = (
        PreRegistration.objects.select_related("cohort__offering")
        .filter(public_id=registration_id, learner_id=user.pk)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def cohort_for_participant_list(
    user: Any, cohort_id: uuid.UUID, *, request: HttpRequest | None = None
) -> Cohort:
    cohort, _membership = catalog_access.cohort_for_member(
        user, cohort_id, at_least=Role.EDITOR, request=request
    )
    return cohort


def own_saved_search(user: Any, search_id: uuid.UUID) -> SavedSearch:
    search = (
        SavedSearch.objects.select_related("offering")
        .filter(public_id=search_id, user_id=user.pk)
        .first()
    )
    if search is None:
        raise Http404
    return search


def offering_for_interest(offering_id: uuid.UUID) -> Offering:
    """A published offering (404 for every other)."""
    offering = Offering.objects.filter(
        public_id=offering_id, status=OfferingStatus.PUBLISHED
    ).first()
    if offering is None:
        raise Http404
    return offering


def cohort_for_pledge(cohort_id: uuid.UUID) -> Cohort:
    """A public cohort (404 for every other); the service checks it is planned or open."""
    return catalog_access.public_cohort(cohort_id)


def pledge_for_withdrawal(user: Any, pledge_id: uuid.UUID) -> Pledge:
    """A pledge of an organisation where ``user`` is an editor or administrator (404 else)."""
    from livslang.enrolments.services import may_pledge_for

    found = (
        Pledge.objects.select_related("organisation", "cohort__offering")
        .filter(public_id=pledge_id)
        .first()
    )
    if found is None or not may_pledge_for(user, found.organisation):
        raise Http404
    return found


def pledging_organisations(user: Any) -> list[Organisation]:
    """The employers (and municipalities) ``user`` may pledge for."""
    from livslang.enrolments.services.pledges import PLEDGING_KINDS

    if user is None or not user.is_authenticated:
        return []
    return list(
        org_queries.organisations_where(user, Role.EDITOR)
        .filter(kind__in=PLEDGING_KINDS)
        .order_by("name")
    )
