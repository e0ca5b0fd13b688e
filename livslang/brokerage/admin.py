from __future__ import annotations

from django.contrib import admin

from livslang.brokerage.models import CohortProposal, CourseRequest, CourseRequestEvent


class CourseRequestEventInline(admin.TabularInline[CourseRequestEvent, CourseRequest]):
    model = CourseRequestEvent
    extra = 0
    readonly_fields = ("status", "organisation", "actor", "note", "at")
    can_delete = False


@admin.register(CourseRequest)
class CourseRequestAdmin(admin.ModelAdmin[CourseRequest]):
    """Read-mostly: requests move through the brokerage services (audited, with history)."""

    list_display = ("offering", "centre", "provider", "status", "start_date")
    list_filter = ("status", "kind")
    raw_id_fields = ("centre", "provider", "offering", "municipality", "cohort", "created_by")
    filter_horizontal = ("needs",)
    readonly_fields = ("public_id", "status", "cohort", "created_at", "updated_at")
    inlines = (CourseRequestEventInline,)


@admin.register(CohortProposal)
class CohortProposalAdmin(admin.ModelAdmin[CohortProposal]):
    list_display = ("centre", "cohort", "topic", "municipality", "created_at")
    raw_id_fields = ("centre", "cohort", "municipality", "created_by")
    readonly_fields = ("public_id", "created_at")
