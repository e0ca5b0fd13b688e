"""Each of the seven constraints, its verdict and its reason in the four languages; currency
conversion; gap semantics; the ranking's promises (fit first among equals, relevant near
misses never dropped)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from livslang.matching.constraints import judge
from livslang.matching.engine import Catalogue, CohortDoc, NeedSpec, OfferingDoc, match
from livslang.matching.reasons import render

FINNSNES = (69.23, 17.98)
TROMSO = (69.65, 18.96)  # about 60 km from Finnsnes as the crow flies


def need(**changes: Any) -> NeedSpec:
    fields: dict[str, Any] = {
        "key": "n",
        "text": "Opplæring i velferdsteknologi for hjemmetjenesten",
        "language": "nb",
        "participants": 8,
        "earliest": date(2027, 1, 1),
        "latest": date(2027, 3, 31),
        "modes": frozenset({"on_site", "online"}),
        "schedules": frozenset({"evening"}),
        "max_price": Decimal("3000"),
        "currency": "NOK",
        "max_km": 50,
        "lat": FINNSNES[0],
        "lon": FINNSNES[1],
    }
    fields.update(changes)
    return NeedSpec(**fields)


def cohort(**changes: Any) -> CohortDoc:
    fields: dict[str, Any] = {
        "key": "c",
        "mode": "on_site",
        "start": date(2027, 2, 1),
        "end": date(2027, 5, 1),
        "kinds": frozenset({"evening"}),
        "price": Decimal("1800"),
        "currency": "NOK",
        "seats": 20,
        "lat": FINNSNES[0],
        "lon": FINNSNES[1],
        "place": "Finnsnes",
    }
    fields.update(changes)
    return CohortDoc(**fields)


def offering(*cohorts: CohortDoc, **changes: Any) -> OfferingDoc:
    fields: dict[str, Any] = {
        "key": "o",
        "title": "Velferdsteknologi i praksis",
        "description": "Digitalt tilsyn og trygghetsalarmer i hjemmetjenesten.",
        "topics": ("velferdsteknologi",),
        "language": "nb",
        "cohorts": cohorts or (cohort(),),
    }
    fields.update(changes)
    return OfferingDoc(**fields)


def reasons(n: NeedSpec, c: CohortDoc, **offering_changes: Any) -> dict[str, Any]:
    verdict = judge(n, offering(c, **offering_changes), c)
    return {r.code: r for r in verdict.reasons}


# (what, the need, the cohort, the reason code, fits?, words the English reason contains)
CASES = [
    ("mode ok", need(), cohort(), "mode", True, "on site"),
    ("mode not accepted", need(), cohort(mode="blended"), "mode", False, "not a mode"),
    ("distance ok", need(), cohort(lat=TROMSO[0], lon=TROMSO[1]), "distance", False, "beyond"),
    (
        "distance within",
        need(max_km=80),
        cohort(lat=TROMSO[0], lon=TROMSO[1]),
        "distance",
        True,
        "within your 80 km",
    ),
    ("schedule ok", need(), cohort(), "schedule", True, "evening"),
    (
        "schedule wrong",
        need(),
        cohort(kinds=frozenset({"daytime"})),
        "schedule",
        False,
        "not a time",
    ),
    ("price under budget", need(), cohort(), "price", True, "1,200 NOK under budget"),
    (
        "price over budget",
        need(max_price=Decimal("1000")),
        cohort(),
        "price",
        False,
        "800 NOK over budget",
    ),
    ("free", need(), cohort(price=Decimal("0")), "price_free", True, "no fee"),
    (
        "too late",
        need(),
        cohort(start=date(2027, 4, 2)),
        "starts_too_late",
        False,
        "after your latest start",
    ),
    (
        "too early",
        need(),
        cohort(start=date(2026, 12, 1)),
        "starts_too_early",
        False,
        "before your earliest",
    ),
    ("in window", need(), cohort(), "starts", True, "starts 1 February 2027"),
    (
        "self-paced overlaps",
        need(),
        cohort(kinds=frozenset({"self_paced"}), start=date(2026, 9, 1), end=date(2027, 12, 1)),
        "open_enrolment",
        True,
        "self-paced",
    ),
    ("seats", need(), cohort(), "seats", True, "20 seats free"),
    ("too few seats", need(participants=30), cohort(), "seats", False, "only 20 seats free for 30"),
]


@pytest.mark.parametrize(
    ("what", "n", "c", "code", "ok", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_each_constraint_and_its_reason(
    what: str, n: NeedSpec, c: CohortDoc, code: str, ok: bool, words: str
) -> None:
    found = reasons(n, c)
    assert code in found, (what, list(found))
    reason = found[code]
    assert reason.ok is ok
    with translation.override("en"):
        english = render(reason)
    assert words in english, english
    for language in ("nb", "nn", "da"):
        with translation.override(language):
            text = render(reason)
        assert text and text != english, (language, text)
        for number in ("20", "30", "80", "800", "1"):
            if number in english.split():
                assert number in text, (language, text)


def test_teaching_language_required_and_noted() -> None:
    required = reasons(need(teaching_languages=frozenset({"en"})), cohort())
    assert not required["teaching_language"].ok
    with translation.override("en"):
        assert "you asked for English" in render(required["teaching_language"])
    noted = reasons(need(spoken_languages=frozenset({"en"})), cohort())
    assert noted["language_note"].ok  # said, not required: shown, never excluding
    fits = reasons(need(teaching_languages=frozenset({"nb"})), cohort())
    assert fits["teaching_language"].ok


def test_danish_price_is_converted_at_the_dated_rate(settings: Any) -> None:
    settings.MATCHING_EXCHANGE_RATES = {
        "date": "2026-11-02",
        "to_nok": {"NOK": "1", "DKK": "1.5", "EUR": "11"},
    }
    danish = cohort(price=Decimal("1000"), currency="DKK", mode="online", lat=None, lon=None)
    price = reasons(need(), danish)["price"]
    assert price.ok and price.params["converted"] == "1500"
    with translation.override("en"):
        text = render(price)
    assert "1,000 DKK (1,500 NOK at the fixed rate of 2 November 2026)" in text
    assert "1,500 NOK under budget" in text
    too_dear = reasons(need(max_price=Decimal("1400")), danish)["price"]
    assert not too_dear.ok


def test_gap_means_no_relevant_course_fits() -> None:
    relevant_far = offering(cohort(lat=TROMSO[0], lon=TROMSO[1]))
    unrelated_fits = offering(
        cohort(key="w"),
        key="w",
        title="Sveising",
        description="MIG/MAG-sveising.",
        topics=("sveising",),
    )
    result = match(need(), Catalogue([relevant_far, unrelated_fits]))
    assert result.gap is True
    # The relevant near miss is kept, and ranked above the unrelated course that fits.
    assert [m.offering for m in result.matches] == ["o", "w"]
    assert result.matches[0].fits is False
    near = offering(cohort(key="near"), key="o2")
    assert match(need(), Catalogue([relevant_far, near, unrelated_fits])).gap is False


def test_among_equally_relevant_courses_the_fitting_one_comes_first() -> None:
    far = offering(cohort(lat=TROMSO[0], lon=TROMSO[1]), key="a-far")
    near = offering(cohort(key="near"), key="b-near")
    ranked = match(need(), Catalogue([far, near])).matches
    assert [m.offering for m in ranked] == ["b-near", "a-far"]


def test_best_cohort_is_a_fitting_one() -> None:
    doc = offering(cohort(key="late", start=date(2027, 6, 1)), cohort(key="ok"))
    result = match(need(), Catalogue([doc]))
    assert result.matches[0].cohort == "ok" and result.matches[0].fits


def test_deterministic() -> None:
    docs = [offering(cohort(key=f"c{i}"), key=f"o{i}") for i in range(5)]
    first = match(need(), Catalogue(docs))
    second = match(need(), Catalogue(list(reversed(docs))))
    assert [(m.offering, m.score) for m in first.matches] == [
        (m.offering, m.score) for m in second.matches
    ]


def test_a_course_in_the_participants_language_comes_first() -> None:
    norwegian = offering(cohort(key="nb"), key="a-nb")
    english = offering(cohort(key="en"), key="b-en", language="en")
    ranked = match(need(spoken_languages=frozenset({"en"})), Catalogue([norwegian, english]))
    assert [m.offering for m in ranked.matches] == ["b-en", "a-nb"]
    assert all(m.fits for m in ranked.matches)  # a note, never an exclusion
