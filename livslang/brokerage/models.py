"""Brokerage: a centre's course requests to providers, and the cohorts it proposes for a
cluster of demand. Writes go through ``livslang.brokerage.services``.

A course request moves draft → sent → accepted (with terms) / declined / counter-proposed;
a counter-proposal goes back to the centre, which sends it again (taking the provider's dates)
or withdraws; an accepted request becomes a planned cohort and ends in a go / no-go decision
at the enrolment deadline. Every step is kept in ``CourseRequestEvent``, seen by both sides.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    LOCAL_DELIVERY = "local", _("deliver the offering locally")
    STUDY_GROUP = "study_group", _("a local study group for an online cohort")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COUNTERED = "countered", _("counter-proposed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    GO = "go", _("go: the cohort runs")
    NO_GO = "no_go", _("no-go: the cohort is cancelled")


class CourseRequest(models.Model):
    """A centre asking a provider to deliver an offering locally (or to open a local study
    group for an online course), with the demand behind it."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="course_requests_sent",
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="course_requests_received",
    )
    offering = models.ForeignKey(
        "catalog.Offering",
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("what is asked"),
        max_length=12,
        choices=RequestKind.choices,
        default=RequestKind.LOCAL_DELIVERY,
    )
    needs = models.ManyToManyField(
        "needs.Need", verbose_name=_("competence needs"), blank=True, related_name="+"
    )
    interest_count = models.PositiveIntegerField(_("people who registered interest"), default=0)
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue_name = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("proposed start"))
    end_date = models.DateField(_("proposed end"))
    application_deadline = models.DateField(_("enrolment deadline"))
    minimum_participants = models.PositiveIntegerField(
        _("minimum participants"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    seats = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    message = models.TextField(_("message to the provider"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    terms = models.TextField(_("the provider's answer"), max_length=4000, blank=True)
    cohort = models.ForeignKey(
        "catalog.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("course request")
        verbose_name_plural = _("course requests")
        ordering: ClassVar = ["-created_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="brokerage_request_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(application_deadline__lte=models.F("start_date")),
                name="brokerage_request_deadline_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} @ {self.municipality_id} ({self.start_date})"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:request", args=[self.public_id])


class CourseRequestEvent(models.Model):
    """One step of a course request's history, seen by the centre and the provider."""

    request = models.ForeignKey(
        CourseRequest,
        verbose_name=_("course request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("by organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=4000, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("course request event")
        verbose_name_plural = _("course request events")
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.status}"


class CohortProposal(models.Model):
    """A cohort a centre proposed for a cluster of demand (a topic in a municipality), with
    the needs behind it: their employers see "a centre proposes a cohort for your need"."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="cohort_proposals",
    )
    cohort = models.ForeignKey(
        "catalog.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs = models.ManyToManyField(
        "needs.Need", verbose_name=_("competence needs"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("cohort proposal")
        verbose_name_plural = _("cohort proposals")
        ordering: ClassVar = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.centre_id} → {self.cohort_id}"
