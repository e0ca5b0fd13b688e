from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from livslang.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "is_demo")
    list_filter = ("is_staff", "is_active", "is_demo")
    search_fields = ("email", "full_name")
    readonly_fields = ("public_id", "date_joined", "last_login", "is_demo")
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id")}),
        (_("Profile"), {"fields": ("full_name", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "is_demo")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
