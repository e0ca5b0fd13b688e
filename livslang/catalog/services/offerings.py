"""Creating, editing, publishing, unpublishing, archiving and copying offerings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.catalog.changes import record_changes
from livslang.catalog.models import (
    ChangeAction,
    ChangeKind,
    Cohort,
    CohortStatus,
    LevelFramework,
    LocalStudyGroup,
    Offering,
    OfferingStatus,
)
from livslang.catalog.services._common import (
    audit,
    audit_value,
    clean_text,
    control_character_errors,
    current,
    lock_offering,
    make_slug,
    merge_errors,
    require_editor,
    string_list,
    to_python,
    unknown_fields,
)
from livslang.organisations.models import Kind, Organisation
from livslang.organisations.queries import centres_delivering_for

# What an offering form may set, in the order forms show it.
OFFERING_FIELDS = (
    "title",
    "description",
    "language",
    "provider",
    "delivering_centres",
    "isced_field",
    "topics",
    "level_framework",
    "level",
    "level_text",
    "credits_value",
    "credits_unit",
    "duration_text",
    "target_group",
    "prerequisites",
    "admission_requirements",
    "funding_employer",
    "funding_public_grant",
    "funding_loan",
    "campaign_tags",
    "external_url",
)
_LIST_FIELDS = frozenset({"topics", "campaign_tags"})


def _validate_offering(offering: Offering, centres: list[Organisation] | None) -> None:
    errors: dict[str, list[Any]] = {}
    control_character_errors(offering, errors)
    offering.title = " ".join(offering.title.split())
    if not offering.title:
        errors["title"] = [_("Title: enter the offering's title.")]
    if offering.level is not None and not offering.level_framework:
        errors["level_framework"] = [
            _("Qualifications framework: choose NKR or EQF for the level you gave.")
        ]
    if offering.level_framework and offering.level is None:
        errors["level"] = [_("Level: enter the level (1 to 8) in the framework you chose.")]
    if offering.level is not None and not 1 <= offering.level <= 8:
        errors["level"] = [_("Level: NKR and EQF levels run from 1 to 8.")]
    if offering.credits_value is not None and offering.credits_value < 0:
        errors["credits_value"] = [_("Credits: the number of credits cannot be negative.")]
    if offering.credits_value is not None and not offering.credits_unit:
        errors["credits_unit"] = [_("Credit unit: choose the unit of the credits you gave.")]
    provider = offering.provider if offering.provider_id else None
    if provider is not None and provider.kind not in (Kind.PROVIDER, Kind.CENTRE):
        errors["provider"] = [
            _("Provider: choose an education provider or a centre as the provider.")
        ]
    if centres is not None and any(c.kind != Kind.CENTRE for c in centres):
        errors["delivering_centres"] = [
            _("Delivering centres: only education centres can deliver an offering.")
        ]
    elif centres:
        allowed = set(centres_delivering_for(offering.owner).values_list("pk", flat=True))
        if any(c.pk not in allowed for c in centres):
            errors["delivering_centres"] = [
                _(
                    "Delivering centres: a centre can deliver your offerings only when it is "
                    "your own organisation or names you as a partner provider."
                )
            ]
    try:
        offering.full_clean()
    except ValidationError as exc:
        merge_errors(errors, exc)
    if errors:
        raise ValidationError(errors)


def _apply(offering: Offering, data: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Set the fields in ``data``; returns the audit changes and the new centres (or None)."""
    changes: dict[str, Any] = {}
    centres = None
    for field, raw in data.items():
        if field == "delivering_centres":
            centres = list(raw or [])
            old_centres = (
                sorted(c.slug for c in offering.delivering_centres.all()) if (offering.pk) else []
            )
            new_centres = sorted(c.slug for c in centres)
            if old_centres != new_centres:
                changes[field] = {"old": old_centres, "new": new_centres}
            continue
        value = string_list(raw) if field in _LIST_FIELDS else clean_text(raw)
        if field == "level_framework" and value is None:
            value = LevelFramework.NONE
        value = to_python(Offering, field, value)
        old = current(offering, field)
        if old != value:
            changes[field] = {"old": audit_value(old), "new": audit_value(value)}
            setattr(offering, field, value)
    return changes, centres


