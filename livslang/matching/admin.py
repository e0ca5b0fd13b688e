from __future__ import annotations

from django.contrib import admin

from livslang.matching.models import Match, MatchRun


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("need", "computed_at", "gap", "relevant_count", "fitting_count")
    list_filter = ("gap",)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ("need", "rank", "offering", "cohort", "score", "fits")
    list_filter = ("fits",)
