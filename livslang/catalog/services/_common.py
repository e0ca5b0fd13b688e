"""What the catalogue's service modules share: role checks, audit, locks, slugs, cleaning."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _

from livslang.audit.services import record
from livslang.catalog.models import Cohort, Offering
from livslang.catalog.text import has_control_characters
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation, Role

OFFERING_TYPE = "catalog.offering"
COHORT_TYPE = "catalog.cohort"
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def require_editor(actor: Any, owner: Organisation) -> None:
    """Only editors and administrators of the owning organisation change its catalogue."""
    role = org_queries.role_in(actor, owner)
    if role is None or not role.covers(Role.EDITOR):
        raise PermissionDenied


def make_slug(title: str) -> str:
    """An ASCII address name from ``title``; not unique alone (the short id makes it unique)."""
    return slugify(title.translate(_TRANSLITERATION))[:70].strip("-") or "offering"


def lock_offering(offering: Offering) -> Offering:
    """The offering's row, locked until the transaction ends (PostgreSQL; SQLite's IMMEDIATE
    transactions already serialise writers)."""
    return Offering.objects.select_for_update(no_key=True).get(pk=offering.pk)


def lock_cohort(cohort: Cohort) -> Cohort:
    return (
        Cohort.objects.select_for_update(no_key=True, of=("self",))
        .select_related("offering")
        .get(pk=cohort.pk)
    )


def audit_value(value: Any) -> Any:
    """A JSON-friendly version of a field value for the audit log."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [audit_value(v) for v in value]
    return value


def audit(
    *,
    actor: Any,
    action: str,
    obj: Offering | Cohort,
    changes: dict[str, Any] | None = None,
    summary: str = "",
    actor_label: str = "",
) -> None:
    if isinstance(obj, Offering):
        object_type, label = OFFERING_TYPE, obj.title
    else:
        object_type, label = COHORT_TYPE, str(obj)
    record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=str(obj.public_id),
        object_repr=label,
        changes=changes,
        summary=summary,
    )


def clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def string_list(value: Any) -> list[str]:
    """A list of short strings from a list or a comma-separated string; duplicates dropped."""
    items: Iterable[Any]
    if value is None:
        items = []
    elif isinstance(value, str):
        items = value.split(",")
    else:
        items = value
    seen: dict[str, None] = {}
    for item in items:
        text = " ".join(str(item).split())[:100]
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    return list(seen)


def merge_errors(errors: dict[str, list[Any]], exc: ValidationError) -> None:
    """Add the errors of ``exc`` to ``errors``, except for fields that already have one."""
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.error_dict.items():
            if field not in errors:
                errors[field] = list(field_errors)
    else:
        errors.setdefault("__all__", []).extend(exc.error_list)


def unknown_fields(data: dict[str, Any], allowed: Iterable[str], function: str) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() cannot set {', '.join(sorted(unknown))}")


def current(obj: models.Model, field: str) -> Any:
    """The field's value, None for an unset relation (instead of raising)."""
    try:
        return getattr(obj, field)
    except ObjectDoesNotExist:
        return None


def to_python(model: type[models.Model], field: str, value: Any) -> Any:
    """``value`` converted as the model field would (e.g. "2031-01-10" to a date), so that the
    services' own rules compare like with like; a value it cannot convert raises a
    ValidationError keyed by the field."""
    model_field = model._meta.get_field(field)
    if (
        value is None
        or not isinstance(model_field, models.Field)
        or isinstance(model_field, models.ForeignKey)
        or model_field.many_to_many
    ):
        return value
    try:
        return model_field.to_python(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def lock_for_cohort_change(cohort: Cohort) -> Cohort:
    """Lock the offering, then the cohort (always in that order, so writers cannot deadlock and
    a publish cannot slip in between), refusing changes under an archived offering."""
    offering = lock_offering(cohort.offering)
    if offering.status == "archived":
        raise ValidationError(
            _("The offering is archived, so its cohorts cannot be changed. Copy it instead.")
        )
    locked = lock_cohort(cohort)
    locked.offering = offering
    return locked


def control_character_errors(instance: models.Model, errors: dict[str, list[Any]]) -> None:
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str) and has_control_characters(value):
            errors.setdefault(field.name, []).append(
                _("%(field)s: remove the invisible control characters from the text.")
                % {"field": str(field.verbose_name).capitalize()}
            )
