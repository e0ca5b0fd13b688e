"""Who may see or change a competence need: the only place that decides.

* A public need is read by anyone; a private one by the person who registered it, members of
  its organisation, members of education centres serving its municipality, and platform
  administrators. Anyone else gets 404 (logged as ``foreign_object_access``).
* A need is changed by the person who registered it and by editors and administrators of its
  organisation (others who may read it get 403).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livslang.needs.models import Need, Visibility
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Role
from livslang.security import log_event


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated


def _may_edit(user: Any, need: Need) -> bool:
    if not _signed_in(user):
        return False
    if need.registered_by_id == user.pk and need.organisation_id is None:
        return True
    if need.organisation is None:
        return False
    role = org_queries.role_in(user, need.organisation)
    return role is not None and Role(role).covers(Role.EDITOR)


def _may_read(user: Any, need: Need) -> bool:
    if need.visibility == Visibility.PUBLIC:
        return True
    if not _signed_in(user):
        return False
    if user.is_superuser or need.registered_by_id == user.pk:
        return True
    if need.organisation is not None and org_queries.role_in(user, need.organisation):
        return True
    return need.municipality_id is not None and org_queries.serves_municipality(
        user, need.municipality_id
    )


def _load(need_id: uuid.UUID) -> Need | None:
    return (
        Need.objects.select_related("organisation", "municipality__region", "registered_by")
        .filter(public_id=need_id)
        .first()
    )


def need_for_viewing(user: Any, need_id: uuid.UUID, request: HttpRequest | None = None) -> Need:
    need = _load(need_id)
    if need is None or not _may_read(user, need):
        log_event(
            "foreign_object_access",
            request=request,
            user=user if _signed_in(user) else None,
            object_type="needs.need",
            identifier=str(need_id),
        )
        raise Http404
    return need


def need_for_editing(user: Any, need_id: uuid.UUID, request: HttpRequest | None = None) -> Need:
    need = need_for_viewing(user, need_id, request)
    if not _may_edit(user, need):
        log_event(
            "access_denied",
            request=request,
            user=user if _signed_in(user) else None,
            object_type="needs.need",
            identifier=str(need_id),
        )
        raise PermissionDenied
    return need


def may_edit(user: Any, need: Need) -> bool:
    return _may_edit(user, need)
