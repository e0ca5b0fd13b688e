"""The e-mails of the accounts app, composed in the recipient's language.

Composing is pure (no sending): services and tasks compose a message, and only the task worker
delivers it (``livslang.accounts.tasks``). Links are absolute, built from ``SITE_URL``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from livslang.accounts import tokens
from livslang.accounts.models import User

SUBJECTS: dict[str, Promise] = {
    "verify": _("Confirm your e-mail address for Livslang"),
    "registration_attempt": _("Someone tried to register with your e-mail address"),
    "password_reset": _("Reset your Livslang password"),
    "password_reset_no_account": _("Password reset for Livslang"),
    "password_changed": _("Your Livslang password was changed"),
    "email_change_confirm": _("Confirm your new e-mail address for Livslang"),
    "email_change_requested": _("A change of your e-mail address was requested"),
    "email_changed": _("Your e-mail address for Livslang was changed"),
}


@dataclass(frozen=True)
class Message:
    to: list[str]
    subject: str
    body: str

    def as_task_kwargs(self) -> dict[str, Any]:
        return {"to": self.to, "subject": self.subject, "body": self.body}


def site_url() -> str:
    """The base of links in e-mails: ``SITE_URL``, else the first allowed host over HTTPS."""
    if settings.SITE_URL:
        return str(settings.SITE_URL).rstrip("/")
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    return f"https://{hosts[0]}" if hosts else ""


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}"


def compose(kind: str, *, to: str, language: str, **context: Any) -> Message:
    with translation.override(language):
        subject = str(SUBJECTS[kind])
        body = render_to_string(
            f"accounts/email/{kind}.txt",
            {
                "site_url": site_url(),
                "login_url": absolute_url(reverse("accounts:login")),
                "password_reset_url": absolute_url(reverse("accounts:password_reset")),
                "contact_email": settings.CONTACT_EMAIL,
                **context,
            },
        )
    return Message(to=[to], subject=subject, body=body.strip() + "\n")


def verification(user: User) -> Message:
    path = reverse("accounts:verify", kwargs={"token": tokens.make_verification_token(user)})
    return compose(
        "verify",
        to=user.email,
        language=user.language,
        user=user,
        link=absolute_url(path),
        valid_days=settings.EMAIL_VERIFICATION_MAX_AGE // (60 * 60 * 24),
    )


def registration_attempt(user: User) -> Message:
    return compose("registration_attempt", to=user.email, language=user.language, user=user)


def password_reset(user: User) -> Message:
    uidb64, token = tokens.make_password_reset_parts(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return compose(
        "password_reset",
        to=user.email,
        language=user.language,
        user=user,
        link=absolute_url(path),
        valid_hours=settings.PASSWORD_RESET_TIMEOUT // (60 * 60),
    )


def password_reset_no_account(email: str, language: str) -> Message:
    return compose(
        "password_reset_no_account",
        to=email,
        language=language,
        register_url=absolute_url(reverse("accounts:register")),
    )


def password_changed(user: User) -> Message:
    return compose("password_changed", to=user.email, language=user.language, user=user)


def email_change_confirm(user: User, new_email: str) -> Message:
    token = tokens.make_email_change_token(user, new_email)
    path = reverse("accounts:email_change_confirm", kwargs={"token": token})
    return compose(
        "email_change_confirm",
        to=new_email,
        language=user.language,
        user=user,
        link=absolute_url(path),
        valid_days=settings.EMAIL_VERIFICATION_MAX_AGE // (60 * 60 * 24),
    )


def email_change_requested(user: User) -> Message:
    return compose("email_change_requested", to=user.email, language=user.language, user=user)


def email_changed(user: User, old_email: str) -> Message:
    return compose("email_changed", to=old_email, language=user.language, user=user)
