"""The upload page's imports, run by the task worker: check (dry run) first, then import.

A job keeps the uploaded bytes in the database (the worker may run on another machine) until
it ends or its check goes stale. Its progress (step, items done, items in all) is written
with plain UPDATEs outside the import's transaction, so the page's poll sees it; while the
import's own transaction writes, the page shows the "writing" step until it commits.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from livslang.accounts.models import User
from livslang.audit.services import record
from livslang.catalog.imports.importer import FORMATS, MODES, run_import
from livslang.catalog.imports.report import ImportReport, Problem
from livslang.catalog.models import ImportJob, ImportStage
from livslang.organisations.models import Organisation
from livslang.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

# A checked file waits this long for its confirmation, then its bytes are dropped.
CONFIRM_WITHIN = timedelta(hours=1)
OBJECT_TYPE = "catalog.importjob"


def report_data(report: ImportReport) -> dict[str, Any]:
    """The report as JSON-friendly data for the job row."""
    data = asdict(report)
    data["rejection_line"] = report.rejection_line() if report.problems else ""
    return data


_REPORT_FIELDS = frozenset(ImportReport.__dataclass_fields__)


def report_from(data: dict[str, Any]) -> ImportReport:
    """The stored report back as an ``ImportReport`` (its problems as ``Problem``)."""
    fields = {k: v for k, v in data.items() if k in _REPORT_FIELDS}
    problems = [Problem(**p) for p in fields.pop("problems", [])]
    return ImportReport(**fields, problems=problems)


def would_import(report: ImportReport, mode: str) -> bool:
    """Whether importing a checked file would write anything (a dry run never ``imported``)."""
    if not report.problems:
        return True
    whole_file = any(p.item is None for p in report.problems)
    return (
        mode == "valid-rows" and not whole_file and 0 < report.rejected_items < report.total_items
    )


def can_confirm(job: ImportJob) -> bool:
    return (
        job.stage == ImportStage.CHECKED
        and bool(job.content)
        and job.updated_at >= timezone.now() - CONFIRM_WITHIN
        and would_import(report_from(job.report), job.mode)
    )


def expire_stale_jobs() -> int:
    """Drop the bytes of checked files nobody confirmed in time; returns how many."""
    cutoff = timezone.now() - CONFIRM_WITHIN
    return (
        ImportJob.objects.filter(stage=ImportStage.CHECKED, updated_at__lt=cutoff)
        .exclude(content=b"")
        .update(content=b"")
    )


@transaction.atomic
def start_check(
    *,
    actor: User,
    organisation: Organisation,
    filename: str,
    fmt: str,
    mode: str,
    content: bytes,
    language: str,
) -> ImportJob:
    """Queue a dry run of an uploaded file; the worker checks it and stores the report."""
    if fmt not in FORMATS or mode not in MODES:
        raise ValidationError(_("Unknown file format or import mode."))
    expire_stale_jobs()
    job = ImportJob(
        organisation=organisation,
        actor=actor,
        filename=filename,
        format=fmt,
        mode=mode,
        content=content,
        language=language,
    )
    job.full_clean(exclude=["content"])
    job.save()
    enqueue_on_commit(run_import_job, job_id=str(job.public_id))
    return job


@transaction.atomic
def confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Queue the real import of a checked file (only its uploader, only while it is fresh)."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.actor_id != actor.pk or not can_confirm(locked):
        raise ValidationError(_("This file can no longer be imported. Upload it again."))
    locked.stage = ImportStage.IMPORT_QUEUED
    locked.step, locked.done = "", 0
    locked.save(update_fields=["stage", "step", "done", "updated_at"])
    record(
        actor=actor,
        action="import.confirm",
        object_type=OBJECT_TYPE,
        object_id=str(locked.public_id),
        object_repr=locked.filename,
    )
    enqueue_on_commit(run_import_job, job_id=str(locked.public_id))
    return locked


def _progress(job: ImportJob) -> Any:
    def update(step: str, done: int, total: int) -> None:
        if step == "writing" and done:
            return  # inside the import's transaction: nobody else would see it
        ImportJob.objects.filter(pk=job.pk).update(
            step=step, done=done, total=total, updated_at=timezone.now()
        )

    return update


def _claim(job_id: str) -> ImportJob | None:
    """Move a queued job to its running stage; None if it is not queued (already run)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .select_related("organisation", "actor")
            .filter(public_id=job_id)
            .first()
        )
        if job is None or job.stage not in (ImportStage.CHECK_QUEUED, ImportStage.IMPORT_QUEUED):
            return None
        job.stage = (
            ImportStage.CHECKING if job.stage == ImportStage.CHECK_QUEUED else ImportStage.IMPORTING
        )
        job.save(update_fields=["stage", "updated_at"])
    return job


def execute(job_id: str) -> ImportJob | None:
    """Run a queued job's check or import (what the task does)."""
    job = _claim(job_id)
    if job is None:
        return None
    checking = job.stage == ImportStage.CHECKING
    try:
        with translation.override(job.language):
            report = run_import(
                data=bytes(job.content),
                filename=job.filename,
                fmt=job.format,
                organisation=job.organisation,
                actor=job.actor,
                mode=job.mode,
                dry_run=checking,
                progress=_progress(job),
            )
            data = report_data(report)
    except Exception:
        logger.exception("import job %s failed", job.public_id)
        job.stage = ImportStage.FAILED
        job.content = b""
        job.save(update_fields=["stage", "content", "updated_at"])
        return job
    job.report = data
    job.step = ""
    if checking:
        job.stage = ImportStage.CHECKED
        if not would_import(report, job.mode):
            job.content = b""
    else:
        job.stage = ImportStage.IMPORTED if report.imported else ImportStage.REFUSED
        job.content = b""
        job.batch_id = report.batch_id
    job.save(update_fields=["stage", "step", "report", "content", "batch", "updated_at"])
    return job


@task()
def run_import_job(*, job_id: str) -> str:
    job = execute(job_id)
    return job.stage if job is not None else "skipped"
