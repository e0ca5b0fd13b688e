"""E-mail written in the recipient's language and queued for the task worker after commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from livslang.tasks import enqueue_on_commit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def absolute(path: str) -> str:
    """A full address on this site (for links in e-mails)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send(
    *, to: str, language: str, subject: StrOrPromise, template: str, context: dict[str, Any]
) -> None:
    """Queue an e-mail written in the recipient's ``language``; sent only if the surrounding
    transaction commits."""
    from livslang.accounts.tasks import send_email

    with translation.override(language):
        body = render_to_string(template, context)
        subject_text = str(subject) % context
    enqueue_on_commit(send_email, to=[to], subject=subject_text, body=body)
