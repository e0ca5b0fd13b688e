from __future__ import annotations

from django.contrib import admin

from livslang.needs.models import Need, NeedEvent


class NeedEventInline(admin.TabularInline):
    model = NeedEvent
    extra = 0
    readonly_fields = ("kind", "status", "actor", "at")
    can_delete = False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "visibility", "participants", "created_at")
    list_filter = ("status", "visibility", "country")
    search_fields = ("title", "text")
    readonly_fields = ("public_id", "latitude", "longitude", "municipality", "currency")
    inlines = (NeedEventInline,)
