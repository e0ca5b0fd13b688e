"""Who holds which programme role (domain rules, no HTTP; ``access`` turns them into 404/403).

* ``programme_admin`` (the secretariat): editors and administrators of an organisation that is
  the programme's secretariat. They manage the structure and the partners.
* ``track_owner``: editors and administrators of an organisation that owns a track; they edit
  that track's goals, measurements and actions.
* Partners: every member (any role) of an organisation that is the secretariat, a partner or a
  track owner reads the whole programme, action plans and reports included.
* Everyone reads the public pages of a public programme. Platform administrators get no
  programme rights by being platform administrators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from livslang.organisations import queries as org_queries
from livslang.organisations.models import Role
from livslang.programmes.models import (
    Action,
    Agreement,
    AgreementParty,
    CoordinationGroup,
    Goal,
    GroupMember,
    PartnerRole,
    Programme,
    ProgrammePartner,
    Track,
)


@dataclass(frozen=True)
class ProgrammeRoles:
    """What one user may do in one programme."""

    is_admin: bool = False
    is_partner: bool = False
    owned_track_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def can_read(self) -> bool:
        return self.is_partner

    @property
    def is_track_owner(self) -> bool:
        return bool(self.owned_track_ids)

    def can_edit_track(self, track: Track) -> bool:
        """Edit the track's goals, measurements and actions (not the track itself)."""
        return self.is_admin or track.pk in self.owned_track_ids

    def can_edit_goal(self, goal: Goal) -> bool:
        if goal.track_id is None:
            return self.is_admin
        return self.is_admin or goal.track_id in self.owned_track_ids


NOBODY = ProgrammeRoles()


def roles_in(user: Any, programme: Programme) -> ProgrammeRoles:
    """The user's roles in ``programme`` (NOBODY for the public)."""
    memberships = {m.organisation_id: Role(m.role) for m in org_queries.memberships_of(user)}
    if not memberships:
        return NOBODY
    partners = dict(
        ProgrammePartner.objects.filter(
            programme=programme, organisation_id__in=memberships
        ).values_list("organisation_id", "role")
    )
    track_owners = list(
        Track.owners.through.objects.filter(
            track__programme=programme, organisation_id__in=memberships
        ).values_list("track_id", "organisation_id")
    )
    is_admin = any(
        role == PartnerRole.SECRETARIAT and memberships[org].covers(Role.EDITOR)
        for org, role in partners.items()
    )
    owned = frozenset(track for track, org in track_owners if memberships[org].covers(Role.EDITOR))
    return ProgrammeRoles(
        is_admin=is_admin, is_partner=bool(partners) or bool(track_owners), owned_track_ids=owned
    )


def require_admin(actor: Any, programme: Programme) -> ProgrammeRoles:
    roles = roles_in(actor, programme)
    if not roles.is_admin:
        raise PermissionDenied
    return roles


def require_track_editor(actor: Any, track: Track) -> ProgrammeRoles:
    roles = roles_in(actor, track.programme)
    if not roles.can_edit_track(track):
        raise PermissionDenied
    return roles


def require_goal_editor(actor: Any, goal: Goal) -> ProgrammeRoles:
    roles = roles_in(actor, goal.programme)
    if not roles.can_edit_goal(goal):
        raise PermissionDenied
    return roles


# --- The coordination group, agreements and follow-ups --------------------------------------


def is_group_member(user: Any, group: CoordinationGroup) -> bool:
    """``group_member``: the person sits in the coordination group (writes agendas, minutes
    and decisions; reads the programme like a partner)."""
    if user is None or not user.is_authenticated:
        return False
    return GroupMember.objects.filter(group=group, user=user).exists()


def require_group_member(actor: Any, group: CoordinationGroup) -> None:
    if not is_group_member(actor, group):
        raise PermissionDenied


@dataclass(frozen=True)
class AgreementRoles:
    """What one user may do with one agreement: parties' members read it; the editors of a
    party edit the follow-up of that party's regions."""

    is_party: bool = False
    region_ids: frozenset[int] = field(default_factory=frozenset)

    def can_edit_region(self, region_id: int) -> bool:
        return region_id in self.region_ids


def agreement_roles(user: Any, agreement: Agreement) -> AgreementRoles:
    memberships = {m.organisation_id: Role(m.role) for m in org_queries.memberships_of(user)}
    if not memberships:
        return AgreementRoles()
    parties = list(
        AgreementParty.objects.filter(
            agreement=agreement, organisation_id__in=memberships
        ).prefetch_related("regions")
    )
    regions = frozenset(
        region.pk
        for party in parties
        if memberships[party.organisation_id].covers(Role.EDITOR)
        for region in party.regions.all()
    )
    return AgreementRoles(is_party=bool(parties), region_ids=regions)


def can_update_follow_up(user: Any, action: Action) -> bool:
    """Who may change a follow-up's status and add evidence: the editors of the responsible
    organisation, and for a decision's follow-up the group's members, for an agreement's
    action the parties following up its region."""
    if user is None or not user.is_authenticated:
        return False
    if action.responsible_organisation is not None:
        role = org_queries.role_in(user, action.responsible_organisation)
        if role is not None and role.covers(Role.EDITOR):
            return True
    if action.decision is not None:
        return is_group_member(user, action.decision.meeting.group)
    if action.commitment is not None and action.region_id is not None:
        return agreement_roles(user, action.commitment.agreement).can_edit_region(action.region_id)
    return False


def require_follow_up_editor(actor: Any, action: Action) -> None:
    if not can_update_follow_up(actor, action):
        raise PermissionDenied
