"""Bringing one offering, with all its cohorts, in line with an outside system's description.

Used by bulk imports (and later by the API's write side): a system that keeps its catalogue
elsewhere names each offering and cohort by its own identifier and sends the whole offering
each time. ``sync_offering`` creates what is new, updates what changed, removes cohorts that
are no longer described, sets the offering's status, and reports what it did — with the same
validation, audit entries and change-log events as the page services. A rejected offering
raises ``SyncRejected`` with every fault found, and its savepoint is rolled back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.catalog.changes import record_changes
from livslang.catalog.models import (
    ChangeAction,
    ChangeKind,
    Cohort,
    CohortStatus,
    Offering,
    OfferingStatus,
)
from livslang.catalog.services import cohorts as cohort_services
from livslang.catalog.services import offerings as offering_services
from livslang.catalog.services._common import (
    audit,
    lock_offering,
    make_slug,
    require_editor,
    unknown_fields,
)
from livslang.organisations.models import Organisation

Outcome = Literal["created", "updated", "unchanged"]


def identifier_q(identifier: str) -> Q:
    """What an outside identifier refers to: an imported object's source identifier, or, for
    objects made in Livslang's pages (exported with their public id), that public id."""
    query = Q(source_identifier=identifier)
    try:
        public_id = uuid.UUID(identifier)
    except ValueError:
        return query
    return query | Q(source_identifier="", public_id=public_id)


def identifier_of(obj: Offering | Cohort) -> str:
    """The identifier an outside system knows ``obj`` by (see ``identifier_q``)."""
    return obj.source_identifier or str(obj.public_id)


@dataclass
class CohortSpec:
    """One cohort as the outside system describes it."""

    identifier: str
    data: dict[str, Any]
    study_groups: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SyncFault:
    """A fault of the offering (``cohort`` None) or of one of its cohorts, by model field."""

    cohort: str | None
    field: str
    message: str


class SyncRejected(Exception):
    def __init__(self, faults: list[SyncFault]) -> None:
        super().__init__("; ".join(f.message for f in faults))
        self.faults = faults


@dataclass
class SyncResult:
    offering: Offering
    outcome: Outcome
    cohorts_created: int = 0
    cohorts_updated: int = 0
    cohorts_unchanged: int = 0
    cohorts_removed: int = 0


