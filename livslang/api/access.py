"""Who may manage an organisation's API tokens: its administrators (others: 404, logged)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest

from livslang.api.models import ApiToken
from livslang.organisations.access import organisation_for_member
from livslang.organisations.models import Membership, Organisation, Role


def organisation_for_tokens(
    user: Any, slug: str, request: HttpRequest | None = None
) -> tuple[Organisation, Membership]:
    return organisation_for_member(user, slug, at_least=Role.ADMIN, request=request)


def token_of(organisation: Organisation, token_id: uuid.UUID) -> ApiToken:
    """A token of ``organisation`` (after ``organisation_for_tokens``); 404 otherwise."""
    token = ApiToken.objects.filter(organisation=organisation, public_id=token_id).first()
    if token is None:
        raise Http404
    return token
