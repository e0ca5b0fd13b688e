"""The matching benchmark (part of ``make bench``): one need matched against the synthetic
national catalogue that ``search.bench`` generated, compared with one search call for the
same words and place in the same run. Never a timed test."""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from livslang.geo.queries import Place
from livslang.matching import services
from livslang.matching.engine import NeedSpec, match
from livslang.search.queries import Criteria, search

NEEDS = 40


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def needs(
    words: list[str], places: list[tuple[str, str, float, float]], seed: int = 11
) -> list[tuple[NeedSpec, Criteria]]:
    """Needs written with the catalogue's words (a few common, a few rare, as a paragraph),
    each with the search call a person would make for it."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    today = timezone.localdate()
    made = []
    for n in range(NEEDS):
        chosen = [rng.choice(words[:300]) for _ in range(3)] + [
            rng.choice(words[300:3000]) for _ in range(5)
        ]
        country, code, lat, lon = rng.choice(places)
        spec = NeedSpec(
            key=f"bench-{n}",
            text="Vi trenger opplæring i " + " og ".join(chosen) + " for ansatte.",
            language="nb",
            participants=rng.randint(1, 12),
            earliest=today,
            latest=today + timedelta(days=240),
            modes=frozenset({"on_site", "online", "blended"}),
            schedules=None,
            max_price=None,
            currency="NOK" if country == "NO" else "DKK",
            max_km=rng.choice((30, 60, 100)),
            lat=lat,
            lon=lon,
        )
        place = Place("municipality", country, code, code, lat, lon, code, code)
        criteria = Criteria(text=" ".join(chosen[:2]), place=place, radius_km=spec.max_km or 50)
        made.append((spec, criteria))
    return made


def run(
    *,
    words: list[str],
    places: list[tuple[str, str, float, float]],
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    matching_ms: list[float] = []
    search_ms: list[float] = []
    candidates: list[int] = []
    for spec, criteria in needs(words, places):
        started = time.perf_counter()
        catalogue = services.catalogue_for(spec)
        match(spec, catalogue)
        matching_ms.append((time.perf_counter() - started) * 1000)
        candidates.append(len(catalogue))
        started = time.perf_counter()
        search(criteria)
        search_ms.append((time.perf_counter() - started) * 1000)
    progress(f"matching: {len(matching_ms)} needs measured")
    m_med, s_med = statistics.median(matching_ms), statistics.median(search_ms)
    m_p95, s_p95 = _p95(matching_ms), _p95(search_ms)
    return {
        "needs": len(matching_ms),
        "mean_candidates": round(statistics.mean(candidates), 1),
        "matching": {"median_ms": round(m_med, 3), "p95_ms": round(m_p95, 3)},
        "search": {"median_ms": round(s_med, 3), "p95_ms": round(s_p95, 3)},
        "ratios": {"median": round(m_med / s_med, 2), "p95": round(m_p95 / s_p95, 2)},
    }
