"""The seven constraints a cohort must meet to fit a need, each with its reason.

Reasons are stored as a code and parameters (JSON) and rendered in the viewer's language by
``reasons.render``; nothing here formats text. The constraints are those of a careful
education adviser (mode, distance, schedule, price, start window, seats, teaching language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings

from livslang.geo.points import Point, great_circle_km

if TYPE_CHECKING:
    from livslang.matching.engine import CohortDoc, NeedSpec, OfferingDoc

PLACE_MODES = frozenset({"on_site", "blended"})


@dataclass(frozen=True)
class Reason:
    code: str
    ok: bool
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "ok": self.ok, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        return cls(str(data["code"]), bool(data.get("ok")), dict(data.get("params") or {}))


@dataclass
class CohortVerdict:
    cohort: CohortDoc
    reasons: list[Reason]
    distance_km: float | None

    @property
    def fits(self) -> bool:
        return all(r.ok for r in self.reasons)

    @property
    def misses(self) -> int:
        return sum(1 for r in self.reasons if not r.ok)

    @property
    def sort_key(self) -> tuple[float, str, str]:
        distance = self.distance_km if self.distance_km is not None else 0.0
        return (distance, self.cohort.start.isoformat(), self.cohort.key)


def rates() -> tuple[str, dict[str, Decimal]]:
    """The dated fixed exchange rates from settings: (date, {currency: value in NOK})."""
    config: dict[str, Any] = settings.MATCHING_EXCHANGE_RATES
    return str(config["date"]), {k: Decimal(str(v)) for k, v in config["to_nok"].items()}


def convert(amount: Decimal, source: str, target: str) -> Decimal | None:
    if source == target:
        return amount
    _, table = rates()
    if source not in table or target not in table:
        return None
    value = amount * table[source] / table[target]
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _mode(need: NeedSpec, cohort: CohortDoc) -> Reason:
    return Reason("mode", cohort.mode in need.modes, {"mode": cohort.mode})


def _distance(need: NeedSpec, cohort: CohortDoc) -> tuple[Reason | None, float | None]:
    if cohort.mode not in PLACE_MODES:
        return None, None
    if cohort.lat is None or cohort.lon is None or need.lat is None or need.lon is None:
        if need.max_km is None:
            return None, None
        return Reason("distance_unknown", False, {"max": need.max_km}), None
    km = great_circle_km(Point(need.lat, need.lon), Point(cohort.lat, cohort.lon))
    params = {"km": round(km), "max": need.max_km, "place": cohort.place}
    if need.max_km is None:
        return Reason("distance", True, params), km
    return Reason("distance", km <= need.max_km, params), km


def _schedule(need: NeedSpec, cohort: CohortDoc) -> Reason:
    kinds = sorted(cohort.kinds)
    if need.schedules is None:
        return Reason("schedule", True, {"kinds": kinds})
    return Reason("schedule", bool(cohort.kinds & need.schedules), {"kinds": kinds})


def _price(need: NeedSpec, cohort: CohortDoc) -> Reason:
    price = cohort.price if cohort.price is not None else Decimal(0)
    params: dict[str, Any] = {"price": _money(price), "currency": cohort.currency}
    if price == 0:
        return Reason("price_free", True, params)
    local = price
    if cohort.currency != need.currency:
        converted = convert(price, cohort.currency, need.currency)
        rate_date, _ = rates()
        if converted is None:
            return Reason("price_unknown_currency", need.max_price is None, params)
        local = converted
        params.update({"converted": _money(converted), "to": need.currency, "rate_date": rate_date})
    if need.max_price is None:
        return Reason("price", True, params)
    params["max"] = _money(need.max_price)
    params["difference"] = _money(abs(need.max_price - local))
    params["to"] = need.currency
    return Reason("price", local <= need.max_price, params)


def _start(need: NeedSpec, cohort: CohortDoc) -> Reason:
    params = {
        "start": cohort.start.isoformat(),
        "end": cohort.end.isoformat() if cohort.end else None,
        "earliest": need.earliest.isoformat() if need.earliest else None,
        "latest": need.latest.isoformat() if need.latest else None,
    }
    if "self_paced" in cohort.kinds:
        end = cohort.end or date.max
        ok = (need.latest is None or cohort.start <= need.latest) and (
            need.earliest is None or end >= need.earliest
        )
        return Reason("open_enrolment", ok, params)
    if need.earliest and cohort.start < need.earliest:
        return Reason("starts_too_early", False, params)
    if need.latest and cohort.start > need.latest:
        return Reason("starts_too_late", False, params)
    return Reason("starts", True, params)


def _seats(need: NeedSpec, cohort: CohortDoc) -> Reason | None:
    if cohort.seats is None:
        return None
    params = {"seats": cohort.seats, "participants": need.participants}
    return Reason("seats", cohort.seats >= need.participants, params)


def _language(need: NeedSpec, offering: OfferingDoc) -> Reason | None:
    language = offering.language
    if need.teaching_languages:
        wanted = sorted(need.teaching_languages)
        ok = language in need.teaching_languages
        return Reason("teaching_language", ok, {"language": language, "wanted": wanted})
    if need.spoken_languages and language not in need.spoken_languages:
        # Said, not required: shown, and counted only in the ranking.
        return Reason(
            "language_note", True, {"language": language, "spoken": sorted(need.spoken_languages)}
        )
    return None


def judge(need: NeedSpec, offering: OfferingDoc, cohort: CohortDoc) -> CohortVerdict:
    """Every constraint of ``need`` applied to ``cohort`` of ``offering``."""
    reasons: list[Reason] = [_mode(need, cohort)]
    distance, km = _distance(need, cohort)
    if distance:
        reasons.append(distance)
    reasons.append(_schedule(need, cohort))
    reasons.append(_start(need, cohort))
    reasons.append(_price(need, cohort))
    for extra in (_seats(need, cohort), _language(need, offering)):
        if extra:
            reasons.append(extra)
    return CohortVerdict(cohort, reasons, km)
