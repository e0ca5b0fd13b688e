"""Programmes, partners, tracks, goals with indicators and measurements, actions and
initiatives."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")


class PartnerRole(models.TextChoices):
    """An organisation's part in a programme: the secretariat (``programme_admin`` for its
    editors and administrators) or a partner (its members read the programme)."""

    SECRETARIAT = "secretariat", _("secretariat")
    PARTNER = "partner", _("partner")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    CSV_IMPORT = "csv_import", _("imported from CSV files")
    COMPUTED = "computed", _("computed from Livslang's data")


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    CSV_IMPORT = "csv_import", _("imported from a CSV file")
    COMPUTED = "computed", _("computed from Livslang's data")
    STATISTICS = "statistics", _("taken from a statistics series")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


# Actions whose due date still matters (for "upcoming" and "overdue").
OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.DELAYED)


class Programme(models.Model):
    """A multi-actor regional programme with overall goals, worked on in tracks."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("Computed indicators count what happens in this county or region."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=9, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "A public programme's goals, progress, tracks and initiatives can be read by anyone."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering: ClassVar = ["name", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="programmes_programme_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        if not self.name:
            raise ValidationError({"name": _("Enter the programme's name.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The programme cannot end before it starts.")})


class ProgrammePartner(models.Model):
    """An organisation taking part in a programme, as its secretariat or as a partner."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="programme_partnerships",
    )
    role = models.CharField(
        _("role"), max_length=11, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme partner")
        verbose_name_plural = _("programme partners")
        ordering: ClassVar = ["programme", "role", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="programmes_partner_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Track(models.Model):
    """A strand of a programme (*spor*), owned and driven by some organisations."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=3000, blank=True)
    owners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("owning organisations"),
        related_name="owned_tracks",
    )
    tag = models.CharField(
        _("offering tag"),
        max_length=100,
        blank=True,
        help_text=_(
            "Offerings with this campaign or programme tag (any case) count for this track."
        ),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering: ClassVar = ["programme", "position", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:track", kwargs={"track_id": self.public_id})


class Goal(models.Model):
    """A goal of the programme (no track) or of a track; a track goal may contribute to a
    programme goal with a stored weight."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals"
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    name = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("contributes to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("How much this goal counts in the goal it contributes to."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering: ClassVar = ["programme", "position", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="programmes_goal_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:goal", kwargs={"goal_id": self.public_id})

    @property
    def is_programme_goal(self) -> bool:
        return self.track_id is None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.name = " ".join(self.name.split())
        if not self.name:
            errors["name"] = _("Enter the goal.")
        parent = self.parent if self.parent_id else None
        if parent is not None:
            if self.track_id is None:
                errors["parent"] = _("Only a track's goal can contribute to a programme goal.")
            elif parent.track_id is not None or parent.programme_id != self.programme_id:
                errors["parent"] = _("Choose one of the programme's overall goals.")
        track = self.track if self.track_id is not None else None
        if track is not None and track.programme_id != self.programme_id:
            errors["track"] = _("Choose a track of this programme.")
        if errors:
            raise ValidationError(errors)


class Indicator(models.Model):
    """How a goal is measured: a baseline, a target and where the values come from."""

    goal = models.OneToOneField(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicator"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MANUAL,
    )
    computed_kind = models.CharField(_("computed as"), max_length=40, blank=True)
    interval_months = models.PositiveSmallIntegerField(
        _("expected every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A new value is expected this many months after the last one; after that "
            "the indicator is shown as late."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from livslang.programmes.computed import KINDS

        errors: dict[str, Any] = {}
        self.name = " ".join(self.name.split())
        if not self.name:
            errors["name"] = _("Enter the indicator's name.")
        if self.baseline_value is not None and self.target_value is not None:
            if self.direction == Direction.HIGHER and self.target_value <= self.baseline_value:
                errors["target_value"] = _(
                    "When higher is better, the target must be above the baseline."
                )
            if self.direction == Direction.LOWER and self.target_value >= self.baseline_value:
                errors["target_value"] = _(
                    "When lower is better, the target must be below the baseline."
                )
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            errors["target_date"] = _("The target date must come after the baseline date.")
        if self.source == IndicatorSource.COMPUTED:
            if self.computed_kind not in KINDS:
                errors["computed_kind"] = _("Choose what the indicator is computed from.")
        else:
            self.computed_kind = ""
        if errors:
            raise ValidationError(errors)


class Measurement(models.Model):
    """An indicator's value on a date."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("date"))
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=MeasurementSource.choices,
        default=MeasurementSource.MANUAL,
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering: ClassVar = ["indicator", "measured_on", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="programmes_measurement_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on:%Y-%m-%d})"


class Action(models.Model):
    """An item of a track's action plan, a follow-up of a coordination group's decision, or
    an item of an agreement's follow-up plan for one commitment in one region: exactly one of
    ``track``, ``decision`` and ``commitment`` (with ``region``) is set."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    decision = models.ForeignKey(
        "programmes.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    commitment = models.ForeignKey(
        "programmes.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_actions",
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_actions",
    )
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=11,
        choices=ActionStatus.choices,
        default=ActionStatus.NOT_STARTED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("linked goals"), blank=True, related_name="actions"
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering: ClassVar = ["due_date", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="programmes_action_progress_max"
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="programmes_action_due_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    track__isnull=False,
                    decision__isnull=True,
                    commitment__isnull=True,
                    region__isnull=True,
                )
                | models.Q(
                    track__isnull=True,
                    decision__isnull=False,
                    commitment__isnull=True,
                    region__isnull=True,
                )
                | models.Q(
                    track__isnull=True,
                    decision__isnull=True,
                    commitment__isnull=False,
                    region__isnull=False,
                ),
                name="programmes_action_belongs_to_one_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.title = " ".join(self.title.split())
        if not self.title:
            errors["title"] = _("Describe the action in a few words.")
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date cannot come before the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def plan_track(self) -> Track:
        """The track of an action-plan item (an error for a follow-up)."""
        if self.track is None:
            raise ValueError("a follow-up is not an item of a track's action plan")
        return self.track

    @property
    def is_follow_up(self) -> bool:
        """A decision's follow-up or an agreement's regional action (not an action plan's)."""
        return self.track_id is None


class Initiative(models.Model):
    """An activity already under way, or newly started, that serves some of the tracks."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_initiatives",
    )
    tracks = models.ManyToManyField(
        Track, verbose_name=_("tracks it serves"), blank=True, related_name="initiatives"
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    is_new = models.BooleanField(
        _("started by the programme"),
        default=False,
        help_text=_("Leave unticked for an activity that was already under way."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering: ClassVar = ["programme", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        if not self.name:
            raise ValidationError({"name": _("Enter the initiative's name.")})
