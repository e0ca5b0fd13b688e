"""Asking to register an organisation, and a platform administrator's decision."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.accounts.models import User
from livslang.geo.models import Municipality
from livslang.notify import absolute, send
from livslang.organisations.models import (
    CentreProfile,
    Kind,
    Membership,
    Organisation,
    Role,
    Status,
)
from livslang.organisations.services._common import (
    audit,
    lock,
    municipality_label,
    unique_slug,
)

SUBJECT_APPROVED = gettext_lazy("%(organisation)s is approved in Livslang")
SUBJECT_REJECTED = gettext_lazy("Your request to register %(organisation)s in Livslang")


@transaction.atomic
def request_organisation(
    *,
    requested_by: User,
    name: str,
    kind: str,
    country: str,
    home_municipality: Municipality,
    website: str = "",
    description: str = "",
    description_language: str = "nb",
) -> Organisation:
    """Ask to register an organisation; a platform administrator approves or rejects it."""
    organisation = Organisation(
        slug=unique_slug(name),
        name=name,
        kind=kind,
        country=country,
        home_municipality=home_municipality,
        website=website,
        description=description,
        description_language=description_language,
        status=Status.PENDING,
        requested_by=requested_by,
    )
    organisation.full_clean()
    organisation.save()
    if organisation.kind == Kind.CENTRE:
        CentreProfile.objects.create(organisation=organisation)
    audit(
        actor=requested_by,
        action="organisation.request",
        organisation=organisation,
        changes={
            "name": organisation.name,
            "kind": organisation.kind,
            "home_municipality": municipality_label(home_municipality),
        },
    )
    return organisation


@transaction.atomic
def decide_request(
    *, decided_by: User, organisation: Organisation, approve: bool, reason: str = ""
) -> Organisation:
    """Approve (the requester becomes its administrator) or reject with a reason.

    Only for platform administrators; the caller checks. Both outcomes e-mail the requester.
    """
    locked = lock(organisation)
    if locked.status != Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    requester = locked.requested_by
    reason = reason.strip()
    if approve and requester is None:
        raise ValidationError(
            _(
                "The account that asked for this organisation no longer exists, so nobody "
                "could administer it. Reject the request instead."
            ),
            code="no_requester",
        )
    if not approve and not reason:
        raise ValidationError({"reason": _("Give a reason, so the requester knows why.")})
    locked.status = Status.APPROVED if approve else Status.REJECTED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.rejection_reason = "" if approve else reason
    locked.full_clean()
    locked.save(
        update_fields=["status", "decided_by", "decided_at", "rejection_reason", "updated_at"]
    )
    changes: dict[str, Any] = {"status": {"old": Status.PENDING.value, "new": locked.status}}
    if approve:
        assert requester is not None
        Membership.objects.create(user=requester, organisation=locked, role=Role.ADMIN)
        changes["admin"] = requester.email
    else:
        changes["reason"] = reason
    audit(
        actor=decided_by,
        action="organisation.approve" if approve else "organisation.reject",
        organisation=locked,
        changes=changes,
    )
    if requester is not None:
        context = {
            "name": requester.full_name or requester.email,
            "organisation": locked.name,
            "reason": reason,
            "url": absolute(reverse("organisations:detail", args=[locked.slug])),
            "manage_url": absolute(reverse("organisations:members", args=[locked.slug])),
        }
        if approve:
            send(
                to=requester.email,
                language=requester.language,
                subject=SUBJECT_APPROVED,
                template="organisations/email/request_approved.txt",
                context=context,
            )
        else:
            send(
                to=requester.email,
                language=requester.language,
                subject=SUBJECT_REJECTED,
                template="organisations/email/request_rejected.txt",
                context=context,
            )
    organisation.refresh_from_db()
    return locked


@transaction.atomic
def register_imported_provider(
    *, name: str, home_municipality: Municipality, actor: User | None, actor_label: str = ""
) -> Organisation:
    """A provider named by a catalogue import that Livslang does not know yet.

    It is approved at once (the import's owner vouches for its offerings), marked
    ``imported`` and has no members until someone from it asks to join.
    """
    organisation = Organisation(
        slug=unique_slug(name),
        name=name,
        kind=Kind.PROVIDER,
        country=home_municipality.country_id,
        home_municipality=home_municipality,
        status=Status.APPROVED,
        decided_at=timezone.now(),
        imported=True,
    )
    organisation.full_clean()
    organisation.save()
    audit(
        actor=actor,
        actor_label=actor_label,
        action="organisation.import",
        organisation=organisation,
        summary=_("created by an offering import"),
    )
    return organisation
