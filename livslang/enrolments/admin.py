from __future__ import annotations

from django.contrib import admin

from livslang.enrolments.models import Enrolment, Pledge, PreRegistration, SavedSearch


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    """Read-mostly: seats and waitlists change only through the sign-up services, which keep
    the cohort's counter right."""

    list_display = ("cohort", "learner", "status", "waitlist_ticket", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("cohort", "learner")
    readonly_fields = (
        "public_id",
        "cohort",
        "learner",
        "status",
        "waitlist_ticket",
        "promoted",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "anonymised_at",
    )


@admin.register(PreRegistration)
class PreRegistrationAdmin(admin.ModelAdmin[PreRegistration]):
    list_display = ("cohort", "learner", "created_at", "withdrawn_at")
    raw_id_fields = ("cohort", "learner")
    readonly_fields = ("public_id", "cohort", "learner", "created_at", "withdrawn_at")


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin[SavedSearch]):
    """Read-only: a person's saved searches change only through their own pages."""

    list_display = ("name", "user", "offering", "created_at", "last_sent_at", "unsubscribed_at")
    raw_id_fields = ("user", "offering")
    readonly_fields = (
        "public_id",
        "user",
        "offering",
        "name",
        "query",
        "created_at",
        "checked_until",
        "last_sent_at",
        "unsubscribed_at",
    )


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin[Pledge]):
    """Read-only: pledges change through the pledge services (audited)."""

    list_display = ("organisation", "cohort", "participants", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("organisation", "cohort", "need", "pledged_by")
    readonly_fields = (
        "public_id",
        "organisation",
        "cohort",
        "participants",
        "need",
        "status",
        "pledged_by",
        "created_at",
        "withdrawn_at",
    )
