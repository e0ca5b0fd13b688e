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

from livslang.geo.models import Region
from livslang.organisations.access import organisation_for_member
from livslang.organisations.models import Membership, Organisation, Role
from livslang.programmes import matrix, rules
from livslang.programmes.models import (
    Action,
    Agreement,
    CoordinationGroup,
    Evidence,
    Experience,
    Goal,
    Initiative,
    Meeting,
    Programme,
    Track,
)
from livslang.programmes.rules import AgreementRoles, ProgrammeRoles, roles_in
from livslang.security import log_event

__all__ = [
    "action_for",
    "agreement_for",
    "agreement_region_for",
    "evidence_for",
    "experience_for",
    "follow_up_for",
    "goal_for",
    "group_for",
    "initiative_for",
    "meeting_for",
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
        .filter(public_id=action_id, track__isnull=False)
        .first()
    )
    if action is None:
        raise Http404
    assert action.track is not None
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


def _refuse(user: Any, object_type: str, object_id: Any, request: HttpRequest | None) -> None:
    log_event(
        "foreign_object_access",
        request=request,
        user=user if user is not None and user.is_authenticated else None,
        object_type=object_type,
        object_id=str(object_id),
    )
    raise Http404


def _deny(user: Any, object_type: str, object_id: Any, request: HttpRequest | None) -> None:
    log_event(
        "access_denied",
        request=request,
        user=user,
        object_type=object_type,
        object_id=str(object_id),
    )
    raise PermissionDenied


def group_for(
    user: Any, slug: str, *, want: str, request: HttpRequest | None = None
) -> tuple[CoordinationGroup, ProgrammeRoles, bool]:
    """The programme's coordination group, the user's roles and whether they are a member
    (``group_member``: may write meetings and decisions). ``want`` READ_PUBLIC or EDIT."""
    group = (
        CoordinationGroup.objects.select_related("programme__region")
        .filter(programme__slug=slug)
        .first()
    )
    if group is None:
        raise Http404
    is_member = rules.is_group_member(user, group)
    roles = _group_authorise(
        user, group, want, is_member, "programmes.coordinationgroup", slug, request
    )
    return group, roles, is_member


def _group_authorise(
    user: Any,
    group: CoordinationGroup,
    want: str,
    is_member: bool,
    object_type: str,
    object_id: Any,
    request: HttpRequest | None,
) -> ProgrammeRoles:
    roles = roles_in(user, group.programme)
    if not (roles.can_read or is_member or (want == READ_PUBLIC and group.programme.is_public)):
        _refuse(user, object_type, object_id, request)
    if want == EDIT and not is_member:
        _deny(user, object_type, object_id, request)
    return roles


def meeting_for(
    user: Any, meeting_id: uuid.UUID, *, want: str, request: HttpRequest | None = None
) -> tuple[Meeting, ProgrammeRoles, bool]:
    meeting = (
        Meeting.objects.select_related("group__programme").filter(public_id=meeting_id).first()
    )
    if meeting is None:
        raise Http404
    is_member = rules.is_group_member(user, meeting.group)
    roles = _group_authorise(
        user, meeting.group, want, is_member, "programmes.meeting", meeting_id, request
    )
    return meeting, roles, is_member


def _can_read_follow_up(user: Any, action: Action) -> bool:
    if rules.can_update_follow_up(user, action):
        return True
    if action.decision_id is not None and action.decision is not None:
        return roles_in(user, action.decision.meeting.group.programme).can_read
    if action.commitment_id is not None and action.commitment is not None:
        return rules.agreement_roles(user, action.commitment.agreement).is_party
    return False


def follow_up_for(user: Any, action_id: uuid.UUID, *, request: HttpRequest | None = None) -> Action:
    """A decision's follow-up or an agreement's regional action, for changing its status or
    adding evidence: 404 for those who may not read it, 403 for readers who may not change it."""
    action = (
        Action.objects.select_related(
            "responsible_organisation",
            "decision__meeting__group__programme",
            "commitment__agreement",
            "region",
        )
        .filter(public_id=action_id, track__isnull=True)
        .first()
    )
    if action is None:
        raise Http404
    if not _can_read_follow_up(user, action):
        _refuse(user, "programmes.action", action_id, request)
    if not rules.can_update_follow_up(user, action):
        _deny(user, "programmes.action", action_id, request)
    return action


def agreement_for(
    user: Any, slug: str, *, request: HttpRequest | None = None
) -> tuple[Agreement, AgreementRoles]:
    """Read an agreement: everyone if it is public, else its parties' members."""
    agreement = Agreement.objects.filter(slug=slug).first()
    if agreement is None:
        raise Http404
    roles = rules.agreement_roles(user, agreement)
    if not (agreement.is_public or roles.is_party):
        _refuse(user, "programmes.agreement", slug, request)
    return agreement, roles


def agreement_region_for(
    user: Any, slug: str, code: str, *, want: str, request: HttpRequest | None = None
) -> tuple[Agreement, Region, AgreementRoles]:
    """A region's follow-up of an agreement; EDIT for the parties following that region up."""
    agreement, roles = agreement_for(user, slug, request=request)
    region = next((r for r in matrix.regions_of(agreement) if r.code == code), None)
    if region is None:
        raise Http404
    if want == EDIT and not roles.can_edit_region(region.pk):
        if not roles.is_party:
            _refuse(user, "programmes.agreement", slug, request)
        _deny(user, "programmes.agreement", f"{slug}/{code}", request)
    return agreement, region, roles


def experience_for(
    user: Any, experience_id: uuid.UUID, *, want: str, request: HttpRequest | None = None
) -> tuple[Experience, ProgrammeRoles]:
    """READ_PUBLIC: everyone for a public programme, else partners; READ (commenting):
    partners only."""
    experience = (
        Experience.objects.select_related("programme", "author_organisation")
        .filter(public_id=experience_id)
        .first()
    )
    if experience is None:
        raise Http404
    roles = _authorise(
        user,
        experience.programme,
        READ_PUBLIC,
        can_edit=False,
        object_type="programmes.experience",
        object_id=experience_id,
        request=request,
    )
    if want == READ and not roles.can_read:
        _deny(user, "programmes.experience", experience_id, request)
    return experience, roles


def evidence_for(
    user: Any, evidence_id: uuid.UUID, *, request: HttpRequest | None = None
) -> Evidence:
    """Read a piece of evidence (its document): whoever reads the agreement or the programme
    the follow-up belongs to."""
    evidence = (
        Evidence.objects.select_related(
            "action__decision__meeting__group__programme", "action__commitment__agreement"
        )
        .filter(public_id=evidence_id)
        .first()
    )
    if evidence is None:
        raise Http404
    action = evidence.action
    if action.commitment is not None:
        agreement = action.commitment.agreement
        allowed = agreement.is_public or rules.agreement_roles(user, agreement).is_party
    elif action.decision is not None:
        group = action.decision.meeting.group
        allowed = (
            group.programme.is_public
            or roles_in(user, group.programme).can_read
            or rules.is_group_member(user, group)
        )
    else:
        allowed = False
    if not allowed:
        _refuse(user, "programmes.evidence", evidence_id, request)
    return evidence
