"""The weekly programme digest: one e-mail per organisation to each member who has not
turned it off, written by the worker (``livslang.programmes.tasks``), with a one-click
unsubscribe link."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.accounts.models import User
from livslang.audit.services import record
from livslang.notify import absolute
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation, Status
from livslang.programmes import queries
from livslang.programmes.models import DigestDelivery, DigestPreference
from livslang.tasks import enqueue_on_commit

UNSUBSCRIBE_SALT = "livslang.programmes.digest"
SUBJECT_DIGEST = gettext_lazy("This week in your programmes: %(organisation)s")


def wants_digest(user: Any) -> bool:
    preference = DigestPreference.objects.filter(user=user).first()
    return preference is None or preference.weekly_digest


@transaction.atomic
def set_digest_preference(*, user: Any, weekly_digest: bool) -> DigestPreference:
    preference, _created = DigestPreference.objects.get_or_create(user=user)
    if preference.weekly_digest != weekly_digest:
        preference.weekly_digest = weekly_digest
        preference.save(update_fields=["weekly_digest", "updated_at"])
        record(
            actor=user,
            action="programme_digest.turned_on" if weekly_digest else "programme_digest.turned_off",
            object_type="programmes.digestpreference",
            object_id=str(user.public_id),
            object_repr=str(user),
            changes={"weekly_digest": {"old": not weekly_digest, "new": weekly_digest}},
        )
    return preference


def unsubscribe_token(user: Any) -> str:
    """A signed, non-expiring token that turns ``user``'s digest off without signing in."""
    return signing.dumps({"u": str(user.public_id)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user: Any) -> str:
    return absolute(reverse("programmes:digest_unsubscribe", args=[unsubscribe_token(user)]))


def user_for_token(token: str) -> User:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.filter(public_id=data["u"], is_active=True).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError) as error:
        raise ValidationError(_("This unsubscribe link is not valid.")) from error
    if user is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user


def send_weekly_digests(*, today: date | None = None) -> int:
    """Queue one digest per (organisation, member) where the organisation has something to
    report and the member has not turned the digest off, once a week: a second run in the
    same week (Monday to Sunday) queues nothing again. Returns how many were queued."""
    from livslang.programmes.tasks import send_programme_digest

    today = today or timezone.localdate()
    week = today - timedelta(days=today.weekday())
    queued = 0
    with transaction.atomic():
        for organisation in Organisation.objects.filter(status=Status.APPROVED).order_by("pk"):
            if queries.digest_for(organisation, today).is_empty:
                continue
            for membership in org_queries.members_of(organisation):
                user = membership.user
                if not user.is_active or not wants_digest(user):
                    continue
                # The unique (person, organisation, week) row is the guard, also against a
                # concurrent run: the second one finds the row and skips.
                _delivery, new = DigestDelivery.objects.get_or_create(
                    user=user, organisation=organisation, week=week
                )
                if not new:
                    continue
                enqueue_on_commit(
                    send_programme_digest,
                    user_id=str(user.public_id),
                    organisation_id=organisation.pk,
                    today=today.isoformat(),
                )
                queued += 1
    return queued


@transaction.atomic
def forget_person(*, user: Any) -> int:
    """An erased account leaves every coordination group and loses its digest choice; its
    experiences, comments and evidence stay without a name. Returns how many group
    memberships went."""
    from livslang.programmes.models import (
        Evidence,
        Experience,
        ExperienceComment,
        GroupMember,
    )

    members = list(GroupMember.objects.select_related("group").filter(user=user))
    for member in members:
        record(
            actor=None,
            actor_label="erasure",
            action="coordination_group.member_erased",
            object_type="programmes.coordinationgroup",
            object_id=str(member.group.public_id),
            object_repr=str(member.group),
            changes={"organisation": member.organisation_id, "represents": member.represents},
        )
    GroupMember.objects.filter(pk__in=[m.pk for m in members]).delete()
    DigestPreference.objects.filter(user=user).delete()
    DigestDelivery.objects.filter(user=user).delete()
    Experience.objects.filter(author=user).update(author=None)
    ExperienceComment.objects.filter(author=user).update(author=None)
    Evidence.objects.filter(added_by=user).update(added_by=None)
    return len(members)
