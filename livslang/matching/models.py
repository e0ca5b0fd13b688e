"""Stored matches: the current ranking of each need and a summary of every recomputation.

Reasons are stored as codes with parameters (``constraints.Reason``) and rendered in the
viewer's language when shown.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


def _empty_list() -> list:
    return []


class MatchRun(models.Model):
    """One recomputation of a need's matches: when, why, and what it found."""

    need = models.ForeignKey(
        "needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="match_runs"
    )
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    # The catalogue change-log position the run saw (0: none yet).
    catalogue_sequence = models.BigIntegerField(_("catalogue position"), default=0)
    gap = models.BooleanField(_("gap"), default=False)
    relevant_count = models.PositiveIntegerField(_("relevant offerings"), default=0)
    fitting_count = models.PositiveIntegerField(_("relevant offerings with a fitting cohort"))
    best_offering_title = models.CharField(_("best offering"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering: ClassVar = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.need_id} {self.computed_at:%Y-%m-%d %H:%M}"


class Match(models.Model):
    """An offering (with its best cohort) on a need's current list."""

    need = models.ForeignKey(
        "needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="matches"
    )
    run = models.ForeignKey(
        MatchRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="matches"
    )
    rank = models.PositiveIntegerField(_("rank"))
    offering = models.ForeignKey(
        "catalog.Offering", verbose_name=_("offering"), on_delete=models.CASCADE, related_name="+"
    )
    cohort = models.ForeignKey(
        "catalog.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("score"))
    relevance = models.FloatField(_("relevance"))
    fits = models.BooleanField(_("fits"))
    reasons = models.JSONField(_("reasons"), default=_empty_list)
    concepts = models.JSONField(_("topics in common"), default=_empty_list)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering: ClassVar = ["need", "rank"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["need", "rank"], name="matching_one_match_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} #{self.rank}"


class MatchingCursor(models.Model):
    """The catalogue change-log position the worker has matched up to (a single row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(_("catalogue position"), default=0)

    class Meta:
        verbose_name = _("matching cursor")
        verbose_name_plural = _("matching cursors")

    def __str__(self) -> str:
        return str(self.sequence)
