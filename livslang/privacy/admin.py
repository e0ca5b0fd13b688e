from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from livslang.privacy.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin[AccessLogEntry]):
    """Read-only for everyone, superusers included: the log is evidence."""

    list_display = ("occurred_at", "actor_label", "organisation_label", "purpose", "subject")
    list_filter = ("purpose",)
    search_fields = ("actor_label", "organisation_label", "subject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
