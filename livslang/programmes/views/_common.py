"""What the programme views share."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from livslang.accounts.models import User

FORM_METHODS = ["GET", "HEAD", "POST"]


def acting_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def local_today() -> date:
    return timezone.localdate()


def form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"programmes/{template}", context)


def form_fields(form: Any, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """The cleaned data of a model form's own fields (not its many-to-many ones)."""
    return {
        name: form.cleaned_data[name]
        for name in form.Meta.fields
        if name in form.cleaned_data and name not in without
    }
