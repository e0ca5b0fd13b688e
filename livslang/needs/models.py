"""Competence needs: what an employer, a municipality or a person needs to learn, in their own
words, with the constraints a course must meet (place, time, price, seats, language).

Writes go through ``livslang.needs.services``; the matches live in the matching app.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from livslang.catalog.models import Mode, ScheduleKind
from livslang.geo.models import CountryCode


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    BROKERING = "brokering", _("being brokered")
    MET = "met", _("met")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


ACTIVE_STATUSES = (NeedStatus.OPEN, NeedStatus.BROKERING)


class Visibility(models.TextChoices):
    PRIVATE = "private", _("private: my organisation and the centres serving the area")
    PUBLIC = "public", _("public")


class NeedLevel(models.TextChoices):
    ANY = "", _("any level")
    SHORT = "short", _("short course")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary / trade certificate")
    VOCATIONAL = "vocational", _("vocational college")
    BACHELOR = "bachelor", _("university, bachelor level")
    MASTER = "master", _("university, master level")


class TeachingLanguage(models.TextChoices):
    ANY = "", _("any language")
    NB = "nb", _("Norwegian")
    DA = "da", _("Danish")
    EN = "en", _("English")


def _empty_list() -> list[str]:
    return []


class NeedQuerySet(models.QuerySet["Need"]):
    def active(self) -> NeedQuerySet:
        """Needs still looking for a course (open or being brokered)."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def public(self) -> NeedQuerySet:
        return self.filter(visibility=Visibility.PUBLIC)


class Need(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    title = models.CharField(_("short title"), max_length=120)
    text = models.TextField(_("the need in your own words"), max_length=4000)
    language = models.CharField(_("language of the text"), max_length=2)
    topics = models.JSONField(_("topics"), default=_empty_list, blank=True)
    level = models.CharField(
        _("level"), max_length=16, choices=NeedLevel.choices, default=NeedLevel.ANY, blank=True
    )
    participants = models.PositiveIntegerField(
        _("number of participants"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    country = models.CharField(_("country"), max_length=2, choices=CountryCode.choices)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    earliest_start = models.DateField(_("earliest start"))
    latest_start = models.DateField(_("latest start"))
    modes = models.JSONField(_("acceptable modes"), default=_empty_list)
    schedules = models.JSONField(_("acceptable times"), default=_empty_list, blank=True)
    max_price = models.DecimalField(
        _("highest price per participant"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3)
    max_travel_km = models.PositiveIntegerField(
        _("longest travel distance (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3000)],
    )
    teaching_language = models.CharField(
        _("teaching language required"),
        max_length=2,
        choices=TeachingLanguage.choices,
        default=TeachingLanguage.ANY,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence need")
        verbose_name_plural = _("competence needs")
        ordering: ClassVar = ["-created_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(latest_start__gte=models.F("earliest_start")),
                name="needs_start_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(participants__gte=1), name="needs_participants_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", args=[self.public_id])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.earliest_start and self.latest_start and self.latest_start < self.earliest_start:
            errors["latest_start"] = _("The latest start must be on or after the earliest start.")
        if not self.modes:
            errors["modes"] = _("Choose at least one mode you can accept.")
        if self.organisation_id is None and self.registered_by_id is None:
            errors["organisation"] = _("A need is registered by an organisation or a person.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def mode_labels(self) -> list[str]:
        """The acceptable modes, named as the catalogue names them."""
        return [str(Mode(m).label) for m in self.modes if m in Mode.values]

    @property
    def schedule_labels(self) -> list[str]:
        """The acceptable times (empty: any time), named as the catalogue names them."""
        return [str(ScheduleKind(k).label) for k in self.schedules if k in ScheduleKind.values]


class NeedEvent(models.Model):
    """The need's history: registration, edits and status changes, in order."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("registered")
        UPDATED = "updated", _("updated")
        STATUS = "status", _("status changed")

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.need_id} {self.kind}"
