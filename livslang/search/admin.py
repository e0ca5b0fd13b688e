from django.contrib import admin

from livslang.search.models import SearchLogEntry


@admin.register(SearchLogEntry)
class SearchLogEntryAdmin(admin.ModelAdmin):
    list_display = ("searched_on", "query", "municipality", "result_count")
    list_filter = ("searched_on",)
    search_fields = ("query",)
    readonly_fields = ("searched_on", "query", "filters", "municipality", "result_count")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
