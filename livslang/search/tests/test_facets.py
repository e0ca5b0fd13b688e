"""Filters and facet counts against the brute-force oracle (``oracle.py``) on random
catalogues of at least 300 offerings."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livslang.catalog.models import Cohort, LocalStudyGroup, Offering
from livslang.classifications.models import IscedField
from livslang.geo.queries import Place
from livslang.organisations.models import Kind
from livslang.organisations.testing import SENJA, ensure_municipality, make_organisation
from livslang.search.index import CohortRecord, OfferingRecord, SearchIndex
from livslang.search.queries import Criteria, evaluate, search
from livslang.search.tests import oracle

TODAY = dt.date(2030, 3, 1)


def to_criteria(data: dict[str, Any]) -> Criteria:
    place = None
    if data.get("origin") is not None:
        lat, lon = data["origin"]
        place = Place("postcode", "NO", "0000", "Test", lat, lon, None, None)
    toggles: dict[str, Any] = {name: bool(data.get(name)) for name in oracle.TOGGLES}
    facets: dict[str, Any] = {
        name: frozenset(data.get(name) or ())
        for name in oracle.FACET_NAMES
        if name not in oracle.TOGGLES
    }
    return Criteria(
        **facets,
        **toggles,
        credits_min=data.get("credits_min"),
        credits_max=data.get("credits_max"),
        price_max=data.get("price_max"),
        start_from=data.get("start_from"),
        start_to=data.get("start_to"),
        place=place,
        radius_km=data.get("radius_km", 50),
        exclude_online=bool(data.get("exclude_online")),
    )


def to_index(catalogue: list[dict[str, Any]]) -> SearchIndex:
    index = SearchIndex()
    for o in catalogue:
        index.put(
            OfferingRecord(
                id=o["id"],
                public_id=uuid.uuid4(),
                title=o["title"],
                subject=o["subject"],
                level=o["level"],
                credits=o["credits"],
                language=o["language"],
                funding=frozenset(o["funding"]),
                no_prerequisites=o["no_prerequisites"],
                campaigns=frozenset(o["campaigns"]),
                organisations=frozenset(o["organisations"]),
                cohorts=[
                    CohortRecord(
                        id=c["id"],
                        public_id=uuid.uuid4(),
                        mode=c["mode"],
                        country="NO",
                        lat=c["lat"],
                        lon=c["lon"],
                        start=c["start"],
                        end=c["end"],
                        schedule=frozenset(c["schedule"]),
                        pace=c["pace"],
                        price=c["price"],
                        status=c["status"],
                        deadline=c["deadline"],
                        step_free=c["step_free"],
                        centre=c["centre"],
                        has_study_group=c["has_study_group"],
                    )
                    for c in o["cohorts"]
                ],
            )
        )
    return index


def nonzero(counts: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {name: {v: n for v, n in per.items() if n} for name, per in counts.items()}


@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    size=st.integers(min_value=300, max_value=420),
    queries=st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=4, max_size=8),
)
def test_filters_and_facet_counts_match_the_oracle(
    seed: int, size: int, queries: list[int]
) -> None:
    catalogue = oracle.random_catalogue(random.Random(seed), size, TODAY)
    index = to_index(catalogue)
    for query_seed in [0, *queries]:
        data = {} if query_seed == 0 else oracle.random_criteria(random.Random(query_seed), TODAY)
        found, counts = oracle.expected(catalogue, data, TODAY)
        evaluation = evaluate(index, to_criteria(data), today=TODAY)
        assert {hit.offering.id for hit in evaluation.hits} == found
        assert nonzero(evaluation.counts) == counts
        # Each hit's cohort passes every filter; the best placed one is the nearest.
        for hit in evaluation.hits:
            offering = next(o for o in catalogue if o["id"] == hit.offering.id)
            cohort = next(c for c in offering["cohorts"] if c["id"] == hit.cohort.id)
            assert oracle.passes(offering, cohort, data, TODAY)


def test_a_single_filter_narrows_and_its_own_facet_keeps_its_counts() -> None:
    catalogue = oracle.random_catalogue(random.Random(7), 300, TODAY)
    index = to_index(catalogue)
    everything = evaluate(index, Criteria(), today=TODAY)
    online = evaluate(index, Criteria(modes=frozenset({"online"})), today=TODAY)
    assert len(online.hits) == everything.counts["modes"]["online"] < len(everything.hits)
    # OR within a facet: the mode counts do not change when a mode is chosen.
    assert online.counts["modes"] == everything.counts["modes"]


# --- The same on a real catalogue in the database ----------------------------------------


def _store(catalogue: list[dict[str, Any]]) -> dict[int, int]:
    """Write the random catalogue to the database; returns oracle id -> offering pk."""
    municipality = ensure_municipality(SENJA)
    organisations = {
        slug: make_organisation(Kind.CENTRE, slug=slug, name=slug.upper())
        for slug in oracle.ORGANISATIONS
    }
    fields = {}
    for code in oracle.SUBJECTS:
        fields[code] = IscedField.objects.get_or_create(
            code=code,
            defaults={"level": "broad", "name_en": code, "name_nb": code, "name_da": code},
        )[0]
    ids = {}
    for o in catalogue:
        provider = organisations[o["organisations"][0]]
        offering = Offering.objects.create(
            title=o["title"],
            slug=f"offering-{o['id']}",
            description="Et kurs.",
            language=o["language"],
            provider=provider,
            owner=provider,
            isced_field=fields.get(o["subject"]),
            level=o["level"],
            credits_value=Decimal(str(o["credits"])) if o["credits"] is not None else None,
            funding_employer="employer" in o["funding"],
            funding_public_grant="public_grant" in o["funding"],
            funding_loan="loan" in o["funding"],
            prerequisites="" if o["no_prerequisites"] else "Grunnskole.",
            campaign_tags=o["campaigns"],
            status="published",
        )
        offering.delivering_centres.set([organisations[s] for s in o["organisations"][1:]])
        ids[o["id"]] = offering.pk
        for c in o["cohorts"]:
            cohort = Cohort.objects.create(
                offering=offering,
                mode=c["mode"],
                municipality=None if c["mode"] == "online" else municipality,
                latitude=c["lat"],
                longitude=c["lon"],
                start_date=c["start"],
                end_date=c["end"],
                schedule_daytime="daytime" in c["schedule"],
                schedule_evening="evening" in c["schedule"],
                schedule_weekend="weekend" in c["schedule"],
                schedule_self_paced="self_paced" in c["schedule"],
                pace=c["pace"],
                price=Decimal(str(c["price"])) if c["price"] is not None else None,
                status=c["status"],
                application_deadline=c["deadline"],
                step_free_access=c["step_free"],
                delivering_centre=organisations[c["centre"]] if c["centre"] else None,
            )
            if c["has_study_group"]:
                LocalStudyGroup.objects.create(
                    cohort=cohort, centre=provider, municipality=municipality
                )
    return ids


@pytest.mark.django_db
def test_a_catalogue_in_the_database_gives_the_oracle_counts() -> None:
    catalogue = oracle.random_catalogue(random.Random(2030), 300, TODAY)
    # The organisations facet lists at most 12 values: the cast has 8.
    ids = _store(catalogue)
    for query_seed in (0, 11, 12, 13):
        data = {} if not query_seed else oracle.random_criteria(random.Random(query_seed), TODAY)
        found, counts = oracle.expected(catalogue, data, TODAY)
        result = search(to_criteria(data) if data else Criteria(), today=TODAY)
        assert result.total == len(found)
        shown = {
            facet.name: {opt.value: opt.count for opt in facet.options if opt.count}
            for facet in [*result.facets, *result.toggles]
        }
        for name, per_value in counts.items():
            assert shown.get(name, {}) == per_value, name
        page_ids = {row.offering_id for row in result.rows}
        assert page_ids <= {ids[i] for i in found}
