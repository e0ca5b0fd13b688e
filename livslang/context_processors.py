"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "operator_name": settings.OPERATOR_NAME,
        "contact_email": settings.CONTACT_EMAIL,
    }
