"""Who looked at whose personal data (GDPR-06): an append-only log, shown to the learners it is
about in their own export."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessPurpose(models.TextChoices):
    PARTICIPANT_LIST = "participant_list", _("participant list of a cohort")
    PARTICIPANT_EXPORT = "participant_export", _("export of a cohort's participant list")


class AccessLogEntry(models.Model):
    """A staff member saw or exported learners' data. Never changed or deleted by the app:
    ``save`` refuses updates and ``delete`` refuses outright; the admin is read-only."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the entry still says who it was if the account goes.
    actor_label = models.CharField(_("staff member (as recorded)"), max_length=254)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_label = models.CharField(_("organisation (as recorded)"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=32, choices=AccessPurpose.choices)
    subject = models.CharField(_("about"), max_length=300)
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learners"),
        related_name="access_log_entries",
        blank=True,
    )

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering: ClassVar = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.purpose}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("access log entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("access log entries are never deleted")


class ConsentKind(models.TextChoices):
    NEWSLETTER = "newsletter", _("newsletter about continuing education in my area")
    SHARE_PROFILE = "share_profile", _("employers in my area may see my name and home place")


# The wording a person agreed to; bump the version when a text changes.
CONSENT_TEXT_VERSION = 1


class Consent(models.Model):
    """An optional consent, given and perhaps withdrawn: off unless a row with no
    ``withdrawn_at`` exists. Rows are kept (with the text version) as evidence."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    kind = models.CharField(_("consent"), max_length=16, choices=ConsentKind.choices)
    text_version = models.PositiveSmallIntegerField(_("text version"))
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering: ClassVar = ["user", "kind", "-given_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="privacy_one_live_consent_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({'withdrawn' if self.withdrawn_at else 'given'})"


class ErasureStatus(models.TextChoices):
    DONE = "done", _("erased")
    HELD = "held", _("held back")


class ErasureRequest(models.Model):
    """A request to erase an account. Held back while the law or a running course needs the
    data (the reason is shown to the person); answered within a month (``due_by``)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # Empty once the account is erased: the request is kept without saying whose it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="erasure_requests",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    due_by = models.DateField(_("answer due by"))
    status = models.CharField(_("status"), max_length=4, choices=ErasureStatus.choices)
    hold_reasons = models.JSONField(_("reasons for holding back"), default=list, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering: ClassVar = ["-requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d} {self.status}"
