from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "livslang.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from livslang.catalog import changes
        from livslang.matching import indicators, services

        # The worker re-ranks active needs after catalogue changes (see services).
        changes.subscribe(services.catalogue_changed)
        # Programmes count needs met per region (a computed indicator kind).
        indicators.register()
