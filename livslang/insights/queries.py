"""Reading the precomputed figures for pages, charts and exports.

Every page reads a fixed number of rows sets (periods, the area and its municipalities, the
topics), whatever the size of the catalogue. Counts of people below ``SMALL`` are shown as
"< 5" (``shown``): the number itself never leaves this module for a public view or an export,
and neither does a rate computed from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.geo.models import country_name
from livslang.insights.models import AreaFigures, Level, Period, TopicFigures
from livslang.insights.services import radii

SMALL = 5
SUPPRESSED = "< 5"
_AREA = re.compile(r"^(no|dk)(?:-([0-9]{2}|[0-9]{4}))?$")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    # "people": a count of people, suppressed below SMALL; "rate": per 1 000 inhabitants of
    # a people count; "count"/"share": shown as they are.
    kind: str
    source: str = ""


def measures() -> list[Measure]:
    """The figures, in the order tables and exports show them (labels in the active language)."""
    reach = [
        Measure(
            f"reach_{km}",
            _("On-site cohorts within %(km)s km") % {"km": km},
            _("cohorts"),
            "count",
            str(km),
        )
        for km in radii()
    ]
    return [
        *reach,
        Measure("online_cohorts", _("Online cohorts"), _("cohorts"), "count"),
        Measure("online_share", _("Online share (%)"), "%", "share"),
        Measure("open_needs", _("Open needs"), _("needs"), "people"),
        Measure("need_people", _("People behind open needs"), _("people"), "people"),
        Measure("gap_needs", _("Unmet needs (gaps)"), _("needs"), "people"),
        Measure("gap_people", _("People behind unmet needs"), _("people"), "people"),
        Measure("enrolments", _("Enrolments"), _("people"), "people"),
        Measure(
            "enrolments_per_1000",
            _("Enrolments per 1 000 inhabitants"),
            _("per 1 000"),
            "rate",
            "enrolments",
        ),
        Measure("interests", _("Interests"), _("people"), "people"),
        Measure(
            "interests_per_1000",
            _("Interests per 1 000 inhabitants"),
            _("per 1 000"),
            "rate",
            "interests",
        ),
        Measure("few_result_searches", _("Searches with few results"), _("searches"), "people"),
        Measure("centres", _("Centres serving the area"), _("centres"), "count"),
    ]


def measure(key: str) -> Measure | None:
    return next((m for m in measures() if m.key == key), None)


@dataclass(frozen=True)
class Cell:
    """One figure as shown: ``value`` is None where it must not or cannot be drawn."""

    value: float | None
    text: str


def shown(count: int) -> Cell:
    """A count of people: 1 to 4 become "< 5" (0 stays 0: nobody to protect)."""
    if 0 < count < SMALL:
        return Cell(None, SUPPRESSED)
    return Cell(float(count), str(count))


def _number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def cell(row: AreaFigures, m: Measure) -> Cell:
    if m.kind == "count" and m.key.startswith("reach_"):
        n = int(row.reachable.get(m.source, 0))
        return Cell(float(n), str(n))
    if m.kind == "count":
        n = int(getattr(row, m.key))
        return Cell(float(n), str(n))
    if m.kind == "share":
        widest = str(max(radii())) if radii() else ""
        on_site = int(row.reachable.get(widest, 0))
        total = on_site + row.online_cohorts
        if not total:
            return Cell(None, _("no cohorts"))
        share = 100.0 * row.online_cohorts / total
        return Cell(round(share, 1), _number(share))
    if m.kind == "rate":
        count = int(getattr(row, m.source))
        if not row.population:
            return Cell(None, _("no population figure"))
        if 0 < count < SMALL:
            return Cell(None, SUPPRESSED)
        rate = 1000.0 * count / row.population
        return Cell(round(rate, 2), _number(rate, 2))
    return shown(int(getattr(row, m.key)))


@dataclass
class AreaRow:
    figures: AreaFigures
    cells: list[Cell]

    @property
    def name(self) -> str:
        return self.figures.name

    @property
    def code(self) -> str:
        return self.figures.code

    @property
    def population(self) -> str:
        p = self.figures.population
        return str(p) if p else _("no population figure")


@dataclass(frozen=True)
class AreaKey:
    """An area in a URL: ``no``, ``dk`` (a country), ``no-46`` or ``dk-1081`` (a county or
    region)."""

    country: str
    region_code: str | None

    @property
    def slug(self) -> str:
        base = self.country.lower()
        return f"{base}-{self.region_code}" if self.region_code else base


def parse_area(slug: str) -> AreaKey | None:
    found = _AREA.match(slug)
    if not found:
        return None
    return AreaKey(found.group(1).upper(), found.group(2))


def periods() -> list[Period]:
    """Computed periods, newest first (one query)."""
    return list(Period.objects.filter(computed_at__isnull=False).order_by("-start", "-end", "pk"))


def choose_period(available: list[Period], wanted: str | None) -> Period | None:
    """The period with id ``wanted`` if computed, else the newest one that has started."""
    for period in available:
        if wanted and str(period.pk) == wanted:
            return period
    return available[0] if available else None


@dataclass
class AreaView:
    key: AreaKey
    total: AreaRow
    rows: list[AreaRow]
    regions: list[AreaFigures] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.key.region_code is None:
            return country_name(self.key.country)
        return self.total.name


def area_view(period: Period, key: AreaKey) -> AreaView | None:
    """The area's own figures and those of its municipalities (and, for a country, of its
    counties or regions), in one query; None if the area has no figures in the period."""
    own = Q(level=Level.COUNTRY, code=key.country)
    part = Q(level=Level.MUNICIPALITY)
    if key.region_code is not None:
        own = Q(level=Level.REGION, code=key.region_code)
        part &= Q(region_code=key.region_code)
    found = list(
        AreaFigures.objects.filter(period=period, country=key.country)
        .filter(own | part | Q(level=Level.REGION))
        .order_by("name", "code")
    )
    wanted = measures()
    total = next(
        (
            f
            for f in found
            if (f.level == Level.COUNTRY and key.region_code is None)
            or (f.level == Level.REGION and f.code == key.region_code)
        ),
        None,
    )
    if total is None:
        return None
    rows = [
        AreaRow(f, [cell(f, m) for m in wanted])
        for f in found
        if f.level == Level.MUNICIPALITY
        and (key.region_code is None or f.region_code == key.region_code)
    ]
    regions = [f for f in found if f.level == Level.REGION]
    return AreaView(key, AreaRow(total, [cell(total, m) for m in wanted]), rows, regions)


def countries_overview(period: Period) -> list[AreaFigures]:
    """The countries and their counties/regions, for the start page (one query)."""
    return list(
        AreaFigures.objects.filter(period=period, level__in=[Level.COUNTRY, Level.REGION]).order_by(
            "country", "level", "name"
        )
    )


TOPIC_MEASURES = (
    ("gap_needs", gettext_lazy("Unmet needs (gaps)"), "people"),
    ("need_people", gettext_lazy("People behind open needs"), "people"),
    ("open_needs", gettext_lazy("Open needs"), "people"),
    ("reachable", gettext_lazy("On-site cohorts on the topic within reach"), "count"),
)


def topics(period: Period, country: str) -> list[str]:
    """Topics with needs in the country in the period, alphabetically (one query)."""
    return sorted(
        set(
            TopicFigures.objects.filter(
                period=period, country=country, level=Level.COUNTRY, open_needs__gt=0
            ).values_list("topic", flat=True)
        ),
        key=str.casefold,
    )


@dataclass
class TopicRow:
    code: str
    name: str
    cells: list[Cell]


def topic_rows(period: Period, key: AreaKey, topic: str, names: dict[str, str]) -> list[TopicRow]:
    """Per municipality of the area: the topic's figures (zeros where nothing is stored)."""
    query = TopicFigures.objects.filter(
        period=period, country=key.country, level=Level.MUNICIPALITY, topic=topic
    )
    if key.region_code is not None:
        query = query.filter(region_code=key.region_code)
    stored = {t.code: t for t in query}
    rows: list[TopicRow] = []
    for code, name in names.items():
        figures = stored.get(code)
        cells: list[Cell] = []
        for attr, _label, kind in TOPIC_MEASURES:
            n = int(getattr(figures, attr)) if figures else 0
            cells.append(shown(n) if kind == "people" else Cell(float(n), str(n)))
        rows.append(TopicRow(code, name, cells))
    return rows


def series(key: AreaKey, m: Measure) -> list[tuple[Period, Cell]]:
    """The area's figure in every computed period, oldest first (one query)."""
    level = Level.COUNTRY if key.region_code is None else Level.REGION
    code = key.country if key.region_code is None else key.region_code
    rows = (
        AreaFigures.objects.filter(
            level=level, country=key.country, code=code, period__computed_at__isnull=False
        )
        .select_related("period")
        .order_by("period__start", "period__end")
    )
    return [(row.period, cell(row, m)) for row in rows]
