"""Background tasks of the accounts app. E-mail is always sent by the worker, never inline.

Tasks that decide *whether* to write (password reset, resending a verification link, the
confirmation of a new address) look the account up here, in the worker, so the web request does
exactly the same work whether or not an account exists (SEC-11). Links with tokens are made
here too, so no token is ever stored in the task queue.
"""

from __future__ import annotations

import uuid

from django.core.mail import send_mail
from django_tasks import task

from livslang.accounts import emails
from livslang.accounts.models import User


def _deliver(message: emails.Message) -> int:
    return send_mail(
        subject=message.subject, message=message.body, from_email=None, recipient_list=message.to
    )


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Deliver one plain-text message through Django's configured e-mail backend."""
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=to)


def _user_by_public_id(user_id: str) -> User | None:
    try:
        key = uuid.UUID(user_id)
    except ValueError:
        return None
    return User.objects.filter(public_id=key).first()


@task()
def send_verification_email(*, user_id: str) -> int:
    """Send a verification link to a newly registered (still unverified, active) user."""
    user = _user_by_public_id(user_id)
    if user is None or not user.is_active or user.email_verified_at is not None:
        return 0
    return _deliver(emails.verification(user))


@task()
def send_verification_reminder(*, email: str, language: str) -> int:
    """A new verification link, if ``email`` belongs to an active unverified account.

    Queued for every request to resend a link, whatever the address, so the request does the
    same work in every case; the decision is made here.
    """
    user = User.objects.filter(email=email.lower()).first()
    if user is None or not user.is_active or user.email_verified_at is not None:
        return 0
    return _deliver(emails.verification(user))


@task()
def send_password_reset(*, email: str, language: str) -> int:
    """A reset link to an active account with ``email``; to an unknown address, a notice that
    there is no account (in ``language``, the language of the request); nothing for a
    deactivated account. Queued for every reset request (SEC-11)."""
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        return _deliver(emails.password_reset_no_account(email, language))
    if not user.is_active:
        return 0
    return _deliver(emails.password_reset(user))


@task()
def send_email_change_confirmation(*, user_id: str, new_email: str) -> int:
    """The confirmation link for a new address, unless another account already uses it (then
    nothing is sent, and the confirm step would refuse anyway)."""
    user = _user_by_public_id(user_id)
    if user is None or not user.is_active:
        return 0
    if User.objects.filter(email=new_email.lower()).exclude(pk=user.pk).exists():
        return 0
    return _deliver(emails.email_change_confirm(user, new_email))
