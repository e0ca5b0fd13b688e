"""Who may see or change a programme and its parts, for views: one helper per object type.

Built on ``rules``. An object the user may not read answers 404, exactly like one that does
not exist, and the attempt is logged as ``foreign_object_access``; a reader who may not change
it gets 403. A public programme is read by everyone; its private parts (action plans, reports)
by partners only.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livslang.organisations.access import organisation_for_member
from livslang.organisations.models import Membership, Organisation, Role
from livslang.programmes.models import Action, Goal, Initiative, Programme, Track
from livslang.programmes.rules import ProgrammeRoles, roles_in
from livslang.security import log_event

__all__ = [
    "action_for",
    "goal_for",
    "initiative_for",
    "organisation_for_responsibilities",
    "programme_for",
    "track_for",
]

# What the user wants to do with the object.
READ_PUBLIC = "read_public"  # public pages: everyone if the programme is public, else partners
READ = "read"  # partners only (action plans, reports, the overview)
EDIT = "edit"  # goals, measurements, actions: secretariat or the track's owners
ADMIN = "admin"  # the programme's structure and partners: the secretariat


def _authorise(
    user: Any,
    programme: Programme,
    want: str,
    *,
    can_edit: bool,
    object_type: str,
    object_id: Any,
    request: HttpRequest | None,
) -> ProgrammeRoles:
    roles = roles_in(user, programme)
    if want == READ_PUBLIC and programme.is_public:
        return roles
    if not roles.can_read:
        log_event(
            "foreign_object_access",
            request=request,
            user=user if user is not None and user.is_authenticated else None,
            object_type=object_type,
            object_id=str(object_id),
        )
        raise Http404
    if want in (READ, READ_PUBLIC):
        return roles
    allowed = roles.is_admin if want == ADMIN else can_edit
    if not allowed:
        log_event(
            "access_denied",
            request=request,
            user=user,
            object_type=object_type,
            object_id=str(object_id),
        )
        raise PermissionDenied
    return roles


def programme_for(
    user: Any, slug: str, *, want: str, request: HttpRequest | None = None
) -> tuple[Programme, ProgrammeRoles]:
    programme = Programme.objects.select_related("region").filter(slug=slug).first()
    if programme is None:
        raise Http404
    roles = _authorise(
        user,
        programme,
        want,
        can_edit=False,
        object_type="programmes.programme",
        object_id=slug,
        request=request,
    )
    return programme, roles


def track_for(
    user: Any, track_id: uuid.UUID, *, want: str, request: HttpRequest | None = None
) -> tuple[Track, ProgrammeRoles]:
    track = Track.objects.select_related("programme__region").filter(public_id=track_id).first()
    if track is None:
        raise Http404
    roles = roles_in(user, track.programme)
    _authorise(
        user,
        track.programme,
        want,
        can_edit=roles.can_edit_track(track),
        object_type="programmes.track",
        object_id=track_id,
        request=request,
    )
    return track, roles


def goal_for(
    user: Any, goal_id: uuid.UUID, *, want: str, request: HttpRequest | None = None
) -> tuple[Goal, ProgrammeRoles]:
    goal = (
        Goal.objects.select_related("programme__region", "track", "parent")
        .filter(public_id=goal_id)
        .first()
    )
    if goal is None:
        raise Http404
    roles = roles_in(user, goal.programme)
    _authorise(
        user,
        goal.programme,
        want,
        can_edit=roles.can_edit_goal(goal),
        object_type="programmes.goal",
        object_id=goal_id,
        request=request,
    )
    return goal, roles


def action_for(
    user: Any, action_id: uuid.UUID, *, want: str, request: HttpRequest | None = None
) -> tuple[Action, ProgrammeRoles]:
    action = (
        Action.objects.select_related("track__programme", "responsible_organisation")
        .filter(public_id=action_id)
        .first()
    )
    if action is None:
        raise Http404
    roles = roles_in(user, action.track.programme)
    _authorise(
        user,
        action.track.programme,
        want,
        can_edit=roles.can_edit_track(action.track),
        object_type="programmes.action",
        object_id=action_id,
        request=request,
    )
    return action, roles


def initiative_for(
    user: Any, initiative_id: uuid.UUID, *, want: str, request: HttpRequest | None = None
) -> tuple[Initiative, ProgrammeRoles]:
    initiative = (
        Initiative.objects.select_related("programme", "owner")
        .filter(public_id=initiative_id)
        .first()
    )
    if initiative is None:
        raise Http404
    roles = _authorise(
        user,
        initiative.programme,
        want,
        can_edit=False,
        object_type="programmes.initiative",
        object_id=initiative_id,
        request=request,
    )
    return initiative, roles


def organisation_for_responsibilities(
    user: Any, slug: str, *, request: HttpRequest | None = None
) -> tuple[Organisation, Membership]:
    """ "Our responsibilities" is for the organisation's members (any role)."""
    return organisation_for_member(user, slug, at_least=Role.VIEWER, request=request)
