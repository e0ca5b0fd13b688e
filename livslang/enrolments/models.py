"""Sign-ups: enrolments in cohorts that sign people up in Livslang (with a waitlist), and
pre-registrations for cohorts where people apply at the provider.

Writes go through ``livslang.enrolments.services``; the cohort's ``confirmed_count`` is kept
equal to the number of confirmed enrolments there, and the cohort's check constraint
(confirmed ≤ seats) is the backstop against overbooking.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waitlist")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED)


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> EnrolmentQuerySet:
        return self.filter(status__in=ACTIVE)

    def confirmed(self) -> EnrolmentQuerySet:
        return self.filter(status=EnrolmentStatus.CONFIRMED)

    def waitlist(self) -> EnrolmentQuerySet:
        """The waiting learners in the order they signed up (first in line first)."""
        return self.filter(status=EnrolmentStatus.WAITLISTED).order_by("waitlist_ticket")


class Enrolment(models.Model):
    """One person's place (or place in line) in one cohort."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        "catalog.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    # Empty once the person's data is erased or past retention; the row stays for the counts.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, db_index=True
    )
    # The order of the waitlist: handed out under the cohort's lock, never reused.
    waitlist_ticket = models.PositiveIntegerField(_("waitlist ticket"), null=True, blank=True)
    promoted = models.BooleanField(_("given a seat from the waitlist"), default=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering: ClassVar = ["cohort", "created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["cohort", "learner"],
                condition=models.Q(status__in=["confirmed", "waitlisted"]),
                name="enrolments_one_active_per_learner",
            ),
            models.UniqueConstraint(
                fields=["cohort", "waitlist_ticket"],
                condition=models.Q(waitlist_ticket__isnull=False),
                name="enrolments_unique_waitlist_ticket",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waitlisted") | models.Q(waitlist_ticket__isnull=False),
                name="enrolments_waitlisted_has_ticket",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id}: {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class PreRegistration(models.Model):
    """Interest in a cohort whose provider takes the applications: counts toward the cohort's
    minimum; the person applies at the provider's address."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        "catalog.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="pre_registrations",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pre_registrations",
    )
    created_at = models.DateTimeField(_("pre-registered"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("pre-registration")
        verbose_name_plural = _("pre-registrations")
        ordering: ClassVar = ["cohort", "created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["cohort", "learner"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="enrolments_one_pre_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id}: pre-registration"


class SavedSearchQuerySet(models.QuerySet["SavedSearch"]):
    def subscribed(self) -> SavedSearchQuerySet:
        """The searches that still send their digest."""
        return self.filter(unsubscribed_at__isnull=True)


class SavedSearch(models.Model):
    """A search a person keeps, with a daily digest of new matching cohorts.

    ``query`` is the search page's URL state (validated by ``search.forms.SearchForm``), home
    place and radius included. With ``offering`` set it is an *interest*: "tell me when this
    offering runs near me" — the same matching, limited to that offering's cohorts.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    offering = models.ForeignKey(
        "catalog.Offering",
        verbose_name=_("offering"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interests",
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    # Cohorts that became public before this moment have been looked at for the digest.
    checked_until = models.DateTimeField(_("checked until"))
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering: ClassVar = ["user", "created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_interest(self) -> bool:
        return self.offering_id is not None

    @property
    def is_subscribed(self) -> bool:
        return self.unsubscribed_at is None


class PledgeStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Pledge(models.Model):
    """An employer's promise to send a number of participants to a cohort ("we will send 5"):
    counts toward the cohort's minimum while active."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    cohort = models.ForeignKey(
        "catalog.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("competence need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.ACTIVE
    )
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("pledged"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering: ClassVar = ["cohort", "created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "cohort"],
                condition=models.Q(status="active"),
                name="enrolments_one_active_pledge",
            ),
            models.CheckConstraint(
                condition=models.Q(participants__gte=1), name="enrolments_pledge_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.cohort_id}: {self.participants}"

    @property
    def is_active(self) -> bool:
        return self.status == PledgeStatus.ACTIVE
