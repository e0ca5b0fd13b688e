from django.contrib import admin

from livslang.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "scope", "prefix", "created_at", "last_used_at")
    list_filter = ("scope",)
    readonly_fields = ("prefix", "digest", "created_by", "created_at", "last_used_at")
    search_fields = ("name", "prefix", "organisation__name")
