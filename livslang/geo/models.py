"""Countries, regions (NO counties, DK regions), municipalities and postcodes.

Validity: a region or municipality is valid from ``valid_from`` (inclusive) up to ``valid_to``
(**exclusive**: the first day it no longer exists; None while it still exists). A unit ended by
a change on 2027-01-01 has ``valid_to = 2027-01-01`` and its successor ``valid_from =
2027-01-01``, so on any day exactly one of them is valid. ``valid_on(date)`` uses the same rule.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from livslang.geo.points import Point


class CountryCode(models.TextChoices):
    NORWAY = "NO", _("Norway")
    DENMARK = "DK", _("Denmark")


# Official code formats: NO kommunenummer 4 digits, fylkesnummer 2; DK kommunekode 3 digits
# (as Statistics Denmark writes it), regionskode 4 (1081-1085); postcodes 4 digits in both.
MUNICIPALITY_CODE_DIGITS: dict[str, int] = {"NO": 4, "DK": 3}
REGION_CODE_DIGITS: dict[str, int] = {"NO": 2, "DK": 4}
POSTCODE_DIGITS: dict[str, int] = {"NO": 4, "DK": 4}

_digits = RegexValidator(r"^[0-9]+$", _("Only digits are allowed."))
_latitude = [MinValueValidator(-90.0), MaxValueValidator(90.0)]
_longitude = [MinValueValidator(-180.0), MaxValueValidator(180.0)]


def country_name(code: str) -> str:
    """The translated name of a country code ("NO" -> "Norway" in the active language)."""
    try:
        return str(CountryCode(code).label)
    except ValueError:
        return code


def valid_on_q(date: dt.date) -> models.Q:
    """Units valid on ``date``: started on or before it, not yet ended (valid_to exclusive)."""
    return models.Q(valid_from__lte=date) & (
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=date)
    )


def _validity_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
        name=name,
    )


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True, choices=CountryCode.choices)
    # English name as stored; user-facing text uses ``country_name(code)``, which is translated.
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return country_name(self.code)


class RegionQuerySet(models.QuerySet["Region"]):
    def valid_on(self, date: dt.date | None = None) -> RegionQuerySet:
        """Regions valid on ``date`` (default: today)."""
        return self.filter(valid_on_q(date or timezone.localdate()))

    def for_country(self, country: str) -> RegionQuerySet:
        return self.filter(country_id=country)


class Region(models.Model):
    """A Norwegian county (fylke) or a Danish region."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("county")
        REGION = "region", _("region")

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="regions"
    )
    # Text, so leading zeros survive ("03" is Oslo).
    code = models.CharField(_("code"), max_length=4, validators=[_digits])
    name = models.CharField(_("name"), max_length=100)
    name_official = models.CharField(_("official name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Visual centre of the area, for map labels only: never used for distance.
    label_lat = models.FloatField(_("label latitude"), validators=_latitude)
    label_lon = models.FloatField(_("label longitude"), validators=_longitude)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("First day the region no longer exists; empty while it exists."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering: ClassVar = ["country", "code", "valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["country", "code", "valid_from"], name="geo_region_unique_code_from"
            ),
            _validity_constraint("geo_region_valid_to_after_valid_from"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        digits = REGION_CODE_DIGITS.get(self.country_id or "")
        if digits and len(self.code) != digits:
            raise ValidationError(
                {
                    "code": _("Region codes in %(country)s have %(digits)d digits.")
                    % {"country": country_name(self.country_id), "digits": digits}
                }
            )

    @property
    def label_point(self) -> Point:
        """Where to put the name on a map. Not for distances."""
        return Point(self.label_lat, self.label_lon)

    def is_valid_on(self, date: dt.date | None = None) -> bool:
        day = date or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def valid_on(self, date: dt.date | None = None) -> MunicipalityQuerySet:
        """Municipalities valid on ``date`` (default: today)."""
        return self.filter(valid_on_q(date or timezone.localdate()))

    def for_country(self, country: str) -> MunicipalityQuerySet:
        return self.filter(country_id=country)


class Municipality(models.Model):
    """A Norwegian kommune or a Danish kommune, in one period of its existence."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="municipalities"
    )
    code = models.CharField(_("code"), max_length=4, validators=[_digits])
    name = models.CharField(_("name"), max_length=100)
    # Kartverket's name with the Sami/Kven parallel names, e.g. "Guovdageaidnu - Kautokeino".
    name_official = models.CharField(_("official name"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    admin_centre = models.CharField(_("administrative centre"), max_length=100, blank=True)
    # Visual centre of the area, for map labels only: it can lie in a forest (Oslo's does),
    # so it is never used for distance.
    label_lat = models.FloatField(_("label latitude"), validators=_latitude)
    label_lon = models.FloatField(_("label longitude"), validators=_longitude)
    # Approximates the main settlement (median of its postcode points): used for distance.
    settlement_lat = models.FloatField(_("settlement latitude"), validators=_latitude)
    settlement_lon = models.FloatField(_("settlement longitude"), validators=_longitude)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("First day the municipality no longer exists; empty while it exists."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering: ClassVar = ["country", "code", "valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["country", "code", "valid_from"], name="geo_municipality_unique_code_from"
            ),
            _validity_constraint("geo_municipality_valid_to_after_valid_from"),
        ]
        # The bounding-box prefilter of distance searches ranges over these two columns.
        indexes: ClassVar = [
            models.Index(fields=["settlement_lat"], name="geo_muni_settlement_lat"),
            models.Index(fields=["settlement_lon"], name="geo_muni_settlement_lon"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        digits = MUNICIPALITY_CODE_DIGITS.get(self.country_id or "")
        if digits and len(self.code) != digits:
            raise ValidationError(
                {
                    "code": _("Municipality codes in %(country)s have %(digits)d digits.")
                    % {"country": country_name(self.country_id), "digits": digits}
                }
            )

    @property
    def settlement_point(self) -> Point:
        """The main settlement: the point distances are measured from."""
        return Point(self.settlement_lat, self.settlement_lon)

    @property
    def label_point(self) -> Point:
        """Where to put the name on a map. Never for distances."""
        return Point(self.label_lat, self.label_lon)

    def is_valid_on(self, date: dt.date | None = None) -> bool:
        day = date or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class PostcodeQuerySet(models.QuerySet["Postcode"]):
    def for_country(self, country: str) -> PostcodeQuerySet:
        return self.filter(country_id=country)


class Postcode(models.Model):
    """A postcode with a representative point and the municipality it lies in.

    ``municipality`` is the one municipality the point lies in (None for Svalbard and Jan
    Mayen, which are no municipality). ``municipalities`` lists every municipality the postcode
    covers (several for 239 Danish postcodes; for NO just the one). When municipalities change,
    both point to the successor and ``municipalities`` keeps the earlier units too, so it says
    which municipalities the postcode covered on any date: filter it with ``valid_on()``.
    """

    class CoordSource(models.TextChoices):
        GEONAMES = "geonames", _("GeoNames point")
        MUNICIPALITY_CENTRE = "municipality_centre", _("municipality centre")
        DAWA_VISUAL_CENTRE = "dawa_visual_centre", _("DAWA visual centre")
        DAGI2014_LAND_CENTRE = "dagi2014_land_centre", _("DAGI 2014 land centre")

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="postcodes"
    )
    code = models.CharField(_("postcode"), max_length=4, validators=[_digits])
    name = models.CharField(_("place"), max_length=100)
    lat = models.FloatField(_("latitude"), validators=_latitude)
    lon = models.FloatField(_("longitude"), validators=_longitude)
    coord_source = models.CharField(
        _("coordinate source"), max_length=24, choices=CoordSource.choices
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postcodes",
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities covered"),
        blank=True,
        related_name="covering_postcodes",
    )

    objects = PostcodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering: ClassVar = ["country", "code"]
        constraints: ClassVar = [
            # 4400, 5700 and 9800 exist in both countries, so the country is part of the key.
            models.UniqueConstraint(fields=["country", "code"], name="geo_postcode_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        digits = POSTCODE_DIGITS.get(self.country_id or "")
        if digits and len(self.code) != digits:
            raise ValidationError(
                {
                    "code": _("Postcodes in %(country)s have %(digits)d digits.")
                    % {"country": country_name(self.country_id), "digits": digits}
                }
            )

    @property
    def point(self) -> Point:
        return Point(self.lat, self.lon)
