"""Access checks shared by every app. Object-type helpers live in each app's access.py."""

from __future__ import annotations

from typing import Any

from django.http import Http404


def is_platform_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def require_platform_admin(user: Any) -> None:
    """Platform pages do not exist for anyone else (404, not 403: nothing to probe for)."""
    if not is_platform_admin(user):
        raise Http404
