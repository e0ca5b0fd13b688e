"""Signed, expiring, single-use links for e-mail verification, e-mail change and password reset.

Verification and e-mail change links are ``django.core.signing`` tokens (timestamped, salted
per purpose). Each carries a fingerprint of the account state it was made for, so it stops
working as soon as that state changes: a verification link once the address is verified (or
changed), an e-mail change link once the current address changes. Password reset links use
Django's ``default_token_generator`` (single-use: it hashes the password; expires after
``PASSWORD_RESET_TIMEOUT``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from livslang.accounts.models import User

VERIFY_SALT = "livslang.accounts.verify-email"
EMAIL_CHANGE_SALT = "livslang.accounts.change-email"
_FINGERPRINT_SALT = "livslang.accounts.fingerprint"


class InvalidLink(Exception):
    """The link is forged, expired, already used or no longer applies."""


def _fingerprint(*parts: str) -> str:
    return salted_hmac(_FINGERPRINT_SALT, "\x1f".join(parts)).hexdigest()[:32]


def _verification_state(user: User) -> str:
    verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
    return _fingerprint("verify", user.email, verified)


def _active_user(public_id: object) -> User:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise InvalidLink from exc
    user = User.objects.filter(public_id=key, is_active=True).first()
    if user is None:
        raise InvalidLink
    return user


def _load(token: str, *, salt: str) -> dict[str, str]:
    try:
        data = signing.loads(token, salt=salt, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidLink from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InvalidLink
    return data


# --- E-mail verification ------------------------------------------------------------------


def make_verification_token(user: User) -> str:
    return signing.dumps(
        {"u": str(user.public_id), "s": _verification_state(user)}, salt=VERIFY_SALT
    )


def user_for_verification_token(token: str) -> User:
    """The unverified user the token was made for; raises InvalidLink otherwise."""
    data = _load(token, salt=VERIFY_SALT)
    user = _active_user(data.get("u"))
    if user.email_verified_at is not None:
        raise InvalidLink
    if not constant_time_compare(data.get("s", ""), _verification_state(user)):
        raise InvalidLink
    return user


# --- E-mail change ------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailChange:
    user: User
    new_email: str


def make_email_change_token(user: User, new_email: str) -> str:
    data = {"u": str(user.public_id), "n": new_email, "o": _fingerprint("email", user.email)}
    return signing.dumps(data, salt=EMAIL_CHANGE_SALT)


def email_change_for_token(token: str) -> EmailChange:
    """The change the token asks for, while the account still has the address it had then."""
    data = _load(token, salt=EMAIL_CHANGE_SALT)
    user = _active_user(data.get("u"))
    if not constant_time_compare(data.get("o", ""), _fingerprint("email", user.email)):
        raise InvalidLink
    new_email = data.get("n", "")
    if not new_email:
        raise InvalidLink
    return EmailChange(user=user, new_email=new_email)


# --- Password reset -----------------------------------------------------------------------


def make_password_reset_parts(user: User) -> tuple[str, str]:
    """(uidb64, token) for the reset URL; the uid is the public id, not the primary key."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.public_id.hex))
    return uidb64, default_token_generator.make_token(user)


def user_for_password_reset(uidb64: str, token: str) -> User:
    try:
        public_id = urlsafe_base64_decode(uidb64).decode("ascii")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidLink from exc
    user = _active_user(public_id)
    if not default_token_generator.check_token(user, token):
        raise InvalidLink
    return user