@transaction.atomic
def create_offering(*, actor: Any, owner: Organisation, data: dict[str, Any]) -> Offering:
    """A new draft offering maintained by ``owner``; the provider defaults to the owner."""
    unknown_fields(data, OFFERING_FIELDS, "create_offering")
    require_editor(actor, owner)
    offering = Offering(owner=owner, status=OfferingStatus.DRAFT)
    if "provider" not in data:
        offering.provider = owner
    changes, centres = _apply(offering, data)
    offering.slug = make_slug(offering.title)
    _validate_offering(offering, centres)
    offering.save()
    if centres is not None:
        offering.delivering_centres.set(centres)
    audit(actor=actor, action="offering.create", obj=offering, changes=changes)
    record_changes([(ChangeKind.OFFERING, offering.public_id, ChangeAction.CREATED)])
    return offering


@transaction.atomic
def update_offering(*, actor: Any, offering: Offering, data: dict[str, Any]) -> Offering:
    """Change the fields in ``data``; records old → new. The address (slug) stays."""
    unknown_fields(data, OFFERING_FIELDS, "update_offering")
    require_editor(actor, offering.owner)
    locked = lock_offering(offering)
    if locked.status == OfferingStatus.ARCHIVED:
        raise ValidationError(_("An archived offering cannot be changed. Copy it instead."))
    changes, centres = _apply(locked, data)
    if not changes:
        return locked
    _validate_offering(locked, centres)
    locked.save()
    if centres is not None:
        locked.delivering_centres.set(centres)
    audit(actor=actor, action="offering.update", obj=locked, changes=changes)
    if locked.is_published:
        record_changes([(ChangeKind.OFFERING, locked.public_id, ChangeAction.UPDATED)])
    return locked


def _cohort_events(offering: Offering, action: str) -> list[tuple[str, Any, str]]:
    ids = Cohort.objects.filter(offering=offering).values_list("public_id", flat=True)
    return [(ChangeKind.COHORT, public_id, action) for public_id in ids]


@transaction.atomic
def publish_offering(*, actor: Any, offering: Offering) -> Offering:
    """Make a draft offering and all its cohorts public."""
    require_editor(actor, offering.owner)
    locked = lock_offering(offering)
    if locked.status == OfferingStatus.PUBLISHED:
        return locked
    if locked.status == OfferingStatus.ARCHIVED:
        raise ValidationError(
            _("An archived offering cannot be published again. Copy it and publish the copy.")
        )
    _validate_offering(locked, None)
    locked.status = OfferingStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit(
        actor=actor,
        action="offering.publish",
        obj=locked,
        changes={"status": {"old": OfferingStatus.DRAFT, "new": OfferingStatus.PUBLISHED}},
    )
    record_changes(
        [
            (ChangeKind.OFFERING, locked.public_id, ChangeAction.PUBLISHED),
            *_cohort_events(locked, ChangeAction.PUBLISHED),
        ]
    )
    return locked


def _withdraw(actor: Any, offering: Offering, new_status: str, action: str) -> Offering:
    require_editor(actor, offering.owner)
    locked = lock_offering(offering)
    old_status = locked.status
    if old_status == new_status or old_status == OfferingStatus.ARCHIVED:
        if old_status != new_status:
            raise ValidationError(_("An archived offering cannot be changed. Copy it instead."))
        return locked
    locked.status = new_status
    locked.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action=action,
        obj=locked,
        changes={"status": {"old": old_status, "new": new_status}},
    )
    # Mirrors only ever saw a published offering: a draft leaving needs no event.
    if old_status == OfferingStatus.PUBLISHED:
        record_changes(
            [
                (ChangeKind.OFFERING, locked.public_id, ChangeAction.UNPUBLISHED),
                *_cohort_events(locked, ChangeAction.UNPUBLISHED),
            ]
        )
    return locked


