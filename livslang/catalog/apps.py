from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from livslang.geo.models import Municipality


def _repoint_municipality(old: Municipality, new: Municipality) -> None:
    from livslang.catalog.services import repoint_municipality

    repoint_municipality(old=old, new=new)


class CatalogConfig(AppConfig):
    name = "livslang.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from livslang.catalog.services import organisation_renamed
        from livslang.geo.services import register_municipality_repointer
        from livslang.organisations.services import register_rename_listener

        # A municipal merge moves cohorts and local study groups to the successor.
        register_municipality_repointer(_repoint_municipality)
        # A renamed provider or centre: its offerings are shown (and searched) with the name.
        register_rename_listener(organisation_renamed)
