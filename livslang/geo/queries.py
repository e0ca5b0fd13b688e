"""Reading geography: resolving what people type into places, and distances.

Distance is measured from a postcode's own point, or from a municipality's settlement point.
The label point (the visual centre of the area) is for maps only and never used here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.classifications import queries as classification_queries
from livslang.geo.models import (
    MUNICIPALITY_CODE_DIGITS,
    POSTCODE_DIGITS,
    CountryCode,
    Municipality,
    Postcode,
    Region,
    country_name,
)
from livslang.geo.points import Point, bounding_box, great_circle_km

__all__ = [
    "AmbiguousPlace",
    "Place",
    "Point",
    "UnknownPlace",
    "great_circle_km",
    "municipality_of_postcode",
    "places_within",
    "reference_counts",
    "resolve_municipality",
    "resolve_place",
    "resolve_postcode",
]

# How far to follow successor/predecessor links; real chains are one or two steps long.
_MAX_LINEAGE_STEPS = 20
# Postcodes with the same place name this close together are one place.
_SAME_PLACE_KM = 15.0


class UnknownPlace(ValidationError):
    """The input names no postcode or municipality we know (or is malformed)."""

    def __init__(self, message: str, *, query: str = "", country: str | None = None) -> None:
        super().__init__(message, code="unknown_place")
        self.query = query
        self.country = country

    def __str__(self) -> str:
        return " ".join(self.messages)


class AmbiguousPlace(UnknownPlace):
    """The input matches several places; ``candidates`` lists them."""

    def __init__(
        self,
        message: str,
        *,
        query: str = "",
        country: str | None = None,
        candidates: tuple[Place, ...] = (),
    ) -> None:
        super().__init__(message, query=query, country=country)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved postcode or municipality, with the point distances are measured from."""

    kind: str  # "postcode" | "municipality"
    country: str
    code: str
    name: str
    lat: float
    lon: float
    municipality_code: str | None
    municipality_name: str | None

    @property
    def point(self) -> Point:
        return Point(self.lat, self.lon)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def _day(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _country(country: str | None, query: str) -> str | None:
    if country is None or country == "":
        return None
    code = country.strip().upper()
    if code not in CountryCode.values:
        raise UnknownPlace(
            _("Unknown country %(country)s.") % {"country": country}, query=query, country=country
        )
    return code


def _fold(text: str) -> str:
    """Compare names the way people type them: any case, hyphen or space, composed or not."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("-", " ").split()).casefold()


def _name_keys(municipality_name: str, name_official: str) -> set[str]:
    # "Guovdageaidnu - Kautokeino" answers to either of its parallel names.
    keys = {_fold(municipality_name), _fold(name_official)}
    keys.update(_fold(part) for part in name_official.split(" - "))
    return keys


def _municipality_place(m: Municipality) -> Place:
    return Place(
        kind="municipality",
        country=m.country_id,
        code=m.code,
        name=m.name,
        lat=m.settlement_lat,
        lon=m.settlement_lon,
        municipality_code=m.code,
        municipality_name=m.name,
    )


def _postcode_place(postcode: Postcode, municipality: Municipality | None) -> Place:
    return Place(
        kind="postcode",
        country=postcode.country_id,
        code=postcode.code,
        name=postcode.name,
        lat=postcode.lat,
        lon=postcode.lon,
        municipality_code=municipality.code if municipality else None,
        municipality_name=municipality.name if municipality else None,
    )


def _lineage_ids(municipality: Municipality) -> set[int]:
    """Ids of the municipality, its successors and its predecessors, transitively."""
    ids = {municipality.pk}
    frontier = {municipality.pk}
    for _step in range(_MAX_LINEAGE_STEPS):
        rows = Municipality.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)
        later = Municipality.objects.filter(pk__in=frontier, successor__isnull=False)
        found = set(rows) | set(later.values_list("successor_id", flat=True))
        frontier = {pk for pk in found if pk is not None} - ids
        if not frontier:
            break
        ids |= frontier
    return ids


def municipality_of_postcode(
    postcode: Postcode, *, on: dt.date | None = None
) -> Municipality | None:
    """The municipality ``postcode`` lay in on ``on`` (default today); None if in none.

    ``postcode.municipality`` is the latest unit (it moves to the successor when municipalities
    change, even for a change that takes effect later), so for other dates the answer comes
    from the covered municipalities valid that day, in the same line of succession.
    """
    primary = postcode.municipality
    if primary is None:
        return None
    day = _day(on)
    if primary.is_valid_on(day):
        return primary
    candidates = list(postcode.municipalities.valid_on(day))
    if len(candidates) > 1:
        lineage = _lineage_ids(primary)
        candidates = [m for m in candidates if m.pk in lineage]
    return candidates[0] if len(candidates) == 1 else None


def resolve_postcode(*, country: str, code: str, on: dt.date | None = None) -> Place:
    """The postcode ``code`` in ``country`` ("NO" or "DK"), with its own coordinates.

    Raises UnknownPlace for a malformed or unknown postcode.
    """
    query = code.strip()
    country_code = _country(country, query)
    if country_code is None:
        raise UnknownPlace(_("Choose a country for the postcode."), query=query)
    digits = POSTCODE_DIGITS[country_code]
    if not (query.isascii() and query.isdigit() and len(query) == digits):
        raise UnknownPlace(
            _(
                "“%(code)s” is not a valid postcode. "
                "Postcodes in %(country)s have %(digits)d digits."
            )
            % {"code": query, "country": country_name(country_code), "digits": digits},
            query=query,
            country=country_code,
        )
    postcode = (
        Postcode.objects.select_related("municipality")
        .filter(country_id=country_code, code=query)
        .first()
    )
    if postcode is None:
        raise UnknownPlace(
            _("No postcode %(code)s in %(country)s.")
            % {"code": query, "country": country_name(country_code)},
            query=query,
            country=country_code,
        )
    return _postcode_place(postcode, municipality_of_postcode(postcode, on=on))


def _municipality_by_code(query: str, country: str | None, day: dt.date) -> Place:
    code = query
    if country is None:
        by_length = {digits: c for c, digits in MUNICIPALITY_CODE_DIGITS.items()}
        country = by_length.get(len(code))
    elif country == "DK" and len(code) == 4 and code.startswith("0"):
        # DAGI and DAWA write the Danish codes with a leading zero ("0101" for København).
        code = code[1:]
    if country is None or len(code) != MUNICIPALITY_CODE_DIGITS[country]:
        if country is None:
            message = _(
                "“%(query)s” is not a municipality number: they have 4 digits in Norway "
                "and 3 in Denmark."
            ) % {"query": query}
        else:
            message = _(
                "“%(query)s” is not a municipality number: in %(country)s they have "
                "%(digits)d digits."
            ) % {
                "query": query,
                "country": country_name(country),
                "digits": MUNICIPALITY_CODE_DIGITS[country],
            }
        raise UnknownPlace(message, query=query, country=country)
    municipality = Municipality.objects.valid_on(day).filter(country_id=country, code=code).first()
    if municipality is None:
        raise UnknownPlace(
            _("No municipality %(code)s in %(country)s.")
            % {"code": code, "country": country_name(country)},
            query=query,
            country=country,
        )
    return _municipality_place(municipality)


def _municipality_by_name(query: str, country: str | None, day: dt.date) -> Place:
    qs = Municipality.objects.valid_on(day).select_related("region")
    if country:
        qs = qs.filter(country_id=country)
    wanted = _fold(query)
    matches = [m for m in qs if wanted in _name_keys(m.name, m.name_official)]
    if len(matches) == 1:
        return _municipality_place(matches[0])
    if not matches:
        if country:
            message = _("No municipality called “%(name)s” in %(country)s.") % {
                "name": query,
                "country": country_name(country),
            }
        else:
            message = _("No municipality called “%(name)s”.") % {"name": query}
        raise UnknownPlace(message, query=query, country=country)
    candidates = tuple(_municipality_place(m) for m in matches)
    countries = sorted({m.country_id for m in matches})
    if len(countries) > 1:
        message = _(
            "There is a municipality called “%(name)s” in %(countries)s: choose the country."
        )
        params = {"name": query, "countries": " / ".join(country_name(c) for c in countries)}
    else:
        message = _(
            "Several municipalities are called “%(name)s”: %(list)s. Use the municipality number."
        )
        params = {
            "name": query,
            "list": ", ".join(f"{m.code} ({m.region.name})" for m in matches),
        }
    raise AmbiguousPlace(message % params, query=query, country=country, candidates=candidates)


def resolve_municipality(
    *, query: str, country: str | None = None, on: dt.date | None = None
) -> Place:
    """A municipality valid on ``on`` (default today), by official number or by name.

    Names compare case-insensitively and also match the official (Sami/Kven) name. A name that
    exists in both countries needs ``country``; one that exists twice in a country (Herøy,
    Våler in Norway) needs the number. Raises UnknownPlace or AmbiguousPlace.
    """
    text = query.strip()
    country_code = _country(country, text)
    if not text:
        raise UnknownPlace(_("Enter a municipality name or number."), query=text)
    day = _day(on)
    if text.isascii() and text.isdigit():
        return _municipality_by_code(text, country_code, day)
    return _municipality_by_name(text, country_code, day)


def _postcode_by_place_name(query: str, country: str | None, on: dt.date | None) -> Place | None:
    # Some places people live in are no municipality (Longyearbyen) or are better known than
    # theirs (Fosnavåg): fall back to the postcode place names. Python compares the names,
    # because SQLite folds the case of ASCII letters only.
    names = Postcode.objects.all()
    if country:
        names = names.filter(country_id=country)
    wanted = _fold(query)
    ids = [pk for pk, name in names.values_list("pk", "name") if _fold(name) == wanted]
    if not ids:
        return None
    matches = list(
        Postcode.objects.select_related("municipality")
        .filter(pk__in=ids)
        .order_by("country", "code")
    )
    # One place when all its postcodes lie close together (Bryne has postcodes in Time and
    # Klepp); the municipality with most of them answers.
    first = matches[0]
    if all(
        p.country_id == first.country_id and great_circle_km(first.point, p.point) <= _SAME_PLACE_KM
        for p in matches
    ):
        counts = Counter(p.municipality_id for p in matches)
        postcode = next(p for p in matches if p.municipality_id == counts.most_common(1)[0][0])
        return _postcode_place(postcode, municipality_of_postcode(postcode, on=on))
    groups: dict[tuple[str, int | None], Postcode] = {}
    for postcode in matches:
        groups.setdefault((postcode.country_id, postcode.municipality_id), postcode)
    candidates = tuple(
        _postcode_place(p, municipality_of_postcode(p, on=on)) for p in groups.values()
    )
    raise AmbiguousPlace(
        _("Several places are called “%(name)s”: %(list)s. Use the postcode.")
        % {"name": query, "list": ", ".join(str(p) for p in candidates[:6])},
        query=query,
        country=country,
        candidates=candidates,
    )


def resolve_place(*, query: str, country: str | None = None, on: dt.date | None = None) -> Place:
    """What someone typed as "where": a postcode, a municipality number or a name.

    Four digits are a postcode (a municipality number is tried when no postcode matches);
    three digits a Danish municipality number; anything else a municipality name,
    then a postcode place name. Without ``country`` a postcode used in both countries (4400,
    5700, 9800) is ambiguous. Raises UnknownPlace or AmbiguousPlace.

    Places found are remembered per process and day (every search near a place asks again;
    the reference data changes only by loading it, which forgets them: ``forget_places``).
    Problems are not remembered: their messages are in the asker's language.
    """
    return _resolve_place(query.strip(), country or None, _day(on))


def forget_places() -> None:
    """Forget the places ``resolve_place`` remembered (after the reference data changed)."""
    _resolve_place.cache_clear()


@lru_cache(maxsize=4096)
def _resolve_place(text: str, country: str | None, on: dt.date) -> Place:
    country_code = _country(country, text)
    if not text:
        raise UnknownPlace(_("Enter a postcode or a municipality."), query=text)
    if not (text.isascii() and text.isdigit()):
        try:
            return resolve_municipality(query=text, country=country_code, on=on)
        except AmbiguousPlace:
            raise
        except UnknownPlace:
            place = _postcode_by_place_name(text, country_code, on)
            if place is None:
                raise
            return place
    if len(text) == 3:
        return resolve_municipality(query=text, country=country_code, on=on)
    if len(text) != 4:
        raise UnknownPlace(
            _("“%(query)s” is neither a postcode (4 digits) nor a municipality number.")
            % {"query": text},
            query=text,
            country=country_code,
        )
    qs = Postcode.objects.filter(code=text)
    if country_code:
        qs = qs.filter(country_id=country_code)
    countries = sorted(qs.values_list("country_id", flat=True))
    if len(countries) == 1:
        return resolve_postcode(country=countries[0], code=text, on=on)
    if len(countries) > 1:
        candidates = tuple(resolve_postcode(country=c, code=text, on=on) for c in countries)
        raise AmbiguousPlace(
            _("Postcode %(code)s exists in %(countries)s: choose the country.")
            % {"code": text, "countries": " / ".join(country_name(c) for c in countries)},
            query=text,
            candidates=candidates,
        )
    # No such postcode: a Norwegian municipality number, or a Danish one written DAWA-style
    # with a leading zero ("0101").
    fallbacks = [c for c in ("NO", "DK") if country_code in (None, c)]
    if not text.startswith("0"):
        fallbacks = [c for c in fallbacks if c != "DK"]
    for fallback in fallbacks:
        try:
            return resolve_municipality(query=text, country=fallback, on=on)
        except UnknownPlace:
            pass
    if country_code:
        raise UnknownPlace(
            _("No postcode %(code)s in %(country)s.")
            % {"code": text, "country": country_name(country_code)},
            query=text,
            country=country_code,
        )
    raise UnknownPlace(_("No postcode or municipality %(code)s.") % {"code": text}, query=text)


def places_within(
    *,
    origin: Point,
    radius_km: float,
    country: str | None = None,
    on: dt.date | None = None,
) -> list[tuple[Municipality, float]]:
    """Municipalities valid on ``on`` whose settlement point lies within ``radius_km``.

    A lat/lon box narrows the rows in the database (indexed columns); the exact great-circle
    distance decides. Sorted nearest first, as (municipality, km) pairs.
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    box = bounding_box(origin, radius_km)
    filters: dict[str, Any] = {
        "settlement_lat__gte": box.min_lat,
        "settlement_lat__lte": box.max_lat,
    }
    if box.min_lon is not None and box.max_lon is not None:
        filters["settlement_lon__gte"] = box.min_lon
        filters["settlement_lon__lte"] = box.max_lon
    qs = Municipality.objects.valid_on(on).filter(**filters).select_related("region")
    if country:
        qs = qs.for_country(country.upper())
    found = [(m, great_circle_km(origin, m.settlement_point)) for m in qs]
    within = [(m, km) for m, km in found if km <= radius_km]
    within.sort(key=lambda pair: (pair[1], pair[0].country_id, pair[0].code))
    return within


def reference_counts(*, on: dt.date | None = None) -> dict[str, int]:
    """How much reference data is loaded, for "About the data".

    Keys ``no_``/``dk_`` + ``municipalities``, ``regions`` (those valid on ``on``, default
    today) and ``postcodes``, plus ``isced_fields`` and ``nus_codes``. Zero when not loaded.
    """
    day = _day(on)
    result: dict[str, int] = {}
    sources = (
        ("municipalities", Municipality.objects.valid_on(day)),
        ("regions", Region.objects.valid_on(day)),
        ("postcodes", Postcode.objects.all()),
    )
    for kind, qs in sources:
        per_country = dict(
            qs.order_by()
            .values_list("country_id")
            .annotate(n=Count("pk"))
            .values_list("country_id", "n")
        )
        for country in ("NO", "DK"):
            result[f"{country.lower()}_{kind}"] = per_country.get(country, 0)
    result.update(classification_queries.counts())
    return result


def municipality_by_code(
    *, country: str, code: str | None, on: dt.date | None = None
) -> Municipality | None:
    """The municipality with ``code`` in ``country`` valid on ``on`` (default today), if any."""
    if not code:
        return None
    return Municipality.objects.valid_on(_day(on)).filter(country_id=country, code=code).first()


def current_municipalities(*, country: str | None = None) -> QuerySet[Municipality]:
    """The municipalities valid today, by country and code (for the API)."""
    found = Municipality.objects.valid_on().select_related("region")
    if country:
        found = found.for_country(country)
    return found.order_by("country_id", "code")


def units_for_insight(*, on: dt.date | None = None) -> tuple[list[Municipality], list[Region]]:
    """Every municipality (with its region) and every county/region valid on ``on`` (default
    today), by country and code: the areas regional insight computes figures for."""
    day = _day(on)
    municipalities = list(
        Municipality.objects.valid_on(day).select_related("region").order_by("country", "code")
    )
    regions = list(Region.objects.valid_on(day).order_by("country", "code"))
    return municipalities, regions
