"""Writes for the demo world only (``livslang.organisations.demo``): idempotent by slug."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from livslang.accounts.models import User
from livslang.geo.models import Municipality
from livslang.organisations.models import CentreProfile, Kind, Membership, Organisation, Status
from livslang.organisations.services._common import audit

DEMO_ACTOR = "demo"


@transaction.atomic
def ensure_demo_organisation(
    *,
    slug: str,
    name: str,
    kind: str,
    home_municipality: Municipality,
    website: str = "",
    description: str = "",
    description_language: str = "nb",
) -> tuple[Organisation, bool]:
    """The approved demo organisation ``slug``; created (and audited) the first time only."""
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    organisation = Organisation(
        slug=slug,
        name=name,
        kind=kind,
        country=home_municipality.country_id,
        home_municipality=home_municipality,
        website=website,
        description=description,
        description_language=description_language,
        status=Status.APPROVED,
        decided_at=timezone.now(),
        is_demo=True,
    )
    organisation.full_clean()
    organisation.save()
    if organisation.kind == Kind.CENTRE:
        CentreProfile.objects.create(organisation=organisation)
    audit(
        actor=None,
        actor_label=DEMO_ACTOR,
        action="organisation.demo_create",
        organisation=organisation,
        changes={"name": name, "kind": kind, "home_municipality": str(home_municipality)},
        summary="demo organisation",
    )
    return organisation, True


@transaction.atomic
def set_demo_centre_profile(
    *,
    organisation: Organisation,
    municipalities_served: Iterable[Municipality],
    partner_providers: Iterable[Organisation] = (),
    **fields: Any,
) -> CentreProfile:
    """Fill a demo centre's profile (called when the centre was just created)."""
    profile, _created = CentreProfile.objects.get_or_create(organisation=organisation)
    for field, value in fields.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    profile.municipalities_served.set(list(municipalities_served))
    profile.partner_providers.set(list(partner_providers))
    return profile


@transaction.atomic
def ensure_demo_membership(*, user: User, organisation: Organisation, role: str) -> bool:
    """Make ``user`` a member with ``role`` unless they already are one; True when created."""
    _membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if created:
        audit(
            actor=None,
            actor_label=DEMO_ACTOR,
            action="organisation.demo_member",
            organisation=organisation,
            changes={"member": user.email, "role": role},
        )
    return created
