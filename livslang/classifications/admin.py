"""Classifications are reference data from shipped files: the admin shows them, nobody edits."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from livslang.classifications.models import IscedField, NusCode


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IscedField)
class IscedFieldAdmin(ReadOnlyAdmin):
    list_display = ("code", "level", "name_en", "name_nb", "name_da", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_en", "name_nb", "name_da")
    list_select_related = ("parent",)


@admin.register(NusCode)
class NusCodeAdmin(ReadOnlyAdmin):
    list_display = ("dimension", "code", "name_nb", "note_nb")
    list_filter = ("dimension",)
    search_fields = ("code", "name_nb")
