"""Who may see or act in brokerage: the only place that decides.

* A centre's dashboard and its course requests are for its members (viewers read, editors and
  administrators act); the organisation must be an education centre. Not a member: 404.
* A course request is seen by members of its centre and of its provider (404 for anyone
  else); the centre's editors send, withdraw and decide, the provider's editors answer.
* A cohort is decided from the dashboard only when it belongs to one of the centre's own
  offerings; anything else is 404 (a provider's cohort is decided on its course request).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livslang.brokerage.models import CourseRequest
from livslang.catalog.models import Cohort, CohortStatus
from livslang.catalog.queries import cohorts_of_centre
from livslang.organisations import access as org_access
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Kind, Organisation, Role
from livslang.security import log_event


def centre_for_member(
    user: Any, slug: str, *, at_least: Role, request: HttpRequest | None = None
) -> Organisation:
    centre, _membership = org_access.organisation_for_member(
        user, slug, at_least=at_least, request=request
    )
    if centre.kind != Kind.CENTRE:
        raise Http404
    return centre


def cohort_of_centre(centre: Organisation, cohort_id: uuid.UUID) -> Cohort:
    """A cohort of one of the centre's own offerings (the catalogue lets only the owner change
    a cohort's status)."""
    found = (
        cohorts_of_centre(centre, tuple(CohortStatus.values))
        .filter(public_id=cohort_id, offering__owner=centre)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _role(user: Any, organisation: Organisation) -> Role | None:
    return org_queries.role_in(user, organisation)


def request_for_viewing(
    user: Any, request_id: uuid.UUID, request: HttpRequest | None = None
) -> CourseRequest:
    found = (
        CourseRequest.objects.select_related(
            "centre", "provider", "offering", "municipality", "cohort"
        )
        .filter(public_id=request_id)
        .first()
    )
    if found is None or (_role(user, found.centre) is None and _role(user, found.provider) is None):
        log_event(
            "foreign_object_access",
            request=request,
            user=user if user is not None and user.is_authenticated else None,
            object_type="brokerage.courserequest",
            identifier=str(request_id),
        )
        raise Http404
    return found


def _require(user: Any, organisation: Organisation) -> None:
    role = _role(user, organisation)
    if role is None or not Role(role).covers(Role.EDITOR):
        raise PermissionDenied


def request_for_centre(
    user: Any, request_id: uuid.UUID, request: HttpRequest | None = None
) -> CourseRequest:
    found = request_for_viewing(user, request_id, request)
    _require(user, found.centre)
    return found


def request_for_provider(
    user: Any, request_id: uuid.UUID, request: HttpRequest | None = None
) -> CourseRequest:
    found = request_for_viewing(user, request_id, request)
    _require(user, found.provider)
    return found


def may_act_for(user: Any, organisation: Organisation) -> bool:
    role = _role(user, organisation)
    return role is not None and Role(role).covers(Role.EDITOR)
