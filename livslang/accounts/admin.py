from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from livslang.accounts import services
from livslang.accounts.models import User
from livslang.audit.services import object_type_of, record


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "email_verified_at", "is_demo")
    list_filter = ("is_staff", "is_active", "is_demo", "home_country")
    search_fields = ("email", "full_name")
    readonly_fields = ("public_id", "date_joined", "last_login", "is_demo")
    raw_id_fields = ("home_municipality",)
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id", "email_verified_at")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "language",
                    "home_country",
                    "home_municipality",
                    "home_postcode",
                )
            },
        ),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "is_demo")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        """Deactivation and the administrator role go through the audited services."""
        if not change:
            super().save_model(request, obj, form, change)
            record(
                actor=request.user,
                action="user.create",
                object_type=object_type_of(obj),
                object_id=str(obj.public_id),
                object_repr=obj.email,
                summary="created in the administration",
            )
            return
        stored = User.objects.get(pk=obj.pk)
        wanted_active, wanted_staff, wanted_superuser = (
            obj.is_active,
            obj.is_staff,
            obj.is_superuser,
        )
        obj.is_active, obj.is_staff, obj.is_superuser = (
            stored.is_active,
            stored.is_staff,
            stored.is_superuser,
        )
        super().save_model(request, obj, form, change)
        if wanted_active != stored.is_active:
            if wanted_active:
                services.reactivate_user(actor=request.user, user=obj)
            else:
                services.deactivate_user(actor=request.user, user=obj)
        services.set_platform_roles(
            actor=request.user, user=obj, is_staff=wanted_staff, is_superuser=wanted_superuser
        )
        obj.refresh_from_db()
