"""The anonymous search log: settled searches only, scrubbed, municipality-level place,
duplicates suppressed without a cookie, terms shown to centre staff from 5 searches."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings

from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import (
    SENJA,
    make_member,
    make_organisation,
)
from livslang.search import services
from livslang.search.models import SearchLogEntry
from livslang.search.queries import Criteria

pytestmark = pytest.mark.django_db


def visitor(address: str = "192.0.2.1") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("sveis kari.nordmann@example.no", "sveis"),
        ("sveis +47 912 34 567", "sveis"),
        ("sveis 91234567 kurs", "sveis kurs"),
        ("sveis 45-12-34-56 kurs", "sveis kurs"),
        ("fødselsnummer 01019912345", "fødselsnummer"),
        ("kundenummer 123456", "kundenummer"),
        ("kurs 2030 i 9300", "kurs 2030 i 9300"),
    ],
)
def test_personal_data_is_scrubbed(typed: str, stored: str) -> None:
    assert services.scrub(typed) == stored


def test_a_full_page_load_is_logged_once_per_half_hour() -> None:
    make_cohort(make_offering(title="Sveising"))
    with time_machine.travel(dt.datetime(2030, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        visitor().get("/search/?q=sveising")
        visitor().get("/search/?q=sveising&page=1")  # the same search
        visitor("192.0.2.2").get("/search/?q=sveising")  # someone else
        visitor().get("/search/?q=sveising&modes=online")  # another search
    with time_machine.travel(dt.datetime(2030, 3, 1, 10, 31, tzinfo=dt.UTC), tick=False):
        visitor().get("/search/?q=sveising")  # half an hour later
    entries = list(SearchLogEntry.objects.order_by("pk").values("query", "filters", "result_count"))
    assert entries == [
        {"query": "sveising", "filters": {}, "result_count": 1},
        {"query": "sveising", "filters": {}, "result_count": 1},
        {"query": "sveising", "filters": {"modes": ["online"]}, "result_count": 0},
        {"query": "sveising", "filters": {}, "result_count": 1},
    ]


def test_keystrokes_are_not_logged_but_a_submit_is() -> None:
    make_cohort(make_offering(title="Sveising"))
    for typed in ("s", "sv", "sve", "svei"):
        visitor().get(f"/search/?q={typed}", HTTP_HX_REQUEST="true")
    assert SearchLogEntry.objects.count() == 0
    visitor().get("/search/?q=sveis&go=1", HTTP_HX_REQUEST="true")
    assert list(SearchLogEntry.objects.values_list("query", flat=True)) == ["sveis"]


def test_only_the_municipality_of_the_place_is_kept() -> None:
    make_postcode("9300", SENJA, "Finnsnes")
    make_cohort(make_offering(title="Sveising"))
    visitor().get("/search/?q=sveising&place=9300&country=NO&radius=30")
    entry = SearchLogEntry.objects.get()
    assert entry.municipality is not None and entry.municipality.code == SENJA
    assert "9300" not in str(entry.filters)
    assert entry.filters == {"radius": 30}


def test_the_visitor_key_changes_every_day() -> None:
    with time_machine.travel(dt.datetime(2030, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        first = services._duplicate_key("192.0.2.1", "x")
        assert services._duplicate_key("192.0.2.1", "x") == first
    with time_machine.travel(dt.datetime(2030, 3, 2, 12, 0, tzinfo=dt.UTC), tick=False):
        assert services._duplicate_key("192.0.2.1", "x") != first
    # The address itself is nowhere in the key.
    assert "192.0.2.1" not in first


def test_an_empty_search_is_not_logged() -> None:
    visitor().get("/search/")
    assert services.record_search(criteria=Criteria(), result_count=3, client_address="x") is None
    assert SearchLogEntry.objects.count() == 0


def _searched(query: str, times: int, results: int) -> None:
    for n in range(times):
        services.record_search(
            criteria=Criteria(text=query), result_count=results, client_address=f"10.1.0.{n}"
        )


@pytest.fixture
def centre_staff() -> Client:
    centre = make_organisation(Kind.CENTRE)
    member = make_member(centre, Role.VIEWER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member.user)
    return client


def test_centre_staff_see_terms_from_five_searches(centre_staff: Client) -> None:
    _searched("truckførerbevis", 5, 0)
    _searched("sveising", 7, 12)
    _searched("sjeldent ord", 4, 0)
    body = centre_staff.get("/search/log/").content.decode()
    unmet = body[body.index("Searched for and hardly found") : body.index("Searched most often")]
    assert "truckførerbevis" in unmet
    assert "sveising" not in unmet
    assert "sveising" in body
    assert "sjeldent ord" not in body


def test_the_log_is_not_for_others(client: Client, learner: Any) -> None:
    assert client.get("/search/log/").status_code == 302
    employer = make_member(make_organisation(Kind.EMPLOYER), Role.ADMIN).user
    client.force_login(employer)
    assert client.get("/search/log/").status_code == 404


SMALL_CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": table,
        "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2},
    }
    for alias, table in (("default", "livslang_cache"), ("visitors", "livslang_cache_visitors"))
}


def test_a_flood_of_new_searches_does_not_evict_the_rate_limit_counters() -> None:
    """The duplicate check's keys (one per visitor and search) are culled in their own table:
    many different searches never push out another address's search counter."""
    with override_settings(CACHES=SMALL_CACHES, SEARCH_RATE_LIMIT=(3, 60)):
        moment = 1_900_000_000.0  # the same rate window for every call
        for _ in range(3):
            assert services.throttle(client_address="192.0.2.1", now=moment) is None
        for n in range(60):
            services.run_search(
                criteria=Criteria(text=f"ord{n}"), settled=True, client_address="192.0.2.2"
            )
        # The fourth search of 192.0.2.1 in the window is still refused.
        assert services.throttle(client_address="192.0.2.1", now=moment) is not None
    assert SearchLogEntry.objects.filter(query__startswith="ord").count() == 60
