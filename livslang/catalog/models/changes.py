"""The catalogue's change log (see ``livslang.catalog.changes``)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    OFFERING = "offering", _("offering")
    COHORT = "cohort", _("cohort")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    DELETED = "deleted", _("deleted")


class ChangeEvent(models.Model):
    """One entry of the catalogue's change log; ``sequence`` is gap-free in commit order."""

    sequence = models.BigIntegerField(_("sequence number"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=ChangeKind.choices)
    public_id = models.UUIDField(_("public id"), db_index=True)
    action = models.CharField(_("action"), max_length=11, choices=ChangeAction.choices)
    occurred_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("catalogue change")
        verbose_name_plural = _("catalogue changes")
        ordering: ClassVar = ["sequence"]

    def __str__(self) -> str:
        return f"{self.sequence} {self.kind} {self.public_id} {self.action}"


class ChangeCounter(models.Model):
    """A single row holding the last sequence number handed out; see ``catalog.changes``."""

    # Always 1: one row; writers lock it with an UPDATE, which orders them.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("change counter")
        verbose_name_plural = _("change counters")

    def __str__(self) -> str:
        return str(self.value)
