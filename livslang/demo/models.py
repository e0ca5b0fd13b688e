"""Remembers which day the demo world was dated from, so it can be re-dated in place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoWorld(models.Model):
    # A single row (id=1); the world's dates are all relative to ``today``.
    today = models.DateField(_("dated from"))
    built_at = models.DateTimeField(_("built at"), auto_now=True)

    class Meta:
        verbose_name = _("demo world")
        verbose_name_plural = _("demo world")

    def __str__(self) -> str:
        return f"Demo world dated from {self.today:%Y-%m-%d}"
