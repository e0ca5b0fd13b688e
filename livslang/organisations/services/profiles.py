"""Changing an organisation's profile and a centre's profile; following municipal changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.accounts.models import User
from livslang.geo.models import Municipality
from livslang.organisations.models import CentreProfile, Kind, Organisation, Role
from livslang.organisations.services._common import (
    audit,
    lock,
    municipality_label,
    require_role,
)

# Called inside the renaming transaction with the renamed organisation (e.g. the catalogue
# records its offerings as changed, so search indexes show the new name).
_rename_listeners: list[Callable[[Organisation], None]] = []


def register_rename_listener(fn: Callable[[Organisation], None]) -> None:
    """Have ``fn(organisation)`` called, in the same transaction, when an organisation's name
    changes (register once per process, e.g. in ``AppConfig.ready``)."""
    if fn not in _rename_listeners:
        _rename_listeners.append(fn)


EDITABLE_FIELDS = frozenset(
    {"name", "website", "description", "description_language", "home_municipality"}
)
CENTRE_FIELDS = frozenset(
    {
        "ownership",
        "organisation_form",
        "municipalities_served",
        "has_study_rooms",
        "has_exam_facilities",
        "has_video_rooms",
        "other_facilities",
        "partner_providers",
    }
)


def _audit_value(field: str, value: Any) -> Any:
    if field == "home_municipality":
        return municipality_label(value)
    return value


@transaction.atomic
def update_organisation(*, actor: User, organisation: Organisation, **fields: Any) -> Organisation:
    """Change the profile fields given; records old → new for those that changed."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_organisation() cannot change {', '.join(sorted(unknown))}")
    require_role(actor, organisation, Role.EDITOR)
    locked = lock(organisation)
    changes: dict[str, Any] = {}
    for field, value in fields.items():
        old = getattr(locked, field)
        if field == "name":
            value = " ".join(str(value).split())
        elif isinstance(value, str):
            value = value.strip()
        if old != value:
            changes[field] = {"old": _audit_value(field, old), "new": _audit_value(field, value)}
            setattr(locked, field, value)
    if not changes:
        return locked
    locked.full_clean()
    update_fields = [*changes, "updated_at"]
    if "name" in changes:
        update_fields.append("name_folded")
    locked.save(update_fields=update_fields)
    audit(actor=actor, action="organisation.update", organisation=locked, changes=changes)
    if "name" in changes:
        for listener in _rename_listeners:
            listener(locked)
    return locked


def _codes(municipalities: Iterable[Municipality]) -> list[str]:
    return sorted(str(m) for m in municipalities)


def _slugs(organisations: Iterable[Organisation]) -> list[str]:
    return sorted(o.slug for o in organisations)


@transaction.atomic
def update_centre_profile(
    *, actor: User, organisation: Organisation, **fields: Any
) -> CentreProfile:
    """Change a centre's profile (ownership, form, areas served, facilities, partners)."""
    unknown = set(fields) - CENTRE_FIELDS
    if unknown:
        raise TypeError(f"update_centre_profile() cannot change {', '.join(sorted(unknown))}")
    require_role(actor, organisation, Role.EDITOR)
    locked = lock(organisation)
    if locked.kind != Kind.CENTRE:
        raise ValidationError(_("Only education centres have a centre profile."))
    profile, _created = CentreProfile.objects.get_or_create(organisation=locked)
    changes: dict[str, Any] = {}

    served = fields.pop("municipalities_served", None)
    partners = fields.pop("partner_providers", None)
    for field, value in fields.items():
        old = getattr(profile, field)
        if isinstance(value, str):
            value = value.strip()
        if old != value:
            changes[field] = {"old": old, "new": value}
            setattr(profile, field, value)
    if served is not None:
        served = list(served)
        foreign = [m for m in served if m.country_id != locked.country]
        if foreign:
            raise ValidationError(
                {
                    "municipalities_served": _(
                        "A centre serves municipalities in its own country only: %(list)s."
                    )
                    % {"list": ", ".join(m.name for m in foreign)}
                }
            )
        old_served = list(profile.municipalities_served.all())
        if {m.pk for m in old_served} != {m.pk for m in served}:
            changes["municipalities_served"] = {"old": _codes(old_served), "new": _codes(served)}
    if partners is not None:
        partners = list(partners)
        wrong = [p for p in partners if p.kind != Kind.PROVIDER or not p.is_approved]
        if wrong or any(p.pk == locked.pk for p in partners):
            raise ValidationError(
                {"partner_providers": _("Partners must be approved education providers.")}
            )
        old_partners = list(profile.partner_providers.all())
        if {p.pk for p in old_partners} != {p.pk for p in partners}:
            changes["partner_providers"] = {"old": _slugs(old_partners), "new": _slugs(partners)}
    if not changes:
        return profile
    profile.full_clean()
    scalar = [f for f in changes if f in fields]
    profile.save(update_fields=[*scalar, "updated_at"])
    if "municipalities_served" in changes:
        profile.municipalities_served.set(served or [])
    if "partner_providers" in changes:
        profile.partner_providers.set(partners or [])
    audit(
        actor=actor,
        action="organisation.centre_profile_update",
        organisation=locked,
        changes=changes,
    )
    return profile


@transaction.atomic
def save_profile(
    *,
    actor: User,
    organisation: Organisation,
    organisation_fields: dict[str, Any],
    centre_fields: dict[str, Any] | None = None,
) -> Organisation:
    """The edit page in one transaction: the organisation, and for a centre its profile."""
    updated = update_organisation(actor=actor, organisation=organisation, **organisation_fields)
    if centre_fields is not None:
        update_centre_profile(actor=actor, organisation=updated, **centre_fields)
    return updated


@transaction.atomic
def repoint_municipality(*, old: Municipality, new: Municipality) -> None:
    """After a municipal change: home municipalities and areas served follow the successor."""
    for organisation in Organisation.objects.filter(home_municipality=old).order_by("pk"):
        organisation.home_municipality = new
        organisation.save(update_fields=["home_municipality", "updated_at"])
        audit(
            actor=None,
            actor_label="load_geo",
            action="organisation.repoint",
            organisation=organisation,
            changes={"home_municipality": {"old": str(old), "new": str(new)}},
        )
    for profile in CentreProfile.objects.filter(municipalities_served=old).select_related(
        "organisation"
    ):
        profile.municipalities_served.remove(old)
        profile.municipalities_served.add(new)
        audit(
            actor=None,
            actor_label="load_geo",
            action="organisation.repoint",
            organisation=profile.organisation,
            changes={"municipalities_served": {"old": str(old), "new": str(new)}},
        )
