"""Refreshing the precomputed figures (the worker after changes, or ``refresh_insights``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from livslang.catalog import queries as catalog_queries
from livslang.enrolments import queries as enrolment_queries
from livslang.geo import queries as geo_queries
from livslang.insights.compute import Area, RegionUnit, compute
from livslang.insights.models import AreaFigures, Period, TopicFigures
from livslang.matching import queries as matching_queries
from livslang.needs import queries as needs_queries
from livslang.organisations import queries as org_queries
from livslang.search import queries as search_queries
from livslang.tasks import enqueue_on_commit

_PENDING_KEY = "insights:refresh-pending"


def radii() -> tuple[int, ...]:
    """The travel distances (km) reach is counted for: ``INSIGHTS_RADII_KM``."""
    return tuple(sorted(int(km) for km in getattr(settings, "INSIGHTS_RADII_KM", (30, 60, 90))))


def topic_radius() -> int:
    """The distance (km) the per-topic maps count reachable cohorts within."""
    return int(getattr(settings, "INSIGHTS_TOPIC_RADIUS_KM", 60))


def catalogue_changed(last_sequence: int) -> None:
    """After a committed catalogue change: have the worker recompute the figures (once,
    however many changes arrive before it runs)."""
    request_refresh()


def request_refresh() -> None:
    """Queue one refresh after the current transaction commits (needs, sign-ups and
    statistics call this too)."""
    if cache.add(_PENDING_KEY, 1, timeout=600):
        from livslang.insights.tasks import refresh_insights

        enqueue_on_commit(refresh_insights)


def ensure_period(*, start: dt.date, end: dt.date) -> Period:
    period = Period(start=start, end=end)
    period.full_clean(validate_constraints=False)
    found, _created = Period.objects.get_or_create(start=start, end=end)
    return found


def default_periods(today: dt.date) -> list[Period]:
    """This calendar year and the last one, so pages can compare."""
    return [
        ensure_period(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        for year in (today.year - 1, today.year)
    ]


def refresh(*, today: dt.date | None = None, period: Period | None = None) -> int:
    """Recompute the figures of ``period`` (default: every period, creating this year's and
    last year's when missing); returns the number of area rows written."""
    cache.delete(_PENDING_KEY)
    day = today or timezone.localdate()
    if period is None:
        default_periods(day)
    periods = [period] if period is not None else list(Period.objects.order_by("start", "end"))
    municipalities, regions = geo_queries.units_for_insight(on=day)
    from livslang.insights.statistics import population_by_municipality

    populations = population_by_municipality()
    areas = [
        Area(
            id=m.pk,
            country=m.country_id,
            code=m.code,
            name=m.name,
            region_code=m.region.code,
            population=populations.get((m.country_id, m.code), m.population),
            lat=m.settlement_lat,
            lon=m.settlement_lon,
        )
        for m in municipalities
    ]
    units = [RegionUnit(r.country_id, r.code, r.name, r.population) for r in regions]
    centres = org_queries.centres_by_municipality()
    written = 0
    for current in periods:
        needs = needs_queries.needs_for_insight(current.start, current.end)
        result = compute(
            areas=areas,
            regions=units,
            cohorts=catalog_queries.cohorts_for_insight(current.start, current.end),
            needs=needs,
            gaps=matching_queries.gap_need_ids([n["pk"] for n in needs]),
            sign_ups=enrolment_queries.sign_ups_by_municipality(current.start, current.end),
            interests=enrolment_queries.interests_by_municipality(current.start, current.end),
            searches=search_queries.few_result_searches_by_municipality(current.start, current.end),
            centres=centres,
            radii=radii(),
            topic_radius=topic_radius(),
        )
        rows = [
            AreaFigures(
                period=current,
                level=f.level,
                country=f.country,
                region_code=f.region_code,
                code=f.code,
                name=f.name,
                population=f.population,
                reachable=f.reachable,
                online_cohorts=f.online_cohorts,
                open_needs=f.open_needs,
                need_people=f.need_people,
                gap_needs=f.gap_needs,
                gap_people=f.gap_people,
                enrolments=f.enrolments,
                interests=f.interests,
                few_result_searches=f.few_result_searches,
                centres=len(f.centres),
            )
            for f in result.areas
        ]
        topic_rows = [
            TopicFigures(
                period=current,
                level=level,
                country=country,
                region_code=result.region_of.get((level, country, code), ""),
                code=code,
                topic=topic[:100],
                open_needs=cell.open_needs,
                need_people=cell.need_people,
                gap_needs=cell.gap_needs,
                reachable=len(cell.reached),
            )
            for (level, country, code), cells in result.topics.items()
            for topic, cell in cells.items()
        ]
        with transaction.atomic():
            AreaFigures.objects.filter(period=current).delete()
            TopicFigures.objects.filter(period=current).delete()
            AreaFigures.objects.bulk_create(rows, batch_size=500)
            TopicFigures.objects.bulk_create(topic_rows, batch_size=500)
            Period.objects.filter(pk=current.pk).update(computed_at=timezone.now())
        written += len(rows)
    return written
