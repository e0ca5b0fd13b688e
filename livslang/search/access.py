"""Who may read the search log: members (any role) of an approved education centre."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from livslang.organisations.models import Kind, Role
from livslang.organisations.queries import organisations_where


def require_centre_staff(user: Any) -> None:
    """The search-log page does not exist (404) for anyone but centre staff."""
    if not (user is not None and user.is_authenticated):
        raise Http404
    if not organisations_where(user, at_least=Role.VIEWER).filter(kind=Kind.CENTRE).exists():
        raise Http404
