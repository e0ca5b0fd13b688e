"""A brute-force oracle for search filters and facet counts, written from the definitions
alone (it shares no code with ``livslang.search.queries``).

* an offering is found when one of its cohorts passes every filter;
* a facet value's count is the number of offerings with a cohort that has the value and
  passes every filter except that facet's own;
* values chosen within one facet combine with OR.

Offerings and cohorts are plain dicts (see ``random_catalogue``).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

FACET_NAMES = (
    "subjects",
    "levels",
    "durations",
    "modes",
    "schedules",
    "paces",
    "funding",
    "languages",
    "organisations",
    "campaigns",
    "free",
    "no_prerequisites",
    "step_free",
    "open_now",
    "study_group",
)
TOGGLES = ("free", "no_prerequisites", "step_free", "open_now", "study_group")
SUBJECTS = ("01", "04", "07", "09", "10")
MODES = ("on_site", "online", "blended")
SCHEDULES = ("daytime", "evening", "weekend", "self_paced")
PACES = ("", "full_time", "part_time")
FUNDING = ("employer", "public_grant", "loan")
LANGUAGES = ("nb", "nn", "da", "en")
ORGANISATIONS = tuple(f"org-{n}" for n in range(8))
CAMPAIGNS = ("helse", "grønt skifte", "digital", "havbruk")
STATUSES = ("planned", "open", "will_run")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def duration(cohort: dict[str, Any]) -> str:
    if cohort["end"] is None:
        return "open"
    days = (cohort["end"] - cohort["start"]).days
    return "short" if days <= 31 else "medium" if days <= 183 else "long"


def values(name: str, o: dict[str, Any], c: dict[str, Any], today: dt.date) -> set[str]:
    """The values an (offering, cohort) pair has in facet ``name``."""
    if name == "subjects":
        return {o["subject"]} if o["subject"] else set()
    if name == "levels":
        return {str(o["level"])} if o["level"] else set()
    if name == "durations":
        return {duration(c)}
    if name == "modes":
        return {c["mode"]}
    if name == "schedules":
        return set(c["schedule"])
    if name == "paces":
        return {c["pace"]} if c["pace"] else set()
    if name == "funding":
        return set(o["funding"])
    if name == "languages":
        return {o["language"]}
    if name == "organisations":
        return set(o["organisations"]) | ({c["centre"]} if c["centre"] else set())
    if name == "campaigns":
        return set(o["campaigns"])
    yes = {
        "free": c["price"] == 0,
        "no_prerequisites": o["no_prerequisites"],
        "step_free": c["mode"] == "online" or c["step_free"] is True,
        "open_now": c["status"] == "open" and (c["deadline"] is None or c["deadline"] >= today),
        "study_group": c["has_study_group"],
    }[name]
    return {"yes"} if yes else set()


def chosen(criteria: dict[str, Any], name: str) -> set[str]:
    value = criteria.get(name)
    if isinstance(value, bool):
        return {"yes"} if value else set()
    return set(value or ())


def passes(
    o: dict[str, Any], c: dict[str, Any], criteria: dict[str, Any], today: dt.date, skip: str = ""
) -> bool:
    """Does the pair pass every filter in ``criteria`` except the facet ``skip``?"""
    for name in FACET_NAMES:
        wanted = chosen(criteria, name)
        if name != skip and wanted and not (wanted & values(name, o, c, today)):
            return False
    low, high = criteria.get("credits_min"), criteria.get("credits_max")
    if low is not None or high is not None:
        if o["credits"] is None:
            return False
        if (low is not None and o["credits"] < low) or (high is not None and o["credits"] > high):
            return False
    if criteria.get("price_max") is not None and (
        c["price"] is None or c["price"] > criteria["price_max"]
    ):
        return False
    if criteria.get("start_from") is not None and c["start"] < criteria["start_from"]:
        return False
    if criteria.get("start_to") is not None and c["start"] > criteria["start_to"]:
        return False
    origin = criteria.get("origin")
    if origin is not None:
        if c["mode"] == "online":
            if criteria.get("exclude_online"):
                return False
        elif c["lat"] is None or (
            haversine_km(origin[0], origin[1], c["lat"], c["lon"]) > criteria["radius_km"]
        ):
            return False
    elif criteria.get("exclude_online") and c["mode"] == "online":
        return False
    return True


def expected(
    catalogue: list[dict[str, Any]], criteria: dict[str, Any], today: dt.date
) -> tuple[set[int], dict[str, dict[str, int]]]:
    """The offerings found and every facet's counts (values with a count above zero)."""
    found = {o["id"] for o in catalogue if any(passes(o, c, criteria, today) for c in o["cohorts"])}
    counts: dict[str, dict[str, int]] = {}
    for name in FACET_NAMES:
        per_value: dict[str, int] = {}
        for o in catalogue:
            seen: set[str] = set()
            for c in o["cohorts"]:
                if passes(o, c, criteria, today, skip=name):
                    seen |= values(name, o, c, today)
            for value in seen:
                per_value[value] = per_value.get(value, 0) + 1
        counts[name] = per_value
    return found, counts


