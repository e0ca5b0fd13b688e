from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentsConfig(AppConfig):
    name = "livslang.enrolments"
    label = "enrolments"
    verbose_name = _("Enrolments")