@transaction.atomic
def unpublish_offering(*, actor: Any, offering: Offering) -> Offering:
    """Take a published offering off the public site; it goes back to draft."""
    return _withdraw(actor, offering, OfferingStatus.DRAFT, "offering.unpublish")


@transaction.atomic
def archive_offering(*, actor: Any, offering: Offering) -> Offering:
    """Retire an offering for good (kept for history; copy it to offer it again)."""
    return _withdraw(actor, offering, OfferingStatus.ARCHIVED, "offering.archive")


_NOT_COPIED = frozenset({"id", "public_id", "slug", "status", "published_at", "created_at"})
_COHORT_NOT_COPIED = frozenset(
    {"id", "public_id", "offering", "status", "confirmed_count", "created_at", "updated_at"}
)


def copy_cohort_row(cohort: Cohort, offering: Offering) -> Cohort:
    """An unsaved copy of ``cohort`` for ``offering``: planned, nobody signed up."""
    copy = Cohort(offering=offering, status=CohortStatus.PLANNED, confirmed_count=0)
    for field in Cohort._meta.concrete_fields:
        if field.attname not in _COHORT_NOT_COPIED and field.name not in _COHORT_NOT_COPIED:
            setattr(copy, field.attname, getattr(cohort, field.attname))
    copy.is_demo = False
    return copy


def copy_study_groups(source: Cohort, target: Cohort) -> None:
    LocalStudyGroup.objects.bulk_create(
        LocalStudyGroup(
            cohort=target,
            centre_id=group.centre_id,
            municipality_id=group.municipality_id,
            room=group.room,
            schedule_text=group.schedule_text,
            contact_name=group.contact_name,
            contact_email=group.contact_email,
        )
        for group in source.study_groups.all()
    )


@transaction.atomic
def copy_offering(*, actor: Any, offering: Offering) -> Offering:
    """A draft copy titled "… (copy)", with copies of its cohorts as planned cohorts."""
    require_editor(actor, offering.owner)
    copy = Offering(status=OfferingStatus.DRAFT)
    for field in Offering._meta.concrete_fields:
        if field.name not in _NOT_COPIED:
            setattr(copy, field.attname, getattr(offering, field.attname))
    copy.is_demo = False
    copy.title = (_("%(title)s (copy)") % {"title": offering.title})[:200]
    copy.slug = make_slug(copy.title)
    copy.full_clean()
    copy.save()
    copy.delivering_centres.set(offering.delivering_centres.all())
    events = [(ChangeKind.OFFERING, copy.public_id, ChangeAction.CREATED)]
    cohorts = list(offering.cohorts.prefetch_related("study_groups"))
    for cohort in cohorts:
        new = copy_cohort_row(cohort, copy)
        new.save()
        copy_study_groups(cohort, new)
        events.append((ChangeKind.COHORT, new.public_id, ChangeAction.CREATED))
    audit(
        actor=actor,
        action="offering.copy",
        obj=copy,
        changes={"copied_from": str(offering.public_id), "cohorts": len(cohorts)},
    )
    record_changes(events)
    return copy


def organisation_renamed(organisation: Organisation) -> None:
    """An organisation's name changed: record its published offerings (as provider, delivering
    centre or a cohort's centre) as updated, so readers of the change log (the search index)
    show the new name. Runs in the renaming transaction."""
    public_ids = (
        Offering.objects.published()
        .filter(
            Q(provider=organisation)
            | Q(delivering_centres=organisation)
            | Q(cohorts__delivering_centre=organisation)
        )
        .order_by("pk")
        .values_list("public_id", flat=True)
        .distinct()
    )
    record_changes(
        [(ChangeKind.OFFERING, public_id, ChangeAction.UPDATED) for public_id in public_ids]
    )
