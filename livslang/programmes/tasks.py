"""Background tasks of the programmes app: the weekly digest, written in the worker in the
recipient's language (the unsubscribe token is made here, never stored in the queue)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from livslang.accounts.models import User
from livslang.notify import absolute
from livslang.organisations.models import Organisation


@task()
def send_programme_digest(*, user_id: str, organisation_id: int, today: str) -> int:
    """E-mail ``organisation``'s digest to the person, if they still have an active account,
    still belong to the organisation and have not turned the digest off since."""
    from livslang.organisations import queries as org_queries
    from livslang.programmes import queries
    from livslang.programmes.services.digest import (
        SUBJECT_DIGEST,
        unsubscribe_url,
        wants_digest,
    )

    try:
        user = User.objects.filter(public_id=uuid.UUID(user_id), is_active=True).first()
    except ValueError:
        return 0
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None or not wants_digest(user):
        return 0
    if org_queries.role_in(user, organisation) is None:
        return 0
    digest = queries.digest_for(organisation, date.fromisoformat(today))
    if digest.is_empty:
        return 0
    unsubscribe = unsubscribe_url(user)
    with translation.override(user.language):
        body = render_to_string(
            "programmes/email/digest.txt",
            {
                "name": user.full_name or user.email,
                "digest": digest,
                "experiences": [(e, absolute(e.get_absolute_url())) for e in digest.experiences],
                "responsibilities_url": absolute(
                    reverse("programmes:responsibilities", args=[organisation.slug])
                ),
                "settings_url": absolute(reverse("programmes:digest_settings")),
                "unsubscribe_url": unsubscribe,
            },
        )
        subject = str(SUBJECT_DIGEST) % {"organisation": organisation.name}
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    return message.send()
