"""Writes for people and their accounts.

Every function takes keyword-only arguments, validates with ``full_clean`` and runs in one
transaction; e-mail is only queued (``enqueue_on_commit``), the task worker sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone

from livslang.accounts import emails, tokens
from livslang.accounts.models import User
from livslang.accounts.tasks import (
    send_email,
    send_email_change_confirmation,
    send_password_reset,
    send_verification_email,
    send_verification_reminder,
)
from livslang.audit.services import object_type_of, record
from livslang.geo.models import Municipality
from livslang.tasks import enqueue_on_commit

InvalidLink = tokens.InvalidLink


@dataclass(frozen=True)
class HomePlace:
    """Where a person lives, as precisely as we ever store it: never a street address."""

    country: str = ""
    municipality: Municipality | None = None
    postcode: str = ""


def normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def _queue(message: emails.Message) -> None:
    enqueue_on_commit(send_email, **message.as_task_kwargs())


def _set_home_place(user: User, home: HomePlace | None) -> None:
    home = home or HomePlace()
    user.home_country = home.country
    user.home_municipality = home.municipality
    user.home_postcode = home.postcode


# --- Registration and verification ------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    user: User
    created: bool


@transaction.atomic
def register(
    *,
    email: str,
    full_name: str,
    password: str,
    language: str,
    home: HomePlace | None = None,
) -> Registration:
    """Create an unverified account and queue its verification link.

    For an address that already has an account nothing is created or changed; the owner is
    told by e-mail that someone tried to register with it. The caller must answer both cases
    in exactly the same way (no account enumeration).
    """
    address = normalise_email(email)
    user = User(
        email=address, full_name=full_name.strip(), language=language, email_verified_at=None
    )
    _set_home_place(user, home)
    # Hash in both cases, so an existing address does not answer measurably faster.
    user.set_password(password)
    existing = User.objects.filter(email=address).first()
    if existing is None:
        user.full_clean(exclude=["password"])
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # Registered concurrently a moment ago: treat it like any existing address.
            existing = User.objects.get(email=address)
        else:
            enqueue_on_commit(send_verification_email, user_id=str(user.public_id))
            return Registration(user=user, created=True)
    _queue(emails.registration_attempt(existing))
    return Registration(user=existing, created=False)


@transaction.atomic
def verify_email(*, token: str) -> User:
    """Mark the address of the token's account as verified; raises InvalidLink."""
    user = tokens.user_for_verification_token(token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified_at is not None:
        raise InvalidLink
    user.email_verified_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def request_verification_email(*, email: str, language: str) -> None:
    """Queue a new verification link; the worker decides whether the address gets one."""
    enqueue_on_commit(send_verification_reminder, email=normalise_email(email), language=language)


# --- Profile ------------------------------------------------------------------------------


@transaction.atomic
def update_profile(*, user: User, full_name: str, language: str, home: HomePlace | None) -> User:
    """A person's own name, language and home place (municipality or postcode, never an
    address). Personal data, not shared data: no audit entry."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.full_name = full_name.strip()
    user.language = language
    _set_home_place(user, home)
    user.full_clean(exclude=["password"])
    user.save(
        update_fields=[
            "full_name",
            "language",
            "home_country",
            "home_municipality",
            "home_postcode",
        ]
    )
    return user


@transaction.atomic
def set_language(*, user: User, language: str) -> User:
    """Remember the language a signed-in person chose (pages and e-mails), e.g. from the
    language switcher, so the next sign-in and every e-mail use it too."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.language != language:
        user.language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language"])
    return user


def repoint_home_municipality(old: Municipality, new: Municipality) -> None:
    """Registered with geo: when a municipality is succeeded, its residents move with it."""
    User.objects.filter(home_municipality=old).update(home_municipality=new)


# --- Passwords ----------------------------------------------------------------------------


@transaction.atomic
def change_password(*, user: User, new_password: str) -> User:
    """Set a new password (validated by the caller's form) and tell the owner by e-mail.

    Other sessions of the user end, because their session hash no longer matches; the caller
    keeps the current one with ``update_session_auth_hash``."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _queue(emails.password_changed(user))
    return user


@transaction.atomic
def request_password_reset(*, email: str, language: str) -> None:
    """Queue ``send_password_reset`` for any address, known or not: the same work either way.

    The worker looks the account up and sends a link (or a "no account" notice)."""
    enqueue_on_commit(send_password_reset, email=normalise_email(email), language=language)


@transaction.atomic
def complete_password_reset(*, uidb64: str, token: str, new_password: str) -> User:
    """Set the new password if the link is still valid (raises InvalidLink).

    The link stops working (the token hashes the password) and every session of the user
    ends. Following the link proves control of the address, so it also counts as verified.
    """
    user = tokens.user_for_password_reset(uidb64, token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not default_token_generator.check_token(user, token):
        raise InvalidLink
    user.set_password(new_password)
    fields = ["password"]
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    _queue(emails.password_changed(user))
    return user


# --- E-mail address -----------------------------------------------------------------------


@transaction.atomic
def request_email_change(*, user: User, new_email: str) -> None:
    """Queue a confirmation link to the new address and a notice to the current one.

    Whether the new address is free is decided by the worker (and again on confirmation),
    so the request answers the same either way."""
    enqueue_on_commit(
        send_email_change_confirmation,
        user_id=str(user.public_id),
        new_email=normalise_email(new_email),
    )
    _queue(emails.email_change_requested(user))


class EmailUnavailable(InvalidLink):
    """The new address belongs to another account."""


@transaction.atomic
def confirm_email_change(*, token: str) -> User:
    """Apply the change a valid link asks for; raises InvalidLink or EmailUnavailable."""
    change = tokens.email_change_for_token(token)
    user = User.objects.select_for_update().get(pk=change.user.pk)
    if user.email != change.user.email:
        raise InvalidLink
    if User.objects.filter(email=change.new_email).exclude(pk=user.pk).exists():
        raise EmailUnavailable
    old_email = user.email
    user.email = change.new_email
    user.email_verified_at = timezone.now()
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError as exc:
        raise EmailUnavailable from exc
    _queue(emails.email_changed(user, old_email))
    return user


# --- Administration (shared data: audited) ------------------------------------------------


def _audit_user(*, actor: Any, user: User, action: str, changes: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=action,
        object_type=object_type_of(user),
        object_id=str(user.public_id),
        object_repr=user.email,
        changes=changes,
    )


@transaction.atomic
def deactivate_user(*, actor: Any, user: User) -> User:
    """Deactivate an account: every session of it becomes anonymous at its next request
    (ModelBackend refuses inactive users), and it can no longer sign in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    _audit_user(
        actor=actor,
        user=user,
        action="user.deactivate",
        changes={"is_active": {"old": True, "new": False}},
    )
    return user


@transaction.atomic
def reactivate_user(*, actor: Any, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit_user(
        actor=actor,
        user=user,
        action="user.reactivate",
        changes={"is_active": {"old": False, "new": True}},
    )
    return user


@transaction.atomic
def set_platform_roles(*, actor: Any, user: User, is_staff: bool, is_superuser: bool) -> User:
    """Grant or withdraw the platform administrator role (staff, superuser); audited."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changes: dict[str, Any] = {}
    if user.is_staff != is_staff:
        changes["is_staff"] = {"old": user.is_staff, "new": is_staff}
    if user.is_superuser != is_superuser:
        changes["is_superuser"] = {"old": user.is_superuser, "new": is_superuser}
    if not changes:
        return user
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.save(update_fields=["is_staff", "is_superuser"])
    _audit_user(actor=actor, user=user, action="user.roles", changes=changes)
    return user


@transaction.atomic
def ensure_demo_user(
    *, email: str, full_name: str, password: str, is_platform_admin: bool = False
) -> tuple[User, bool]:
    """Create a demo user once; later runs leave it (and any password change) alone.

    Demo users are verified: they sign in straight away."""
    user = User.objects.filter(email=email.lower()).first()
    if user is not None:
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        return user, False
    user = User(
        email=email.lower(),
        full_name=full_name,
        is_staff=is_platform_admin,
        is_superuser=is_platform_admin,
        is_demo=True,
        email_verified_at=timezone.now(),
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor_label="demo",
        action="user.create",
        object_type="accounts.user",
        object_id=str(user.public_id),
        object_repr=user.email,
        summary="demo user",
    )
    return user, True


__all__ = [
    "EmailUnavailable",
    "HomePlace",
    "InvalidLink",
    "Registration",
    "change_password",
    "complete_password_reset",
    "confirm_email_change",
    "deactivate_user",
    "ensure_demo_user",
    "normalise_email",
    "reactivate_user",
    "register",
    "repoint_home_municipality",
    "request_email_change",
    "request_password_reset",
    "request_verification_email",
    "set_language",
    "set_platform_roles",
    "update_profile",
    "verify_email",
]


@transaction.atomic
def erase_account(*, user: User) -> User:
    """Remove what identifies the person; the row stays (with an unusable password) so that
    records pointing at it keep their counts but say nothing about who it was. Every session
    ends: the session hash follows the password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.email = f"erased-{user.public_id.hex}@erased.invalid"
    user.full_name = ""
    user.home_country = ""
    user.home_municipality = None
    user.home_postcode = ""
    user.email_verified_at = None
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=[
            "email",
            "full_name",
            "home_country",
            "home_municipality",
            "home_postcode",
            "email_verified_at",
            "is_active",
            "password",
        ]
    )
    record(
        actor=None,
        actor_label="erasure",
        action="user.erase",
        object_type=object_type_of(user),
        object_id=str(user.public_id),
        object_repr="",
    )
    return user
