"""Who may see or change the catalogue: the only place that decides. Views call one of these
first.

* A published offering (and its cohorts) is public. A draft or archived offering exists only
  for the members of the organisation that maintains it (everyone else gets 404).
* Staff pages are for members of the owning organisation, built on
  ``organisations.access.organisation_for_member``: another organisation's offering or cohort
  answers 404 (logged as ``foreign_object_access``), too low a role 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest

from livslang.catalog import queries
from livslang.catalog.models import Cohort, ImportJob, Offering, OfferingStatus
from livslang.organisations import queries as org_queries
from livslang.organisations.access import organisation_for_member
from livslang.organisations.models import Membership, Organisation, Role

__all__ = [
    "cohort_for_member",
    "import_job_for",
    "offering_for_member",
    "offering_for_viewing",
    "organisation_for_catalogue",
    "public_cohort",
    "public_offering",
]


def organisation_for_catalogue(
    user: Any, slug: str, *, at_least: Role, request: HttpRequest | None = None
) -> tuple[Organisation, Membership]:
    """The organisation whose catalogue the user maintains (or, as a viewer, reads)."""
    return organisation_for_member(user, slug, at_least=at_least, request=request)


def offering_for_member(
    user: Any,
    offering_id: uuid.UUID,
    *,
    at_least: Role = Role.EDITOR,
    request: HttpRequest | None = None,
) -> tuple[Offering, Membership]:
    """An offering for its owner's staff: 404 if unknown or another organisation's (logged),
    403 if the role is too low."""
    offering = (
        Offering.objects.select_related("owner", "provider").filter(public_id=offering_id).first()
    )
    if offering is None:
        raise Http404
    _organisation, membership = organisation_for_member(
        user, offering.owner.slug, at_least=at_least, request=request
    )
    return offering, membership


def cohort_for_member(
    user: Any,
    cohort_id: uuid.UUID,
    *,
    at_least: Role = Role.EDITOR,
    request: HttpRequest | None = None,
) -> tuple[Cohort, Membership]:
    """A cohort for its offering's owner's staff (as ``offering_for_member``)."""
    cohort = (
        Cohort.objects.select_related("offering__owner", "offering__provider")
        .filter(public_id=cohort_id)
        .first()
    )
    if cohort is None:
        raise Http404
    _organisation, membership = organisation_for_member(
        user, cohort.offering.owner.slug, at_least=at_least, request=request
    )
    return cohort, membership


def offering_for_viewing(user: Any, slug: str, short_id: str) -> tuple[Offering, Role | None]:
    """The offering at its public address with everything its page shows, and the user's role
    in its owner (None for the public). Drafts and archived offerings: owner's members only."""
    offering = queries.offering_page(slug, short_id)
    if offering is None:
        raise Http404
    role = (
        org_queries.role_in(user, offering.owner)
        if user is not None and user.is_authenticated
        else None
    )
    if offering.status != OfferingStatus.PUBLISHED and role is None:
        raise Http404
    return offering, role


def public_offering(offering_id: uuid.UUID) -> Offering:
    """A published offering by its public id (404 for every other offering); only what its
    address needs is loaded."""
    offering = (
        Offering.objects.published().filter(public_id=offering_id).only("slug", "public_id").first()
    )
    if offering is None:
        raise Http404
    return offering


def public_cohort(cohort_id: uuid.UUID) -> Cohort:
    """A cohort of a published offering (404 for every other cohort)."""
    cohort = (
        Cohort.objects.public()
        .select_related("offering", "municipality__region")
        .filter(public_id=cohort_id)
        .first()
    )
    if cohort is None:
        raise Http404
    return cohort


def import_job_for(
    user: Any, slug: str, job_id: uuid.UUID, *, request: HttpRequest | None = None
) -> tuple[Organisation, ImportJob]:
    """An import job for the editor who uploaded it (its file and report are theirs; other
    members, even of the same organisation, get 404)."""
    organisation, _membership = organisation_for_member(
        user, slug, at_least=Role.EDITOR, request=request
    )
    job = ImportJob.objects.filter(
        public_id=job_id, organisation=organisation, actor_id=user.pk
    ).first()
    if job is None:
        raise Http404
    return organisation, job
