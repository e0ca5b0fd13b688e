from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokerageConfig(AppConfig):
    name = "livslang.brokerage"
    label = "brokerage"
    verbose_name = _("Brokerage")
