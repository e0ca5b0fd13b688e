from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from livslang.audit.services import record
from livslang.insights import statistics
from livslang.insights.models import Period, StatisticsHost, StatisticsSeries
from livslang.insights.services import request_refresh


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin[Period]):
    list_display = ("start", "end", "computed_at")
    readonly_fields = ("computed_at",)


@admin.register(StatisticsHost)
class StatisticsHostAdmin(admin.ModelAdmin[StatisticsHost]):
    list_display = ("host", "note")


@admin.register(StatisticsSeries)
class StatisticsSeriesAdmin(admin.ModelAdmin[StatisticsSeries]):
    """Link a series to a programme indicator (which then takes its measurements from it), or
    mark it as the population series for the per-capita figures."""

    list_display = ("label", "source", "updated", "is_population", "indicator")
    list_filter = ("is_population", "source")
    search_fields = ("label", "source", "slug")
    raw_id_fields = ("indicator",)
    readonly_fields = ("slug", "source", "label", "updated", "categories", "imported_at")
    fields = (
        "label",
        "slug",
        "source",
        "updated",
        "categories",
        "imported_at",
        "is_population",
        "indicator",
        "indicator_area",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # series come from import_statistics

    def save_model(
        self, request: HttpRequest, obj: StatisticsSeries, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action="statistics.series_changed",
            object_type="insights.statisticsseries",
            object_id=str(obj.pk),
            object_repr=obj.label[:200],
            changes={k: str(form.cleaned_data.get(k)) for k in form.changed_data},
        )
        statistics.apply_series(obj, actor=request.user)
        if "is_population" in form.changed_data:
            request_refresh()
