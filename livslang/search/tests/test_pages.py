"""The search page at the HTTP interface: languages, htmx, validation, near me, widening,
query budget (LOAD-03) and the rate limit (SEC-12)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from livslang.catalog.models import Mode
from livslang.catalog.testing import make_cohort, make_offering
from livslang.geo.models import Municipality
from livslang.geo.services import load_reference_data
from livslang.search.index import current_index, reset_index
from livslang.search.models import SearchLogEntry

pytestmark = pytest.mark.django_db
# Documented in README (search): database queries of one search page with a database cache.
QUERY_BUDGET = 20


def titles(response: Any) -> list[str]:
    return re.findall(
        r'<a class="ds-link"\s+rel="nofollow"\s+href="/search/follow/[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nb", 'lang="nb"'), ("nn", 'lang="nn"'), ("da", 'lang="da"'), ("en", 'lang="en"')],
)
def test_the_page_answers_in_every_language(language: str, heading: str) -> None:
    make_cohort(make_offering(title="Sveising for nybegynnere"))
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/search/?q=sveis")
    assert response.status_code == 200
    assert heading in response.content.decode()
    assert titles(response) == ["Sveising for nybegynnere"]


def test_an_htmx_request_gets_only_the_results(en: Client) -> None:
    make_cohort(make_offering(title="Sveising for nybegynnere"))
    response = en.get("/search/?q=sveis", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'role="status"' in body
    assert titles(response) == ["Sveising for nybegynnere"]
    assert "HX-Request" in response["Vary"]


def test_the_address_pushed_keeps_the_state_without_empty_fields(en: Client) -> None:
    response = en.get(
        "/search/?q=sveis&place=&radius=50&modes=online&modes=blended&price_max=&go=1",
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Push-Url"] == "/search/?q=sveis&radius=50&modes=online&modes=blended"


def test_no_cookie_is_set_for_an_anonymous_searcher(en: Client) -> None:
    make_cohort(make_offering(title="Sveising"))
    response = en.get("/search/?q=sveis&go=1")
    # Only the CSRF cookie of the language switcher that every page carries (strictly
    # necessary, see the cookie statement): no session, no visitor identifier.
    assert set(response.cookies) <= {"livslang_csrf"}


def test_bad_values_are_reported_and_numbers_clamped(en: Client) -> None:
    make_cohort(make_offering(title="Sveising"))
    response = en.get(
        "/search/?q=sveis&radius=100000&page=99999&price_max=-5&start_from=2030-05-01"
        "&start_to=2030-01-01&modes=teleport"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="500"' in body  # radius clamped to the largest allowed
    assert "The latest start must not be before the earliest." in body
    assert "Select a valid choice. teleport is not one of the available choices." in body
    assert "Ensure this value is greater than or equal to 0." in body


def test_an_empty_result_suggests_how_to_widen(en: Client) -> None:
    make_cohort(make_offering(title="Sveising"), start_date=timezone.localdate() + timedelta(400))
    response = en.get("/search/?q=sveis&exclude_online=on&start_to=2000-01-01")
    body = response.content.decode()
    assert "Nothing matches all of this yet." in body
    assert "Include online cohorts" in body
    assert "Allow a later start" in body


def test_sorting_by_start_date(en: Client) -> None:
    today = timezone.localdate()
    make_cohort(make_offering(title="Sveising B"), start_date=today + timedelta(60))
    make_cohort(make_offering(title="Sveising A"), start_date=today + timedelta(90))
    make_cohort(make_offering(title="Sveising C"), start_date=today + timedelta(10))
    response = en.get("/search/?q=sveising&sort=start")
    assert titles(response) == ["Sveising C", "Sveising B", "Sveising A"]


def test_pages_of_twenty(en: Client) -> None:
    for n in range(25):
        make_cohort(make_offering(title=f"Sveising {n:02d}"))
    first = en.get("/search/?q=sveising&sort=start")
    second = en.get("/search/?q=sveising&sort=start&page=2")
    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert "Page 2 of 2" in second.content.decode()
    assert "q=sveising&amp;sort=start&amp;page=2" in first.content.decode()


def _offerings(count: int) -> None:
    for n in range(count):
        offering = make_offering(title=f"Sveising {n}", campaign_tags=[f"kampanje {n % 7}"])
        make_cohort(offering)
        make_cohort(offering, mode=Mode.ONLINE)


def test_the_number_of_queries_does_not_grow_with_the_results(en: Client) -> None:
    """LOAD-03: the same queries for 10 and for 500 results (the rate-limit and duplicate
    counters add a fixed number when the cache is the database, as in the embedded profile)."""

    def queries_for(address: str) -> tuple[int, int]:
        client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/?q=sveising&modes=online&sort=start&go=1")
        return len(captured), len(titles(response))

    _offerings(10)
    # The first search of a process builds the index, the first of a day makes the salt.
    Client(REMOTE_ADDR="192.0.2.9").get("/search/?q=varm&go=1")
    few = queries_for("192.0.2.10")
    _offerings(490)
    reset_index()  # the factories write no change log: rebuild
    current_index()
    many = queries_for("192.0.2.11")
    assert few == (many[0], 10)
    assert many[1] == 20
    assert many[0] <= QUERY_BUDGET


def test_a_repeated_search_writes_once_its_count(en: Client) -> None:
    """docs/benchmarks.md, "Request cost": the same search again from the same address is
    counted by the rate limit (one write) and recognised as logged by a read (no write)."""
    make_cohort(make_offering(title="Sveising for nybegynnere"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="192.0.2.20")
    client.get("/search/?q=sveis&go=1")

    def writes() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/?q=sveis&go=1").status_code == 200
        return [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]

    assert len(writes()) == 1
    assert SearchLogEntry.objects.count() == 1
    # A search not seen before is logged (its duplicate key written) and counted.
    client.get("/search/?q=nybegynnere&go=1")
    assert SearchLogEntry.objects.count() == 2


# --- Near me, with the shipped geography --------------------------------------------------


@pytest.fixture(scope="module")
def geo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_reference_data()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _in(code: str, title: str, **kw: Any) -> None:
    municipality = Municipality.objects.valid_on().get(code=code)
    make_cohort(
        make_offering(title=title),
        municipality=municipality,
        country=municipality.country_id,
        **kw,
    )


def distance_of(response: Any, title: str) -> int:
    body = response.content.decode()
    part = body[body.index(f">{title}</a>") :]
    return int(re.search(r"(\d+) km away", part).group(1))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("postcode", "country", "municipality", "low", "high"),
    [
        ("0150", "NO", "4601", 295, 320),  # Oslo sentrum - Bergen
        ("9300", "NO", "5501", 50, 80),  # Finnsnes - Tromsø
        ("4200", "DK", "340", 8, 20),  # Slagelse - Sorø
    ],
)
def test_distances_to_known_places(
    geo: None, en: Client, postcode: str, country: str, municipality: str, low: int, high: int
) -> None:
    _in(municipality, "Sveising på stedet")
    response = en.get(f"/search/?q=sveising&place={postcode}&country={country}&radius=500")
    assert low <= distance_of(response, "Sveising på stedet") <= high


@pytest.mark.parametrize(
    ("postcode", "country", "near", "far"),
    [("9300", "DK", "813", "5530"), ("9300", "NO", "5530", "813"), ("4400", "DK", "326", "4207")],
)
def test_a_postcode_in_both_countries_needs_the_country(
    geo: None, en: Client, postcode: str, country: str, near: str, far: str
) -> None:
    _in(near, "Sveising nær")
    _in(far, "Sveising fjern")
    response = en.get(f"/search/?q=sveising&place={postcode}&radius=60")
    assert "choose the country" in response.content.decode()
    response = en.get(f"/search/?q=sveising&place={postcode}&country={country}&radius=60")
    assert titles(response) == ["Sveising nær"]


def test_online_cohorts_are_included_unless_left_out(geo: None, en: Client) -> None:
    _in("5530", "Sveising i Senja")
    _in("4601", "Sveising i Bergen")
    make_cohort(make_offering(title="Sveising på nett"), mode=Mode.ONLINE, municipality=None)
    near = en.get("/search/?q=sveising&place=9300&country=NO&radius=50&sort=distance")
    assert titles(near) == ["Sveising i Senja", "Sveising på nett"]
    assert "online" in near.content.decode()
    without = en.get("/search/?q=sveising&place=9300&country=NO&radius=50&exclude_online=on")
    assert titles(without) == ["Sveising i Senja"]


def test_the_best_cohort_is_the_nearest(geo: None, en: Client) -> None:
    offering = make_offering(title="Sveising")
    for code in ("4601", "5501", "5530"):
        municipality = Municipality.objects.valid_on().get(code=code)
        make_cohort(offering, municipality=municipality)
    make_cohort(offering, mode=Mode.ONLINE, municipality=None)
    response = en.get("/search/?q=sveising&place=9300&country=NO&radius=500")
    # Senja's settlement point, 18 km from Finnsnes; Tromsø is 60 km, Bergen 1000 km away.
    assert distance_of(response, "Sveising") < 30
    assert "Senja" in response.content.decode()


# --- Rate limit (SEC-12) ------------------------------------------------------------------


def test_searching_too_fast_is_refused_with_retry_after(settings: Any, en: Client) -> None:
    settings.SEARCH_RATE_LIMIT = (3, 60)
    for n in range(3):
        assert en.get(f"/search/?q=kurs{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 200
    refused = en.get("/search/?q=kurs", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    # Another address is not affected.
    assert Client(REMOTE_ADDR="192.0.2.7").get("/search/").status_code == 200


def test_a_spoofed_forwarded_for_does_not_reset_the_count(settings: Any) -> None:
    settings.SEARCH_RATE_LIMIT = (2, 60)
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    statuses = [
        proxy.get("/search/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
