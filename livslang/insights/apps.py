from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "livslang.insights"
    label = "insights"
    verbose_name = _("Regional insight")

    def ready(self) -> None:
        from livslang.catalog import changes
        from livslang.insights import services

        # The worker recomputes the figures after catalogue changes (see services).
        changes.subscribe(services.catalogue_changed)
