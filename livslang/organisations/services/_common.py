"""What the service modules share: audit, e-mail, locking, role checks, slugs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from livslang.audit.services import record
from livslang.geo.models import Municipality
from livslang.organisations import queries
from livslang.organisations.models import Membership, Organisation, Role

OBJECT_TYPE = "organisations.organisation"
# Paths under /organisations/ that a slug must never take.
RESERVED_SLUGS = frozenset({"register", "requests", "mine", "invitations", "new", "edit"})
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def audit(
    *,
    actor: Any,
    action: str,
    organisation: Organisation,
    changes: dict[str, Any] | None = None,
    summary: str = "",
    actor_label: str = "",
) -> None:
    record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(organisation.public_id),
        object_repr=organisation.name,
        changes=changes,
        summary=summary,
    )


def unique_slug(name: str) -> str:
    """A new address name from ``name``: ASCII, lower case, never one of the fixed paths."""
    base = slugify(name.translate(_TRANSLITERATION))[:70].strip("-") or "organisation"
    candidate = base
    number = 1
    while candidate in RESERVED_SLUGS or Organisation.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def lock(organisation: Organisation) -> Organisation:
    """The organisation's row, locked until the transaction ends (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers)."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def require_role(actor: Any, organisation: Organisation, at_least: Role) -> None:
    role = queries.role_in(actor, organisation)
    if role is None or not role.covers(at_least):
        raise PermissionDenied


def other_admins(organisation: Organisation, membership: Membership) -> int:
    return queries.admins_of(organisation).exclude(pk=membership.pk).count()


def municipality_label(municipality: Municipality | None) -> str | None:
    return str(municipality) if municipality is not None else None


def no_admin_left_error() -> ValidationError:
    return ValidationError(
        _(
            "The organisation must always have an administrator. Make another member "
            "administrator first."
        ),
        code="last_admin",
    )
