from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from livslang.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody, not even a superuser, edits or deletes the audit log."""

    list_display = ("created_at", "actor_label", "action", "object_type", "object_repr", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_repr", "object_id", "summary")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
