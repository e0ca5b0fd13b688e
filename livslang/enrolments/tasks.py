"""Background tasks of the enrolments app: the saved-search digest.

The digest is written here, in the worker, in the person's language: the unsubscribe links
carry signed tokens, and tokens are never stored in the task queue.
"""

from __future__ import annotations

import uuid

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from livslang.accounts.models import User
from livslang.catalog.models import Cohort
from livslang.enrolments.models import SavedSearch
from livslang.notify import absolute


@task()
def send_search_digest(*, user_id: str, found: dict[str, list[int]]) -> int:
    """E-mail ``found`` (saved search public id → ids of its new cohorts) to the person, if
    they still have an active account and those searches still send digests."""
    try:
        user = User.objects.filter(public_id=uuid.UUID(user_id), is_active=True).first()
    except ValueError:
        return 0
    if user is None:
        return 0
    from livslang.enrolments.services import SUBJECT_DIGEST, unsubscribe_url

    searches = SavedSearch.objects.subscribed().filter(user=user, public_id__in=list(found))
    cohorts = Cohort.objects.select_related("offering", "municipality").in_bulk(
        [pk for ids in found.values() for pk in ids]
    )
    sections = []
    with translation.override(user.language):
        for search in searches.select_related("offering").order_by("created_at", "pk"):
            rows = [cohorts[pk] for pk in found[str(search.public_id)] if pk in cohorts]
            if not rows:
                continue
            run = (
                search.offering.get_absolute_url()
                if search.offering is not None
                else f"{reverse('search:search')}?{search.query}"
            )
            sections.append(
                {
                    "search": search,
                    "cohorts": [
                        (c, absolute(c.get_absolute_url()))
                        for c in sorted(rows, key=lambda c: (c.start_date, c.pk))
                    ],
                    "run_url": absolute(run),
                    "unsubscribe_url": unsubscribe_url(search, user=user),
                }
            )
        if not sections:
            return 0
        everything = unsubscribe_url(None, user=user)
        context = {
            "name": user.full_name or user.email,
            "sections": sections,
            "unsubscribe_all_url": everything,
            "mine_url": absolute(reverse("enrolments:mine")),
        }
        body = render_to_string("enrolments/email/digest.txt", context)
        subject = str(SUBJECT_DIGEST)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{everything}>"},
    )
    return message.send()
