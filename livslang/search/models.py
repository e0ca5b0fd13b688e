"""The anonymous search log: settled searches, scrubbed, with a municipality-level place.

No visitor identifier is stored: duplicates are suppressed with a key that lives only in the
cache (see ``services.record_search``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchLogEntry(models.Model):
    """One settled search: the words and filters someone looked for and how much they found."""

    searched_on = models.DateField(_("date"), db_index=True)
    query = models.CharField(_("words"), max_length=200, blank=True, db_index=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result_count = models.PositiveIntegerField(_("results"))
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("search log entry")
        verbose_name_plural = _("search log entries")
        ordering: ClassVar = ["-searched_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.searched_on} {self.query!r} ({self.result_count})"
