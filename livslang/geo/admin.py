"""Reference data is loaded by ``load_geo`` and changed by dated change files, both audited.

The admin shows everything. Only the figures and points of regions and municipalities can be
edited (for units a change file created, which start without population or area); every such
edit is audited. Codes, names, validity and successors change only through change files.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from livslang.audit.services import object_type_of, record
from livslang.geo.models import Country, Municipality, Postcode, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FiguresAdmin(admin.ModelAdmin):
    """Change view for the editable figures; audited, never adds or deletes."""

    editable: tuple[str, ...] = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        names = [f.name for f in self.model._meta.fields if f.name not in self.editable]
        return [n for n in names if n != "id"]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        changes = {
            name: {"old": form.initial.get(name), "new": form.cleaned_data.get(name)}
            for name in form.changed_data
        }
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if changes:
                record(
                    actor=request.user,
                    action="reference_data.edit",
                    object_type=object_type_of(obj),
                    object_id=obj.pk,
                    object_repr=str(obj),
                    changes=changes,
                )


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")


@admin.register(Region)
class RegionAdmin(FiguresAdmin):
    editable = ("population", "label_lat", "label_lon")
    list_display = ("code", "name", "country", "kind", "population", "valid_from", "valid_to")
    list_filter = ("country", "kind", "valid_to")
    search_fields = ("code", "name", "name_official")
    list_select_related = ("country",)


@admin.register(Municipality)
class MunicipalityAdmin(FiguresAdmin):
    editable = (
        "population",
        "area_km2",
        "admin_centre",
        "label_lat",
        "label_lon",
        "settlement_lat",
        "settlement_lon",
    )
    list_display = (
        "code",
        "name",
        "country",
        "region",
        "population",
        "valid_from",
        "valid_to",
        "successor",
    )
    list_filter = ("country", "region", "valid_to")
    search_fields = ("code", "name", "name_official", "admin_centre")
    list_select_related = ("country", "region", "successor")


@admin.register(Postcode)
class PostcodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "country", "municipality", "coord_source", "lat", "lon")
    list_filter = ("country", "coord_source")
    search_fields = ("code", "name", "municipality__name")
    list_select_related = ("country", "municipality")
