"""Django admin for platform administrators: the catalogue is read-only here.

Every catalogue write must go through ``livslang.catalog.services`` so that it is validated,
audited and recorded in the change log; staff edit on the product pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from livslang.catalog.models import ChangeEvent, Cohort, LocalStudyGroup, Offering


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Offering)
class OfferingAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner", "provider", "language", "status", "published_at")
    list_filter = ("status", "language", "is_demo")
    search_fields = ("title", "public_id")
    list_select_related = ("owner", "provider")


class StudyGroupInline(admin.TabularInline):
    model = LocalStudyGroup
    extra = 0
    fields = ("centre", "municipality", "room", "schedule_text")


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdmin):
    list_display = (
        "offering",
        "mode",
        "municipality",
        "start_date",
        "status",
        "seats",
        "confirmed_count",
    )
    list_filter = ("status", "mode", "country", "enrolment_method")
    search_fields = ("offering__title", "public_id")
    list_select_related = ("offering", "municipality")
    inlines = (StudyGroupInline,)


@admin.register(ChangeEvent)
class ChangeEventAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "kind", "public_id", "action", "occurred_at")
    list_filter = ("kind", "action")
