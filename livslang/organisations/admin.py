"""Django admin for platform administrators. Changes made here are audited too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from livslang.audit.services import record
from livslang.organisations.models import CentreProfile, Invitation, Membership, Organisation
from livslang.organisations.services import OBJECT_TYPE


def _audit_admin_change(
    request: HttpRequest, organisation: Organisation, action: str, changed: list[str]
) -> None:
    record(
        actor=request.user,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(organisation.public_id),
        object_repr=organisation.name,
        changes={"fields": changed},
        summary="Django admin",
    )


class AuditedAdmin(admin.ModelAdmin):
    def _organisation(self, obj: Any) -> Organisation:
        return obj if isinstance(obj, Organisation) else obj.organisation

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "admin_change" if change else "admin_add"
        _audit_admin_change(
            request,
            self._organisation(obj),
            f"organisation.{verb}",
            [f"{obj._meta.model_name}.{field}" for field in form.changed_data],
        )

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm,
        formset: Any,
        change: bool,
    ) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            _audit_admin_change(
                request,
                self._organisation(form.instance),
                "organisation.admin_change",
                [str(formset.model._meta.model_name)],
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        organisation = self._organisation(obj)
        label = f"{obj._meta.model_name}: {obj}"
        super().delete_model(request, obj)
        if not isinstance(obj, Organisation):
            _audit_admin_change(request, organisation, "organisation.admin_delete", [label])


class CentreProfileInline(admin.StackedInline):
    model = CentreProfile
    extra = 0
    filter_horizontal = ("municipalities_served", "partner_providers")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("public_id", "created_at")


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = (
        "name",
        "kind",
        "country",
        "home_municipality",
        "status",
        "imported",
        "is_demo",
    )
    list_filter = ("status", "kind", "country", "imported", "is_demo")
    search_fields = ("name", "slug")
    readonly_fields = (
        "public_id",
        "requested_by",
        "decided_by",
        "decided_at",
        "is_demo",
        "created_at",
        "updated_at",
    )
    raw_id_fields = ("home_municipality",)
    inlines = (CentreProfileInline, MembershipInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "country", "home_municipality", "public_id")}),
        (
            _("Profile"),
            {"fields": ("website", "description", "description_language")},
        ),
        (
            _("Approval"),
            {
                "fields": (
                    "status",
                    "requested_by",
                    "decided_by",
                    "decided_at",
                    "rejection_reason",
                )
            },
        ),
        (_("Record"), {"fields": ("is_demo", "created_at", "updated_at")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The address of an existing organisation never changes.
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "slug") if obj is not None else fields


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "organisation__name")
    raw_id_fields = ("user", "organisation")
    readonly_fields = ("public_id", "created_at")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made and answered on the organisation's own pages."""

    list_display = ("email", "organisation", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "organisation__name")
    exclude = ("token_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
