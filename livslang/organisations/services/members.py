"""Invitations, roles, removing members and leaving. The organisation row is locked first."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.accounts.models import User
from livslang.notify import absolute, send
from livslang.organisations import queries
from livslang.organisations.models import (
    INVITATION_DAYS,
    Invitation,
    Membership,
    Organisation,
    Role,
    Status,
    hash_token,
)
from livslang.organisations.services._common import (
    audit,
    lock,
    no_admin_left_error,
    other_admins,
    require_role,
)

SUBJECT_INVITATION = gettext_lazy("Invitation to join %(organisation)s in Livslang")


def _member_label(user: Any) -> str:
    return str(getattr(user, "email", "") or "")


@transaction.atomic
def invite(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite ``email`` as ``role``; the link (valid 7 days, single use) is e-mailed.

    Returns the invitation and the raw token (which only the e-mail carries; only its hash
    is stored). Refused when the address belongs to a member or has an open invitation.
    """
    locked = lock(organisation)
    require_role(actor, locked, Role.ADMIN)
    if locked.status != Status.APPROVED:
        raise ValidationError(_("Only approved organisations can invite members."))
    address = User.objects.normalize_email(email.strip()).lower()
    role = Role(role)
    existing = User.objects.filter(email=address).first()
    if existing is not None and queries.role_in(existing, locked) is not None:
        raise ValidationError(
            {"email": _("%(email)s is already a member.") % {"email": address}}, code="member"
        )
    if queries.open_invitations(locked).filter(email__iexact=address).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s already has an invitation that has not been answered. "
                    "Withdraw it first if you want to send a new one."
                )
                % {"email": address}
            },
            code="open_invitation",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=locked,
        email=address,
        role=role,
        invited_by=actor,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit(
        actor=actor,
        action="organisation.invite",
        organisation=locked,
        changes={"email": address, "role": role.value},
    )
    language = existing.language if existing is not None else actor.language
    with translation.override(language):
        role_label = str(role.label)
    send(
        to=address,
        language=language,
        subject=SUBJECT_INVITATION,
        template="organisations/email/invitation.txt",
        context={
            "organisation": locked.name,
            "inviter": actor.full_name or actor.email,
            "role": role_label,
            "days": INVITATION_DAYS,
            "url": absolute(reverse("organisations:invitation", args=[token])),
        },
    )
    return invitation, token


def _open_invitation_for(*, user: User, token: str) -> tuple[Invitation, Organisation]:
    found = queries.invitation_by_token(token)
    if found is None:
        raise ValidationError(_("This invitation link is not valid."), code="unknown")
    organisation = lock(found.organisation)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    invitation.organisation = organisation
    problem = queries.invitation_problem(invitation, user)
    if problem is not None:
        raise problem
    return invitation, organisation


@transaction.atomic
def accept_invitation(*, user: User, token: str) -> Membership:
    """Join the organisation as the invited role. Only the invited address may accept."""
    invitation, organisation = _open_invitation_for(user=user, token=token)
    membership = Membership(user=user, organisation=organisation, role=invitation.role)
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(
        actor=user,
        action="organisation.invitation_accept",
        organisation=organisation,
        changes={"member": _member_label(user), "role": invitation.role},
    )
    return membership


@transaction.atomic
def decline_invitation(*, user: User, token: str) -> Invitation:
    """Say no to an invitation; the link stops working."""
    invitation, organisation = _open_invitation_for(user=user, token=token)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    audit(
        actor=user,
        action="organisation.invitation_decline",
        organisation=organisation,
        changes={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that has not been answered; its link stops working."""
    organisation = lock(invitation.organisation)
    require_role(actor, organisation, Role.ADMIN)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.is_used:
        raise ValidationError(_("This invitation has already been answered or withdrawn."))
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit(
        actor=actor,
        action="organisation.invitation_revoke",
        organisation=organisation,
        changes={"email": locked.email},
    )
    return locked


def _locked_membership(membership: Membership) -> tuple[Membership, Organisation]:
    organisation = lock(membership.organisation)
    locked = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership.pk, organisation=organisation)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This person is no longer a member."), code="gone")
    return locked, organisation


@transaction.atomic
def change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Give a member another role. To hand over administration, make the new person
    administrator, then step down; nothing may leave the organisation without one."""
    locked, organisation = _locked_membership(membership)
    require_role(actor, organisation, Role.ADMIN)
    new_role = Role(role)
    old_role = locked.role
    if old_role == new_role:
        return locked
    if old_role == Role.ADMIN and other_admins(organisation, locked) == 0:
        raise no_admin_left_error()
    locked.role = new_role
    locked.full_clean()
    locked.save(update_fields=["role"])
    audit(
        actor=actor,
        action="organisation.role_change",
        organisation=organisation,
        changes={
            "member": _member_label(locked.user),
            "role": {"old": old_role, "new": new_role.value},
        },
    )
    return locked


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    """Take a member out of the organisation (never the last administrator)."""
    locked, organisation = _locked_membership(membership)
    require_role(actor, organisation, Role.ADMIN)
    if locked.role == Role.ADMIN and other_admins(organisation, locked) == 0:
        raise no_admin_left_error()
    label, role = _member_label(locked.user), locked.role
    locked.delete()
    audit(
        actor=actor,
        action="organisation.member_remove",
        organisation=organisation,
        changes={"member": label, "role": role},
    )


@transaction.atomic
def leave(*, user: User, organisation: Organisation) -> None:
    """Leave an organisation. The last administrator must hand over the role first."""
    locked_org = lock(organisation)
    membership = (
        Membership.objects.select_for_update().filter(user=user, organisation=locked_org).first()
    )
    if membership is None:
        raise ValidationError(_("You are not a member of this organisation."), code="not_member")
    if membership.role == Role.ADMIN and other_admins(locked_org, membership) == 0:
        raise ValidationError(
            _(
                "You are the only administrator of %(organisation)s. Make another member "
                "administrator before you leave."
            )
            % {"organisation": locked_org.name},
            code="last_admin",
        )
    role = membership.role
    membership.delete()
    audit(
        actor=user,
        action="organisation.member_leave",
        organisation=locked_org,
        changes={"member": _member_label(user), "role": role},
    )


@transaction.atomic
def forget_person(*, user: User) -> int:
    """An erased account leaves every organisation (the caller has checked that none is left
    without an administrator); returns how many memberships went."""
    memberships = list(Membership.objects.select_related("organisation").filter(user=user))
    for membership in memberships:
        audit(
            actor=None,
            actor_label="erasure",
            action="member.erase",
            organisation=membership.organisation,
            changes={"role": membership.role},
        )
    Membership.objects.filter(pk__in=[m.pk for m in memberships]).delete()
    return len(memberships)
