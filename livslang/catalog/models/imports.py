"""Imports of offering files: committed batches and the upload page's queued jobs."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One successful (committed) import of a file of offerings; see ``catalog.imports``."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=6)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    mode = models.CharField(_("mode"), max_length=16)
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering: ClassVar = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class ImportStage(models.TextChoices):
    CHECK_QUEUED = "check_queued", _("waiting to be checked")
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked")
    IMPORT_QUEUED = "import_queued", _("waiting to be imported")
    IMPORTING = "importing", _("being imported")
    IMPORTED = "imported", _("imported")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """A file uploaded on the import page, checked (dry run) and then imported by the worker.

    The file's bytes live here, not on a disk, so the worker that runs the job can be on
    another machine; they are cleared when the job ends. ``step``/``done``/``total`` are the
    progress the page polls; ``report`` is the importer's report as data.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=6)
    mode = models.CharField(_("mode"), max_length=16)
    # The uploader's language: the worker writes the report in it.
    language = models.CharField(_("language"), max_length=8)
    content = models.BinaryField(_("content"), blank=True, editable=False)
    stage = models.CharField(
        _("stage"), max_length=16, choices=ImportStage.choices, default=ImportStage.CHECK_QUEUED
    )
    step = models.CharField(_("step"), max_length=10, blank=True)
    done = models.PositiveIntegerField(_("items done"), default=0)
    total = models.PositiveIntegerField(_("items in all"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering: ClassVar = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_stage_display()})"

    @property
    def is_running(self) -> bool:
        return self.stage in RUNNING_STAGES


RUNNING_STAGES = frozenset(
    {
        ImportStage.CHECK_QUEUED,
        ImportStage.CHECKING,
        ImportStage.IMPORT_QUEUED,
        ImportStage.IMPORTING,
    }
)