def _faults(exc: ValidationError, cohort: str | None) -> list[SyncFault]:
    if hasattr(exc, "error_dict"):
        return [
            SyncFault(cohort, name, message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [SyncFault(cohort, "", message) for message in exc.messages]


def _save_offering(offering: Offering, centres: list[Organisation] | None) -> None:
    try:
        offering_services._validate_offering(offering, centres)
    except ValidationError as exc:
        raise SyncRejected(_faults(exc, None)) from None
    offering.save()
    if centres is not None:
        offering.delivering_centres.set(centres)


class _Sync:
    def __init__(self, actor: Any, actor_label: str, summary: str) -> None:
        self.actor = actor
        self.actor_label = actor_label
        self.summary = summary

    def audit(self, action: str, obj: Offering | Cohort, changes: dict[str, Any] | None) -> None:
        audit(
            actor=self.actor,
            actor_label=self.actor_label,
            action=action,
            obj=obj,
            changes=changes,
            summary=self.summary,
        )

    def create(
        self, owner: Organisation, identifier: str, data: dict[str, Any], specs: list[CohortSpec]
    ) -> SyncResult:
        offering = Offering(owner=owner, status=OfferingStatus.DRAFT, source_identifier=identifier)
        changes, centres = offering_services._apply(offering, data)
        offering.slug = make_slug(offering.title)
        _save_offering(offering, centres)
        self.audit("offering.create", offering, changes)
        record_changes([(ChangeKind.OFFERING, offering.public_id, ChangeAction.CREATED)])
        result = SyncResult(offering, "created")
        for spec in specs:
            self.create_cohort(offering, spec)
            result.cohorts_created += 1
        return result

    def create_cohort(self, offering: Offering, spec: CohortSpec) -> None:
        clash = Cohort.objects.filter(identifier_q(spec.identifier)).exclude(offering=offering)
        if clash.exists():
            raise SyncRejected(
                [
                    SyncFault(
                        spec.identifier,
                        "identifier",
                        _("cohort identifier %(id)s belongs to another offering")
                        % {"id": spec.identifier},
                    )
                ]
            )
        cohort = Cohort(
            offering=offering, status=CohortStatus.OPEN, source_identifier=spec.identifier
        )
        changes = cohort_services._apply(cohort, spec.data)
        group_rows = cohort_services._groups(cohort, spec.study_groups)
        try:
            cohort_services._validate_cohort(cohort, group_rows)
        except ValidationError as exc:
            raise SyncRejected(_faults(exc, spec.identifier)) from None
        cohort.save()
        changes.update(cohort_services._save_groups(cohort, group_rows))
        self.audit("cohort.create", cohort, changes)
        actions = [ChangeAction.CREATED]
        if offering.status == OfferingStatus.PUBLISHED:
            actions.append(ChangeAction.PUBLISHED)
        record_changes([(ChangeKind.COHORT, cohort.public_id, a) for a in actions])

    def update(
        self, offering: Offering, data: dict[str, Any], specs: list[CohortSpec]
    ) -> SyncResult:
        locked = lock_offering(offering)
        if locked.status == OfferingStatus.ARCHIVED:
            raise SyncRejected(
                [SyncFault(None, "status", _("the offering is archived and cannot be changed"))]
            )
        result = SyncResult(locked, "unchanged")
        changes, centres = offering_services._apply(locked, data)
        if changes:
            _save_offering(locked, centres)
            self.audit("offering.update", locked, changes)
            if locked.is_published:
                record_changes([(ChangeKind.OFFERING, locked.public_id, ChangeAction.UPDATED)])
            result.outcome = "updated"
        existing = {identifier_of(c): c for c in Cohort.objects.filter(offering=locked)}
        for spec in specs:
            cohort = existing.pop(spec.identifier, None)
            if cohort is None:
                self.create_cohort(locked, spec)
                result.cohorts_created += 1
            elif self.update_cohort(locked, cohort, spec):
                result.cohorts_updated += 1
            else:
                result.cohorts_unchanged += 1
        for identifier, cohort in existing.items():
            self.remove_cohort(locked, cohort, identifier)
            result.cohorts_removed += 1
        if result.cohorts_created or result.cohorts_updated or result.cohorts_removed:
            result.outcome = "updated"
        return result

    def update_cohort(self, offering: Offering, cohort: Cohort, spec: CohortSpec) -> bool:
        cohort.offering = offering
        changes = cohort_services._apply(cohort, spec.data)
        old_groups = sorted((g.centre_id, g.municipality_id) for g in cohort.study_groups.all())
        new_groups = sorted((g["centre"].pk, g["municipality"].pk) for g in spec.study_groups)
        group_rows = (
            cohort_services._groups(cohort, spec.study_groups) if old_groups != new_groups else None
        )
        if not changes and group_rows is None:
            return False
        try:
            cohort_services._validate_cohort(cohort, group_rows)
        except ValidationError as exc:
            raise SyncRejected(_faults(exc, spec.identifier)) from None
        cohort.save()
        changes.update(cohort_services._save_groups(cohort, group_rows))
        self.audit("cohort.update", cohort, changes)
        if offering.is_published:
            record_changes([(ChangeKind.COHORT, cohort.public_id, ChangeAction.UPDATED)])
        return True

    def remove_cohort(self, offering: Offering, cohort: Cohort, identifier: str) -> None:
        """A cohort the outside system no longer describes goes, unless people signed up."""
        taken = _(
            "cohort %(id)s is missing from the file but has %(n)d participants; "
            "it cannot be removed"
        ) % {"id": identifier or cohort.short_id, "n": cohort.confirmed_count}
        if cohort.confirmed_count:
            raise SyncRejected([SyncFault(None, "cohorts", taken)])
        public_id = cohort.public_id
        self.audit("cohort.delete", cohort, None)
        try:
            with transaction.atomic():
                cohort.delete()
        except ProtectedError:
            raise SyncRejected(
                [
                    SyncFault(
                        None,
                        "cohorts",
                        _(
                            "cohort %(id)s is missing from the file but has sign-ups; "
                            "it cannot be removed"
                        )
                        % {"id": identifier},
                    )
                ]
            ) from None
        if offering.is_published:
            record_changes([(ChangeKind.COHORT, public_id, ChangeAction.DELETED)])

    def set_status(self, offering: Offering, status: str) -> bool:
        old = offering.status
        if old == status:
            return False
        if old == OfferingStatus.ARCHIVED:
            raise SyncRejected(
                [
                    SyncFault(
                        None,
                        "status",
                        _("An archived offering cannot be changed. Copy it instead."),
                    )
                ]
            )
        if status == OfferingStatus.PUBLISHED:
            offering.published_at = timezone.now()
        offering.status = status
        offering.save(update_fields=["status", "published_at", "updated_at"])
        action = {"published": "offering.publish", "draft": "offering.unpublish"}.get(
            status, "offering.archive"
        )
        self.audit(action, offering, {"status": {"old": old, "new": status}})
        change = (
            ChangeAction.PUBLISHED
            if status == OfferingStatus.PUBLISHED
            else ChangeAction.UNPUBLISHED
        )
        if status == OfferingStatus.PUBLISHED or old == OfferingStatus.PUBLISHED:
            ids = Cohort.objects.filter(offering=offering).values_list("public_id", flat=True)
            record_changes(
                [
                    (ChangeKind.OFFERING, offering.public_id, change),
                    *[(ChangeKind.COHORT, i, change) for i in ids],
                ]
            )
        return True


def sync_offering(
    *,
    actor: Any,
    owner: Organisation,
    identifier: str,
    data: dict[str, Any],
    status: str,
    cohorts: list[CohortSpec],
    actor_label: str = "",
    summary: str = "",
) -> SyncResult:
    """Make ``owner``'s offering known by ``identifier`` match ``data`` and ``cohorts`` exactly.

    ``actor`` None is a trusted system job (the command line), named by ``actor_label`` in the
    audit log; a person must be an editor of ``owner`` (``PermissionDenied``). An identifier
    used by another organisation's offering, or a cohort identifier used under another
    offering, is a fault: identifiers never move between owners.
    """
    unknown_fields(data, offering_services.OFFERING_FIELDS, "sync_offering")
    if actor is None and not actor_label:
        raise PermissionDenied
    if actor is not None:
        require_editor(actor, owner)
    if status not in OfferingStatus.values:
        raise SyncRejected([SyncFault(None, "status", _("unknown status %(s)s") % {"s": status})])
    if Offering.objects.filter(identifier_q(identifier)).exclude(owner=owner).exists():
        raise SyncRejected(
            [
                SyncFault(
                    None,
                    "identifier",
                    _("identifier %(id)s belongs to another organisation's offering")
                    % {"id": identifier},
                )
            ]
        )
    sync = _Sync(actor, actor_label, summary)
    with transaction.atomic():
        offering = Offering.objects.filter(identifier_q(identifier), owner=owner).first()
        if offering is None:
            result = sync.create(owner, identifier, data, cohorts)
        else:
            result = sync.update(offering, data, cohorts)
        if sync.set_status(result.offering, status) and result.outcome == "unchanged":
            result.outcome = "updated"
    return result
