"""Who may see or change an organisation: the only place that decides. Views call one of these
first.

* Approved organisations are public; a pending or rejected one exists only for the person who
  asked for it and for platform administrators (everyone else gets 404).
* Member pages: someone who is not a member gets 404, exactly as for an organisation that does
  not exist (another organisation's objects must look nonexistent), and the attempt is logged
  as a security event; a member whose role is too low gets 403.
* Platform administrators get no member rights by being platform administrators: they use the
  Django admin and the approval page.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livslang.access import is_platform_admin
from livslang.access import require_platform_admin as _require_platform_admin
from livslang.organisations.models import Invitation, Membership, Organisation, Role, Status
from livslang.security import log_event

__all__ = [
    "invitation_of",
    "is_platform_admin",
    "membership_of",
    "organisation_for_decision",
    "organisation_for_member",
    "organisation_for_viewing",
    "require_platform_admin",
]


def require_platform_admin(user: Any) -> None:
    """Platform pages do not exist for anyone else (404)."""
    _require_platform_admin(user)


def organisation_for_viewing(user: Any, slug: str) -> Organisation:
    organisation = (
        Organisation.objects.select_related("home_municipality__region").filter(slug=slug).first()
    )
    if organisation is None:
        raise Http404
    if organisation.status == Status.APPROVED:
        return organisation
    is_requester = (
        user is not None
        and user.is_authenticated
        and organisation.requested_by_id is not None
        and organisation.requested_by_id == user.pk
    )
    if is_requester or is_platform_admin(user):
        return organisation
    raise Http404


def organisation_for_member(
    user: Any, slug: str, *, at_least: Role, request: HttpRequest | None = None
) -> tuple[Organisation, Membership]:
    """The approved organisation ``slug`` and the user's membership, if their role is at
    least ``at_least``. Not a member: 404 (logged as ``foreign_object_access``). Too low a
    role: 403."""
    membership = None
    if user is not None and user.is_authenticated:
        membership = (
            Membership.objects.select_related("organisation__home_municipality__region")
            .filter(user=user, organisation__slug=slug, organisation__status=Status.APPROVED)
            .first()
        )
    if membership is None:
        log_event(
            "foreign_object_access",
            request=request,
            user=user if user is not None and user.is_authenticated else None,
            object_type="organisations.organisation",
            object_slug=slug,
        )
        raise Http404
    if not Role(membership.role).covers(at_least):
        log_event(
            "access_denied",
            request=request,
            user=user,
            object_type="organisations.organisation",
            object_slug=slug,
            needed_role=Role(at_least).value,
        )
        raise PermissionDenied
    return membership.organisation, membership


def organisation_for_decision(user: Any, slug: str) -> Organisation:
    """A request awaiting a platform administrator's decision (404 for everyone else, and for
    an organisation that is not waiting: it has been decided)."""
    require_platform_admin(user)
    organisation = Organisation.objects.filter(slug=slug, status=Status.PENDING).first()
    if organisation is None:
        raise Http404
    return organisation


def membership_of(organisation: Organisation, membership_id: uuid.UUID) -> Membership:
    """A membership of ``organisation`` (call after ``organisation_for_member``); 404 when the
    id belongs to another organisation or to nothing."""
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(public_id=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def invitation_of(organisation: Organisation, invitation_id: uuid.UUID) -> Invitation:
    """An invitation of ``organisation`` (call after ``organisation_for_member``); 404 when
    the id belongs to another organisation or to nothing."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(public_id=invitation_id, organisation=organisation)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation
