"""Precomputed figures of access, demand and gaps per municipality, county/region and country.

A refresh (``services.refresh``, run by the worker or ``manage.py refresh_insights``) replaces
the figures of every period at once; pages only read these rows, so their query counts do not
grow with the catalogue. Counts of people are stored exactly; suppression of small counts
("< 5") happens when they are shown (``queries.shown``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def _empty_dict() -> dict[str, Any]:
    return {}


class Period(models.Model):
    """A date range the figures are computed for (both days included)."""

    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("insight period")
        verbose_name_plural = _("insight periods")
        ordering: ClassVar = ["-start", "-end", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["start", "end"], name="insights_period_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="insights_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must be on or after the start.")})


class Level(models.TextChoices):
    COUNTRY = "country", _("country")
    REGION = "region", _("county or region")
    MUNICIPALITY = "municipality", _("municipality")


class AreaFigures(models.Model):
    """The figures of one area (municipality, county/region or country) in one period."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="figures"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    country = models.CharField(_("country"), max_length=2)
    region_code = models.CharField(_("county or region code"), max_length=4, blank=True)
    code = models.CharField(_("code"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # On-site (and blended) cohorts within each radius of the settlement point, keyed by km.
    reachable = models.JSONField(_("reachable on-site cohorts"), default=_empty_dict)
    online_cohorts = models.PositiveIntegerField(_("online cohorts"), default=0)
    open_needs = models.PositiveIntegerField(_("open needs"), default=0)
    need_people = models.PositiveIntegerField(_("people behind open needs"), default=0)
    gap_needs = models.PositiveIntegerField(_("unmet needs"), default=0)
    gap_people = models.PositiveIntegerField(_("people behind unmet needs"), default=0)
    enrolments = models.PositiveIntegerField(_("enrolments"), default=0)
    interests = models.PositiveIntegerField(_("interests"), default=0)
    few_result_searches = models.PositiveIntegerField(_("searches with few results"), default=0)
    centres = models.PositiveIntegerField(_("centres serving the area"), default=0)

    class Meta:
        verbose_name = _("area figures")
        verbose_name_plural = _("area figures")
        ordering: ClassVar = ["period", "country", "level", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["period", "level", "country", "code"], name="insights_area_unique"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["period", "country", "region_code"], name="insights_area_region"),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.code} {self.name}"


class TopicFigures(models.Model):
    """Needs, the people behind them, gaps and reachable cohorts for one topic in one area."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="topic_figures"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    country = models.CharField(_("country"), max_length=2)
    region_code = models.CharField(_("county or region code"), max_length=4, blank=True)
    code = models.CharField(_("code"), max_length=4)
    topic = models.CharField(_("topic"), max_length=100)
    open_needs = models.PositiveIntegerField(_("open needs"), default=0)
    need_people = models.PositiveIntegerField(_("people behind open needs"), default=0)
    gap_needs = models.PositiveIntegerField(_("unmet needs"), default=0)
    reachable = models.PositiveIntegerField(_("reachable on-site cohorts"), default=0)

    class Meta:
        verbose_name = _("topic figures")
        verbose_name_plural = _("topic figures")
        ordering: ClassVar = ["period", "topic", "country", "level", "code"]
        indexes: ClassVar = [
            models.Index(fields=["period", "topic", "country"], name="insights_topic_area"),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.country} {self.code}"


class RefreshCursor(models.Model):
    """The catalogue change-log position the figures were last computed at (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(_("catalogue position"), default=0)

    class Meta:
        verbose_name = _("refresh position")
        verbose_name_plural = _("refresh positions")

    def __str__(self) -> str:
        return str(self.sequence)


class StatisticsHost(models.Model):
    """A host ``import_statistics`` may fetch from (https only); kept by administrators."""

    host = models.CharField(
        _("host"),
        max_length=200,
        unique=True,
        help_text=_("A host name such as data.ssb.no, without https:// or a path."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("statistics host")
        verbose_name_plural = _("statistics hosts")
        ordering: ClassVar = ["host"]

    def __str__(self) -> str:
        return self.host


class StatisticsSeries(models.Model):
    """One series of official statistics: a JSON-stat dataset with one combination of its
    non-geographic, non-time categories, with values per area and period.

    Identified by ``source`` and ``label``; ``updated`` is the dataset's own date, so a
    re-import of the same source, label and ``updated`` changes nothing.
    """

    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    source = models.CharField(_("source"), max_length=300)
    label = models.CharField(_("label"), max_length=500)
    updated = models.CharField(_("updated (by the source)"), max_length=40, blank=True)
    categories = models.JSONField(_("categories"), default=_empty_dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    is_population = models.BooleanField(
        _("population series"),
        default=False,
        help_text=_("Its latest value per municipality is the population for per-capita figures."),
    )
    indicator = models.ForeignKey(
        "programmes.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The indicator that takes its measurements from this series."),
    )
    indicator_area = models.CharField(
        _("area code for the indicator"),
        max_length=4,
        blank=True,
        help_text=_(
            "The municipality, county or region code whose values the indicator takes; empty "
            "for the programme's region."
        ),
    )

    class Meta:
        verbose_name = _("statistics series")
        verbose_name_plural = _("statistics series")
        ordering: ClassVar = ["source", "label"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["source", "label"], name="insights_series_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class StatisticsValue(models.Model):
    """One value of a series: an area (by level, country and code) in one period."""

    series = models.ForeignKey(
        StatisticsSeries, verbose_name=_("series"), on_delete=models.CASCADE, related_name="values"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    country = models.CharField(_("country"), max_length=2)
    code = models.CharField(_("code"), max_length=4)
    period = models.CharField(_("period"), max_length=20)
    # The first day of the period, for ordering and for indicator measurements.
    starts_on = models.DateField(_("period starts"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("statistics value")
        verbose_name_plural = _("statistics values")
        ordering: ClassVar = ["series", "country", "code", "starts_on"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["series", "level", "country", "code", "period"],
                name="insights_statistics_value_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.code} {self.period}"
