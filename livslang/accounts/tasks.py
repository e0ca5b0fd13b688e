"""Background tasks of the accounts app. E-mail is always sent by the worker, never inline."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Deliver one plain-text message through Django's configured e-mail backend."""
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
