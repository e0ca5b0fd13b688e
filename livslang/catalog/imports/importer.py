"""Running an import: parse the file, check every item, then write them all in one transaction.

Writing goes through ``livslang.catalog.services.sync_offering``, so an imported offering is
validated, audited and recorded in the change log exactly like one edited in the pages.
``actor=None`` is the command line (audit ``actor_label="import_offerings"``); with an actor,
the actor must be an editor of the organisation that owns each offering.

Progress: ``run_import`` calls ``progress(step, done, total)`` with the steps ``reading``,
``checking`` (items converted, reads only) and ``writing`` (items written inside the one
transaction; a watcher in another process sees ``writing`` at 0 until the end, because nothing
from inside the transaction is visible before it commits).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.catalog.imports.convert import Plan, convert
from livslang.catalog.imports.parsing import (
    MAX_BYTES,
    FileRejected,
    RawItem,
    parse_csv,
    parse_jsonld,
    parse_xlsx,
)
from livslang.catalog.imports.report import ImportReport, Problem
from livslang.catalog.models import ImportBatch
from livslang.catalog.services.sync import CohortSpec, SyncRejected, sync_offering
from livslang.geo.models import Municipality
from livslang.organisations import services as organisation_services
from livslang.organisations.models import Organisation
from livslang.organisations.queries import provider_named
from livslang.security import log_event

ACTOR_LABEL = "import_offerings"
FORMATS = ("jsonld", "csv", "xlsx")
MODES = ("all-or-nothing", "valid-rows")
_CAPITALS = {"NO": "0301", "DK": "101"}
# Offering fields whose place in the file the plan does not keep under the same name.
_OFFERING_KEYS = {"duration_text": "duration"}
# Cohort fields → the raw value names the parsers use.
_COHORT_KEYS = {
    "municipality": "municipality_code",
    "venue_name": "venue",
    "workload_text": "workload",
    "study_groups": "study_group_centre",
}

Progress = Callable[[str, int, int], None]


def format_from_filename(filename: str) -> str | None:
    lowered = filename.lower()
    for ext, fmt in (
        (".jsonld", "jsonld"),
        (".json", "jsonld"),
        (".csv", "csv"),
        (".xlsx", "xlsx"),
    ):
        if lowered.endswith(ext):
            return fmt
    return None


class Writer:
    """Writes converted items through the sync service and puts its faults back in the file."""

    def __init__(self, actor: Any, report: ImportReport) -> None:
        self.actor = actor
        self.report = report

    def provider_for(self, plan: Plan, organisation: Organisation | None) -> Organisation | None:
        match = provider_named(plan.provider_name) if plan.provider_name else None
        if match is not None:
            return match
        if organisation is not None:
            return organisation
        if not plan.provider_name.strip():
            return None
        place = plan.place
        if place is None and plan.country in _CAPITALS:
            # Online-only offerings: the provider is registered in the country's capital.
            place = (
                Municipality.objects.valid_on()
                .filter(country_id=plan.country, code=_CAPITALS[plan.country])
                .first()
            )
        if place is None:
            item = plan.item
            item.fault(
                item.location,
                "provider",
                _("no organisation %(name)s, and no cohort place to register it with")
                % {"name": plan.provider_name},
            )
            return None
        return organisation_services.register_imported_provider(
            name=plan.provider_name,
            home_municipality=place,
            actor=self.actor,
            actor_label="" if self.actor is not None else ACTOR_LABEL,
        )

    def write(self, plan: Plan, organisation: Organisation | None) -> None:
        item = plan.item
        provider = self.provider_for(plan, organisation)
        if item.problems or provider is None:
            return
        owner = organisation or provider
        data = dict(plan.offering, provider=provider)
        if plan.centres is not None:
            centres = list(Organisation.objects.filter(slug__in=plan.centres))
            missing = set(plan.centres) - {o.slug for o in centres}
            if missing:
                item.fault(
                    item.location,
                    "delivering_centres",
                    _("no organisation with the address name %(s)s")
                    % {"s": ", ".join(sorted(missing))},
                )
                return
            data["delivering_centres"] = centres
        try:
            result = sync_offering(
                actor=self.actor,
                actor_label="" if self.actor is not None else ACTOR_LABEL,
                owner=owner,
                identifier=item.identifier,
                data=data,
                status=plan.status,
                cohorts=[
                    CohortSpec(raw.identifier, cdata, groups) for raw, cdata, groups in plan.cohorts
                ],
                summary=_("imported"),
            )
        except SyncRejected as exc:
            self._place_faults(plan, exc)
            return
        outcome = result.outcome
        self.report.created += outcome == "created"
        self.report.updated += outcome == "updated"
        self.report.unchanged += outcome == "unchanged"
        self.report.cohorts_created += result.cohorts_created
        self.report.cohorts_updated += result.cohorts_updated
        self.report.cohorts_unchanged += result.cohorts_unchanged
        self.report.cohorts_removed += result.cohorts_removed

    def _place_faults(self, plan: Plan, exc: SyncRejected) -> None:
        item = plan.item
        cohorts = {raw.identifier: raw for raw, _data, _groups in plan.cohorts}
        for fault in exc.faults:
            if fault.field == "identifier" and fault.cohort is None:
                # Another organisation's offering: a tenant-scope denial (IMP-07).
                log_event(
                    "foreign_object_access",
                    user=self.actor,
                    object_type="catalog.offering",
                    identifier=item.identifier,
                    via="import",
                )
            raw = cohorts.get(fault.cohort or "")
            if raw is None:
                name = _OFFERING_KEYS.get(fault.field, fault.field)
                if fault.field == "cohorts":
                    name = "hasCourseInstance"
                src = plan.item.values.get(name)
                location, label = (src[1], src[2]) if src else (item.location, name)
            else:
                key = _COHORT_KEYS.get(fault.field, fault.field)
                if fault.field == "identifier":
                    key = "cohort_identifier"
                src = raw.values.get(key)
                if src:
                    location, label = src[1], src[2]
                else:
                    label = f"{raw.label}.{fault.field}" if raw.label else fault.field
                    location = raw.location
            item.fault(location, label, fault.message)


class _ItemFailed(Exception):
    pass


def parse(data: bytes, fmt: str) -> list[RawItem]:
    if len(data) > MAX_BYTES:
        raise FileRejected(_("the file is larger than 10 MB"))
    if fmt == "jsonld":
        return parse_jsonld(data)
    if fmt == "csv":
        if data.startswith(b"PK\x03\x04"):
            raise FileRejected(_("the file is a zip archive (XLSX?), not CSV"))
        return parse_csv(data)
    return parse_xlsx(data)


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def _check(
    items: list[RawItem], organisation: Organisation | None, progress: Progress
) -> list[Plan]:
    """Convert every item (reads only), recording faults on the items."""
    seen_offerings: dict[str, int] = {}
    seen_cohorts: dict[str, int] = {}
    plans = []
    total = len(items)
    for done, item in enumerate(items, start=1):
        if item.identifier:
            if item.identifier in seen_offerings:
                item.fault(
                    item.location,
                    "identifier",
                    _("identifier %(id)s appears twice in the file (item %(n)d)")
                    % {"id": item.identifier, "n": seen_offerings[item.identifier]},
                )
            seen_offerings.setdefault(item.identifier, item.number)
        plans.append(convert(item, organisation, seen_cohorts))
        if done % 50 == 0 or done == total:
            progress("checking", done, total)
    return plans


def run_import(
    *,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    organisation: Organisation | None = None,
    actor: Any = None,
    mode: str = "all-or-nothing",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``data``; see the package README. Nothing is written unless ``imported``."""
    progress = progress or _no_progress
    report = ImportReport()
    fmt = fmt or format_from_filename(filename)
    if fmt not in FORMATS:
        report.problems.append(
            Problem(None, "", "", "", _("unknown format; use jsonld, csv or xlsx"))
        )
        return report
    if mode not in MODES:
        raise ValueError(mode)
    progress("reading", 0, 0)
    try:
        items = parse(data, fmt)
    except FileRejected as exc:
        report.problems.append(exc.problem())
        return report
    report.total_items = len(items)
    plans = _check(items, organisation, progress)
    total = len(plans)
    progress("writing", 0, total)
    with transaction.atomic():
        writer = Writer(actor, report)
        for done, plan in enumerate(plans, start=1):
            if not plan.item.problems:
                try:
                    # One savepoint per item: a provider registered for an item that then
                    # fails goes with it (valid-rows mode commits the other items).
                    with transaction.atomic():
                        writer.write(plan, organisation)
                        if plan.item.problems:
                            raise _ItemFailed
                except _ItemFailed:
                    pass
                except PermissionDenied:
                    plan.item.fault(
                        plan.item.location,
                        "",
                        _("you are not an editor of the organisation that owns this offering"),
                    )
                    log_event(
                        "access_denied",
                        user=actor,
                        object_type="catalog.offering",
                        identifier=plan.item.identifier,
                        via="import",
                    )
            if done % 50 == 0 or done == total:
                progress("writing", done, total)
        for item in items:
            report.problems.extend(item.problems)
        report.rejected_items = sum(1 for item in items if item.problems)
        failed = report.rejected_items and mode == "all-or-nothing"
        if failed or dry_run or (report.rejected_items and report.rejected_items == len(items)):
            transaction.set_rollback(True)
            report.imported = False
            return report
        report.imported = True
        batch = ImportBatch.objects.create(
            organisation=organisation,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:255],
            format=fmt,
            sha256=hashlib.sha256(data).hexdigest(),
            mode=mode,
            dry_run=False,
            counts={
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "cohorts_created": report.cohorts_created,
                "cohorts_updated": report.cohorts_updated,
                "cohorts_unchanged": report.cohorts_unchanged,
                "cohorts_removed": report.cohorts_removed,
                "rejected": report.rejected_items,
            },
        )
        report.batch_id = batch.pk
    return report
