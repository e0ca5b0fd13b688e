"""Importing official statistics (JSON-stat 2.0) as StatisticsSeries, and using them: an
indicator linked to a series takes its measurements from it; population series fill the
per-capita figures.

Geographic codes are placed on the units valid today: NO municipalities (4 digits) and
counties (2), DK municipalities (3) and regions (1081-1085), and the countries ("0", "NO" for
Norway, "000", "DK" for Denmark). SSB's "K-"/"F-" prefixes are accepted. Codes that place
nowhere are listed with the number of values skipped; ``strict`` rejects them instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from livslang.audit.services import record
from livslang.geo import queries as geo_queries
from livslang.insights.jsonstat import Cube, CubeError, parse
from livslang.insights.models import Level, StatisticsHost, StatisticsSeries, StatisticsValue

COUNTRY_CODES = {"0": "NO", "00": "NO", "NO": "NO", "000": "DK", "DK": "DK"}
_PREFIX = re.compile(r"^(?:K|F|KOM|FYLKE)-", re.IGNORECASE)
_TIME = [
    (re.compile(r"^(\d{4})$"), lambda m: dt.date(int(m[1]), 1, 1)),
    (re.compile(r"^(\d{4})[KQ]([1-4])$"), lambda m: dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)),
    (re.compile(r"^(\d{4})H([12])$"), lambda m: dt.date(int(m[1]), 6 * int(m[2]) - 5, 1)),
    (re.compile(r"^(\d{4})M(\d{2})$"), lambda m: dt.date(int(m[1]), int(m[2]), 1)),
    (re.compile(r"^(\d{4})-(\d{2})$"), lambda m: dt.date(int(m[1]), int(m[2]), 1)),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), lambda m: dt.date(int(m[1]), int(m[2]), int(m[3]))),
]


class UsageError(ValueError):
    """The command was asked for something it will not do (exit 2): no such file, a URL that
    is not https or not on the allow-list."""


Place = tuple[str, str, str]  # (level, country, code)


def places(on: dt.date | None = None) -> dict[str, Place]:
    """Every placeable code: municipalities, counties/regions and countries valid on ``on``."""
    municipalities, regions = geo_queries.units_for_insight(on=on)
    found: dict[str, Place] = {
        code: (Level.COUNTRY, country, country) for code, country in COUNTRY_CODES.items()
    }
    for r in regions:
        found[r.code] = (Level.REGION, r.country_id, r.code)
    for m in municipalities:
        found[m.code] = (Level.MUNICIPALITY, m.country_id, m.code)
    return found


def normalise(code: str) -> str:
    return _PREFIX.sub("", code.strip())


def period_start(code: str) -> dt.date | None:
    for pattern, build in _TIME:
        found = pattern.match(code.strip())
        if found:
            try:
                return build(found)
            except ValueError:
                return None
    return None


@dataclass
class SeriesLine:
    slug: str
    stored: int
    skipped: int
    unplaced: list[str]
    unchanged: bool

    def __str__(self) -> str:
        codes = ",".join(self.unplaced) or "-"
        return f"series={self.slug} values={self.stored} skipped={self.skipped} unplaced={codes}"


@dataclass
class ImportReport:
    lines: list[SeriesLine] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for line in self.lines if not line.unchanged)

    @property
    def unchanged(self) -> int:
        return sum(1 for line in self.lines if line.unchanged)

    @property
    def summary(self) -> str:
        return f"imported={self.imported} unchanged={self.unchanged}"


def _slug(source: str, label: str) -> str:
    digest = hashlib.sha256(f"{source}\n{label}".encode()).hexdigest()[:8]
    return f"{slugify(label)[:80].strip('-') or 'series'}-{digest}"


def _series_label(cube: Cube, combination: tuple[str, ...]) -> str:
    parts = [
        cube.category_labels[d].get(code, code)
        for d, code in zip(cube.others, combination, strict=True)
    ]
    return f"{cube.label or '(no label)'}: {', '.join(parts)}" if parts else cube.label


def _check_periods(cube: Cube) -> dict[str, dt.date]:
    starts: dict[str, dt.date] = {}
    for code in cube.categories[cube.time]:
        start = period_start(code)
        if start is None:
            raise CubeError(
                f"dimension {cube.time}: period {code!r} is not a year, half-year, quarter, "
                "month or date"
            )
        starts[code] = start
    return starts


def _import_cube(
    cube: Cube, known: dict[str, Place], *, source: str, strict: bool, as_population: bool
) -> list[SeriesLine]:
    starts = _check_periods(cube)
    unplaced = sorted({c for c in cube.categories[cube.geo] if normalise(c) not in known})
    skipped_cells = [c for c in cube.cells if normalise(c.geo) not in known]
    if strict and unplaced:
        raise CubeError(
            f"dimension {cube.geo}: {len(unplaced)} codes place on no current municipality, "
            f"county or region ({', '.join(unplaced[:20])}); --strict rejects them"
        )
    combos: dict[tuple[str, ...], list[Any]] = {}
    for cell in cube.cells:
        if normalise(cell.geo) in known:
            combos.setdefault(cell.others, []).append(cell)
    lines: list[SeriesLine] = []
    for combination in sorted(combos):
        cells = combos[combination]
        skipped = sum(1 for c in skipped_cells if c.others == combination)
        label = _series_label(cube, combination)[:500]
        series = StatisticsSeries.objects.filter(source=source, label=label).first()
        if series is not None and cube.updated and series.updated == cube.updated:
            if as_population and not series.is_population:
                StatisticsSeries.objects.filter(pk=series.pk).update(is_population=True)
            lines.append(SeriesLine(series.slug, 0, skipped, unplaced, unchanged=True))
            continue
        if series is None:
            series = StatisticsSeries(source=source, label=label, slug=_slug(source, label))
        series.updated = cube.updated
        series.categories = {
            cube.dimension_labels[d]: cube.category_labels[d].get(code, code)
            for d, code in zip(cube.others, combination, strict=True)
        }
        series.is_population = series.is_population or as_population
        series.full_clean(validate_unique=False)
        series.save()
        StatisticsValue.objects.filter(series=series).delete()
        values = []
        for cell in cells:
            level, country, code = known[normalise(cell.geo)]
            values.append(
                StatisticsValue(
                    series=series,
                    level=level,
                    country=country,
                    code=code,
                    period=cell.time,
                    starts_on=starts[cell.time],
                    value=None if cell.value is None else Decimal(str(cell.value)),
                    status=cell.status[:20],
                )
            )
        StatisticsValue.objects.bulk_create(values, batch_size=1000, ignore_conflicts=False)
        lines.append(SeriesLine(series.slug, len(values), skipped, unplaced, unchanged=False))
        apply_series(series, actor=None)
    return lines


def import_document(
    document: Any,
    *,
    source_name: str,
    strict: bool = False,
    dry_run: bool = False,
    as_population: bool = False,
) -> ImportReport:
    """Validate and store every dataset of the document in one transaction: a structural
    fault (or a ``strict`` rejection) raises ``CubeError`` and stores nothing; ``dry_run``
    reports what would be stored and stores nothing."""
    known = places()

    def geographic(codes: list[str]) -> bool:
        return bool(codes) and sum(normalise(c) in known for c in codes) * 2 > len(codes)

    cubes = parse(document, geographic)
    report = ImportReport()
    with transaction.atomic():
        for cube in cubes:
            source = (cube.source or source_name)[:300]
            report.lines.extend(
                _import_cube(cube, known, source=source, strict=strict, as_population=as_population)
            )
        if dry_run:
            transaction.set_rollback(True)
        else:
            record(
                actor_label="import_statistics",
                action="statistics.import",
                object_type="insights.statisticsseries",
                object_repr=source_name[:200],
                changes={"imported": report.imported, "unchanged": report.unchanged},
            )
            if report.imported:
                from livslang.insights.services import request_refresh

                request_refresh()
    return report


# --- Fetching ------------------------------------------------------------------------------


def allowed_hosts() -> set[str]:
    return {h.lower() for h in StatisticsHost.objects.values_list("host", flat=True)}


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, host: str) -> None:
        self.host = host

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        target = urlsplit(newurl)
        if target.scheme != "https" or (target.hostname or "").lower() != self.host:
            raise urllib.error.URLError(f"redirect to another host refused: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, opener: Callable[..., Any] | None = None) -> bytes:
    """The body at ``url``: https only, a host on the administrators' allow-list, redirects
    only within that host, at most ``STATISTICS_MAX_BYTES`` within ``STATISTICS_TIMEOUT``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        raise UsageError(f"only https addresses are fetched: {url}")
    if host not in allowed_hosts():
        raise UsageError(f"{host or url} is not on the statistics host allow-list (admin)")
    limit = int(getattr(settings, "STATISTICS_MAX_BYTES", 20_000_000))
    timeout = float(getattr(settings, "STATISTICS_TIMEOUT", 30))
    build = opener or urllib.request.build_opener
    client = build(_SameHostRedirects(host))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    try:
        with client.open(request, timeout=timeout) as response:
            while True:
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise UsageError(f"{url} is larger than {limit} bytes")
                if time.monotonic() > deadline:
                    raise UsageError(f"{url} took longer than {timeout:g} s")
                chunks.append(chunk)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise UsageError(f"could not fetch {url}: {exc}") from exc
    return b"".join(chunks)


