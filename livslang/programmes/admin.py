"""Django admin for platform administrators: programmes are read-only here.

Every change goes through ``livslang.programmes.services`` so that it is validated and audited;
the secretariat and the track owners work on the product pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from livslang.programmes.models import (
    Action,
    Agreement,
    CoordinationGroup,
    Experience,
    Goal,
    Initiative,
    Measurement,
    Meeting,
    Programme,
    Track,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("name", "region", "start_date", "end_date", "status", "is_public")
    list_filter = ("status", "is_public", "is_demo")
    search_fields = ("name", "slug")


@admin.register(Track)
class TrackAdmin(ReadOnlyAdmin):
    list_display = ("name", "programme", "tag")
    list_select_related = ("programme",)
    search_fields = ("name",)


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ("name", "programme", "track", "parent", "weight")
    list_select_related = ("programme", "track", "parent")
    search_fields = ("name",)


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "measured_on", "value", "source")
    list_filter = ("source",)
    list_select_related = ("indicator",)


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("title", "track", "responsible_organisation", "due_date", "status")
    list_filter = ("status",)
    list_select_related = ("track", "responsible_organisation")
    search_fields = ("title",)


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ("name", "programme", "owner", "started_on", "is_new")
    list_select_related = ("programme", "owner")


@admin.register(CoordinationGroup)
class CoordinationGroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "programme")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "group", "held_on")
    list_filter = ("group",)


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("title", "signed_on", "is_public")


@admin.register(Experience)
class ExperienceAdmin(ReadOnlyAdmin):
    list_display = ("title", "programme", "author_organisation", "created_at")
    list_filter = ("programme",)
    search_fields = ("title",)
