from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentsConfig(AppConfig):
    name = "livslang.enrolments"
    label = "enrolments"
    verbose_name = _("Enrolments")

    def ready(self) -> None:
        from livslang.enrolments import indicators

        # Programmes count sign-ups in a track's offerings (a computed indicator kind).
        indicators.register()