# --- Using series ---------------------------------------------------------------------------


def apply_series(series: StatisticsSeries, *, actor: Any) -> int:
    """Give the linked indicator the series' values for its area (the chosen code, else the
    programme's region); returns how many measurements changed."""
    if series.indicator_id is None:
        return 0
    from livslang.programmes import queries as programme_queries
    from livslang.programmes import services as programme_services

    indicator = series.indicator
    assert indicator is not None
    area = series.indicator_area
    country = None
    if not area:
        region = programme_queries.region_code_of_indicator(indicator)
        if region is None:
            return 0
        country, area = region
    values = StatisticsValue.objects.filter(series=series, code=area, value__isnull=False)
    if country:
        values = values.filter(country=country)
    points = [
        (v.starts_on, Decimal(v.value).quantize(Decimal("0.01")))
        for v in values.order_by("starts_on")
        if v.value is not None
    ]
    return programme_services.take_statistics_measurements(
        actor=actor, indicator=indicator, points=points, series_label=series.label
    )


def population_by_municipality() -> dict[tuple[str, str], int]:
    """(country, municipality code) -> the latest value of the population series (one query)."""
    rows = (
        StatisticsValue.objects.filter(
            series__is_population=True, level=Level.MUNICIPALITY, value__isnull=False
        )
        .order_by("starts_on", "pk")
        .values_list("country", "code", "value")
    )
    return {(country, code): int(value) for country, code, value in rows if value is not None}