# --- Random catalogues and criteria -------------------------------------------------------


def _maybe(rng: random.Random, p: float, value: Any, otherwise: Any = None) -> Any:
    return value if rng.random() < p else otherwise


def random_catalogue(rng: random.Random, size: int, today: dt.date) -> list[dict[str, Any]]:
    catalogue = []
    cohort_id = 0
    for i in range(1, size + 1):
        cohorts = []
        for _n in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            cohort_id += 1
            mode = rng.choice(MODES)
            start = today + dt.timedelta(days=rng.randint(-20, 400))
            end = _maybe(rng, 0.85, start + dt.timedelta(days=rng.choice((5, 30, 60, 200, 400))))
            cohorts.append(
                {
                    "id": cohort_id,
                    "mode": mode,
                    "lat": None if mode == "online" else rng.uniform(54.5, 71.0),
                    "lon": None if mode == "online" else rng.uniform(5.0, 31.0),
                    "start": start,
                    "end": end,
                    "schedule": sorted(rng.sample(SCHEDULES, rng.randint(0, 2))),
                    "pace": rng.choice(PACES),
                    "price": _maybe(rng, 0.8, float(rng.choice((0, 0, 500, 1500, 4000, 9000)))),
                    "status": rng.choice(STATUSES),
                    "deadline": _maybe(rng, 0.6, today + dt.timedelta(days=rng.randint(-30, 60))),
                    "step_free": rng.choice((None, True, False)),
                    "centre": _maybe(rng, 0.4, rng.choice(ORGANISATIONS)),
                    "has_study_group": rng.random() < 0.2,
                }
            )
        catalogue.append(
            {
                "id": i,
                "title": f"Offering {i}",
                "subject": rng.choice(("", *SUBJECTS)),
                "level": _maybe(rng, 0.7, rng.randint(1, 8)),
                "credits": _maybe(rng, 0.7, float(rng.choice((2.5, 5, 7.5, 10, 15, 30, 60)))),
                "language": rng.choice(LANGUAGES),
                "funding": sorted(rng.sample(FUNDING, rng.randint(0, 2))),
                "no_prerequisites": rng.random() < 0.5,
                "campaigns": sorted(rng.sample(CAMPAIGNS, rng.randint(0, 2))),
                "organisations": sorted(rng.sample(ORGANISATIONS, rng.randint(1, 2))),
                "cohorts": cohorts,
            }
        )
    return catalogue


def random_criteria(rng: random.Random, today: dt.date) -> dict[str, Any]:
    def some(options: tuple[str, ...]) -> list[str]:
        if rng.random() < 0.6:
            return []
        return rng.sample(list(options), rng.randint(1, 2))

    criteria: dict[str, Any] = {
        "subjects": some(SUBJECTS),
        "levels": some(tuple(str(n) for n in range(1, 9))),
        "durations": some(("short", "medium", "long", "open")),
        "modes": some(MODES),
        "schedules": some(SCHEDULES),
        "paces": some(PACES[1:]),
        "funding": some(FUNDING),
        "languages": some(LANGUAGES),
        "organisations": some(ORGANISATIONS),
        "campaigns": some(CAMPAIGNS),
    }
    for name in ("free", "no_prerequisites", "step_free", "open_now", "study_group"):
        criteria[name] = rng.random() < 0.15
    criteria["credits_min"] = _maybe(rng, 0.2, float(rng.choice((0, 5, 10))))
    criteria["credits_max"] = _maybe(rng, 0.2, float(rng.choice((10, 30, 60))))
    criteria["price_max"] = _maybe(rng, 0.2, float(rng.choice((0, 1000, 5000))))
    criteria["start_from"] = _maybe(rng, 0.2, today + dt.timedelta(days=rng.randint(0, 100)))
    criteria["start_to"] = _maybe(rng, 0.2, today + dt.timedelta(days=rng.randint(100, 400)))
    if rng.random() < 0.5:
        criteria["origin"] = (rng.uniform(55.0, 70.0), rng.uniform(6.0, 28.0))
        criteria["radius_km"] = rng.choice((10, 50, 150, 400))
    criteria["exclude_online"] = rng.random() < 0.2
    return criteria
