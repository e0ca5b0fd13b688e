"""The coordination group: meetings with agenda and minutes, decisions with their
follow-ups (actions of the responsible organisations), and the follow-ups' status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.organisations.models import Organisation
from livslang.programmes import rules
from livslang.programmes.models import (
    Action,
    ActionStatus,
    CoordinationGroup,
    Decision,
    GroupMember,
    Meeting,
    Programme,
)
from livslang.programmes.services._base import _apply, _audit, _save

GROUP_FIELDS = ("name", "mandate")
MEETING_FIELDS = ("title", "held_on", "place", "agenda", "minutes")
FOLLOW_UP_FIELDS = ("title", "description", "responsible_organisation", "due_date")


@transaction.atomic
def create_group(*, actor: Any, programme: Programme, data: dict[str, Any]) -> CoordinationGroup:
    """The programme's coordination group (one per programme; the secretariat sets it up)."""
    rules.require_admin(actor, programme)
    if CoordinationGroup.objects.filter(programme=programme).exists():
        raise ValidationError(_("This programme already has a coordination group."))
    group = CoordinationGroup(programme=programme)
    changes = _apply(group, data, GROUP_FIELDS)
    _save(group, changes, created=True)
    _audit(actor, "coordination_group.created", group, changes, summary=programme.name)
    return group


@transaction.atomic
def update_group(*, actor: Any, group: CoordinationGroup, data: dict[str, Any]) -> None:
    rules.require_admin(actor, group.programme)
    changes = _apply(group, data, GROUP_FIELDS)
    _save(group, changes, created=False)
    if changes:
        _audit(actor, "coordination_group.updated", group, changes, summary=group.programme.name)


@transaction.atomic
def remove_member(*, actor: Any, member: GroupMember) -> None:
    rules.require_admin(actor, member.group.programme)
    _audit(
        actor,
        "coordination_group.member_removed",
        member.group,
        {"member": str(member.user.public_id), "organisation": member.organisation.slug},
        summary=member.group.programme.name,
    )
    member.delete()


@transaction.atomic
def add_member(
    *,
    actor: Any,
    group: CoordinationGroup,
    user: Any,
    organisation: Organisation,
    represents: str,
) -> GroupMember:
    rules.require_admin(actor, group.programme)
    if GroupMember.objects.filter(group=group, user=user).exists():
        raise ValidationError({"member": _("This person is already in the group.")})
    member = GroupMember(group=group, user=user, organisation=organisation, represents=represents)
    member.full_clean()
    member.save()
    _audit(
        actor,
        "coordination_group.member_added",
        group,
        {
            "member": str(user.public_id),
            "organisation": organisation.slug,
            "represents": represents,
        },
        summary=group.programme.name,
    )
    return member


@transaction.atomic
def create_meeting(*, actor: Any, group: CoordinationGroup, data: dict[str, Any]) -> Meeting:
    rules.require_group_member(actor, group)
    meeting = Meeting(group=group)
    changes = _apply(meeting, data, MEETING_FIELDS)
    _save(meeting, changes, created=True)
    _audit(actor, "meeting.created", meeting, changes, summary=group.name)
    return meeting


@transaction.atomic
def update_meeting(*, actor: Any, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    """Change the agenda before the meeting, write the minutes after it."""
    rules.require_group_member(actor, meeting.group)
    changes = _apply(meeting, data, MEETING_FIELDS)
    _save(meeting, changes, created=False)
    if changes:
        _audit(actor, "meeting.updated", meeting, changes, summary=meeting.group.name)
    return meeting


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    follow_ups: list[dict[str, Any]] | None = None,
) -> Decision:
    """A decision and its follow-ups: each a dict with ``title``, ``responsible_organisation``,
    ``due_date`` and optionally ``description``; each becomes an action of the responsible
    organisation (in its "our responsibilities")."""
    rules.require_group_member(actor, meeting.group)
    decision = Decision(meeting=meeting, text=text)
    decision.full_clean()
    decision.save()
    created = []
    for data in follow_ups or []:
        action = Action(decision=decision)
        changes = _apply(action, data, FOLLOW_UP_FIELDS)
        if action.responsible_organisation_id is None:
            raise ValidationError(
                {"responsible_organisation": _("Choose who follows the decision up.")}
            )
        _save(action, changes, created=True)
        created.append(str(action.public_id))
        _audit(actor, "follow_up.created", action, changes, summary=str(decision))
    _audit(
        actor,
        "decision.recorded",
        decision,
        {"text": decision.text, "follow_ups": created},
        summary=str(meeting),
    )
    return decision


@transaction.atomic
def set_follow_up_status(*, actor: Any, action: Action, status: str) -> Action:
    """Change the status of a decision's follow-up or an agreement's regional action; done
    means 100 % progress."""
    rules.require_follow_up_editor(actor, action)
    data: dict[str, Any] = {"status": status}
    if status == ActionStatus.DONE:
        data["progress"] = 100
    changes = _apply(action, data, ("status", "progress"))
    _save(action, changes, created=False)
    if changes:
        _audit(actor, "follow_up.updated", action, changes, summary=action.title)
    return action
