"""Resolving postcodes, municipalities and free text into places, and distances between them.

Read-only tests: the shipped data is loaded once for this module (``geo_data``).
"""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from livslang.geo.models import Municipality, Postcode
from livslang.geo.queries import (
    AmbiguousPlace,
    Place,
    Point,
    UnknownPlace,
    great_circle_km,
    places_within,
    resolve_municipality,
    resolve_place,
    resolve_postcode,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geo_data")]


def haversine_by_hand(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.atan2(math.sqrt(a), math.sqrt(1 - a))


def municipality(country: str, code: str) -> Municipality:
    return Municipality.objects.valid_on().get(country_id=country, code=code)


# --- Distances ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        (("NO", "0301"), ("NO", "4601"), 305),  # Oslo -> Bergen
        (("DK", "101"), ("DK", "751"), 157),  # København -> Aarhus
        (("NO", "5501"), ("NO", "5607"), 415),  # Tromsø -> Vadsø
    ],
)
def test_distance_between_municipalities_uses_settlement_points(
    a: tuple[str, str], b: tuple[str, str], expected_km: float
) -> None:
    origin = resolve_municipality(query=a[1], country=a[0])
    target = resolve_municipality(query=b[1], country=b[0])
    km = great_circle_km(origin.point, target.point)
    assert km == pytest.approx(expected_km, abs=5)

    m_a, m_b = municipality(*a), municipality(*b)
    by_hand = haversine_by_hand(
        m_a.settlement_lat, m_a.settlement_lon, m_b.settlement_lat, m_b.settlement_lon
    )
    assert km == pytest.approx(by_hand, abs=1e-6)
    assert origin.point == m_a.settlement_point
    assert origin.point != m_a.label_point
    label_km = great_circle_km(m_a.label_point, m_b.label_point)
    assert km != pytest.approx(label_km, abs=0.5)


def test_oslo_distance_is_not_measured_from_the_forest() -> None:
    oslo = municipality("NO", "0301")
    # The label point lies in Nordmarka; the settlement point in the city.
    assert oslo.label_point.lat > 60.0
    assert oslo.settlement_point == Point(59.9266, 10.7678)
    assert resolve_municipality(query="Oslo").point == oslo.settlement_point


def test_a_postcode_is_measured_from_its_own_point() -> None:
    place = resolve_postcode(country="NO", code="9800")
    assert place.point == Point(70.0732, 29.7523)
    assert place.municipality_code == "5607"


# --- Postcodes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "code", "name", "municipality_name"),
    [
        ("NO", "4400", "Flekkefjord", "Flekkefjord"),
        ("DK", "4400", "Kalundborg", "Kalundborg"),
        ("NO", "5700", "Voss", "Voss"),
        ("DK", "5700", "Svendborg", "Svendborg"),
        ("NO", "9800", "Vadsø", "Vadsø"),
        ("DK", "9800", "Hjørring", "Hjørring"),
    ],
)
def test_postcodes_used_in_both_countries_resolve_per_country(
    country: str, code: str, name: str, municipality_name: str
) -> None:
    place = resolve_postcode(country=country, code=code)
    assert (place.kind, place.country, place.code, place.name) == ("postcode", country, code, name)
    assert place.municipality_name == municipality_name


def test_a_postcode_in_both_countries_needs_the_country_in_free_text() -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        resolve_place(query="4400")
    assert "Norway" in str(caught.value) and "Denmark" in str(caught.value)
    assert {p.country for p in caught.value.candidates} == {"NO", "DK"}
    assert resolve_place(query="4400", country="DK").name == "Kalundborg"


def test_unknown_postcode_names_the_input() -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_postcode(country="NO", code="9999")
    assert caught.value.messages == ["No postcode 9999 in Norway."]
    assert isinstance(caught.value, ValidationError)


@pytest.mark.parametrize("code", ["123", "12345", "12a4", "", "١٢٣٤"])
def test_malformed_postcode_says_what_a_postcode_looks_like(code: str) -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_postcode(country="DK", code=code)
    assert "Postcodes in Denmark have 4 digits." in str(caught.value)


def test_messages_are_translated() -> None:
    with pytest.raises(UnknownPlace) as english:
        resolve_postcode(country="NO", code="9999")
    with translation.override("nb"), pytest.raises(UnknownPlace) as norwegian:
        resolve_postcode(country="NO", code="9999")
    assert "9999" in str(norwegian.value)
    assert str(norwegian.value) != str(english.value)


def test_unknown_country_is_refused() -> None:
    with pytest.raises(UnknownPlace, match="SE"):
        resolve_postcode(country="SE", code="1234")


def test_svalbard_postcode_has_coordinates_but_no_municipality() -> None:
    postcode = Postcode.objects.get(country_id="NO", code="9170")
    assert postcode.municipality is None
    assert not postcode.municipalities.exists()
    place = resolve_postcode(country="NO", code="9170")
    assert place.name == "Longyearbyen"
    assert place.point == Point(78.2188, 15.6426)
    assert place.municipality_code is None and place.municipality_name is None
    assert Postcode.objects.filter(country_id="NO", municipality__isnull=True).count() == 8


def test_a_danish_postcode_covers_several_municipalities() -> None:
    roskilde = Postcode.objects.get(country_id="DK", code="4000")
    assert roskilde.municipality is not None and roskilde.municipality.code == "265"
    assert set(roskilde.municipalities.values_list("code", flat=True)) == {"169", "265", "350"}
    assert resolve_postcode(country="DK", code="4000").municipality_code == "265"
    # Norwegian postcodes cover just their own municipality.
    flekkefjord = Postcode.objects.get(country_id="NO", code="4400")
    assert list(flekkefjord.municipalities.values_list("code", flat=True)) == ["4207"]


# --- Municipalities ----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Tromsø", "tromsø", "TROMSØ", "  Tromsø ", "5501"])
def test_municipality_by_name_any_case_or_by_code(query: str) -> None:
    place = resolve_municipality(query=query)
    assert (place.kind, place.country, place.code, place.name) == (
        "municipality",
        "NO",
        "5501",
        "Tromsø",
    )
    assert place.municipality_code == "5501"


@pytest.mark.parametrize("query", ["Guovdageaidnu", "guovdageaidnu - kautokeino", "KAUTOKEINO"])
def test_municipality_by_official_sami_name(query: str) -> None:
    assert resolve_municipality(query=query).code == "5612"


def test_danish_municipality_by_code_with_or_without_leading_zero() -> None:
    assert resolve_municipality(query="101").name == "København"
    assert resolve_municipality(query="0101", country="DK").name == "København"
    assert resolve_municipality(query="høje taastrup", country="dk").code == "169"


def test_municipality_name_twice_in_norway_needs_the_number() -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        resolve_municipality(query="Herøy")
    message = str(caught.value)
    assert "1515 (Møre og Romsdal)" in message and "1818 (Nordland)" in message
    assert [p.code for p in caught.value.candidates] == ["1515", "1818"]


def test_unknown_municipality_names_the_input() -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_municipality(query="5599", country="NO")
    assert str(caught.value) == "No municipality 5599 in Norway."
    with pytest.raises(UnknownPlace) as caught:
        resolve_municipality(query="Atlantis")
    assert str(caught.value) == "No municipality called “Atlantis”."


@pytest.mark.parametrize(("query", "country"), [("12", None), ("101", "NO"), ("12345", "DK")])
def test_malformed_municipality_code(query: str, country: str | None) -> None:
    with pytest.raises(UnknownPlace, match="not a municipality number"):
        resolve_municipality(query=query, country=country)


# --- Free text ---------------------------------------------------------------------------


def test_resolve_place_accepts_postcodes_codes_and_names() -> None:
    assert resolve_place(query="9170", country="NO").kind == "postcode"
    assert resolve_place(query="5501").kind == "postcode"  # Haugesund: postcodes come first
    assert resolve_place(query="1149").name == "Karmøy"  # no such postcode: a kommunenummer
    assert resolve_place(query="751").name == "Aarhus"
    assert resolve_place(query="0751", country="DK").name == "Aarhus"
    assert resolve_place(query="bergen").code == "4601"
    # Place names of postcodes answer when no municipality has the name.
    longyearbyen = resolve_place(query="Longyearbyen")
    assert (longyearbyen.kind, longyearbyen.code) == ("postcode", "9170")
    fosnavag = resolve_place(query="fosnavåg")
    assert fosnavag.municipality_code == "1515"
    # Bryne's postcodes lie in Time and Klepp, close together: one place, mostly Time.
    assert resolve_place(query="Bryne").municipality_name == "Time"


def test_resolve_place_with_a_name_in_both_countries_needs_the_country() -> None:
    with pytest.raises(AmbiguousPlace):
        resolve_place(query="Borre")
    assert resolve_place(query="Borre", country="DK").municipality_name == "Vordingborg"


def test_resolve_place_rejects_nonsense() -> None:
    with pytest.raises(UnknownPlace, match="123456"):
        resolve_place(query="123456")
    with pytest.raises(UnknownPlace, match="No postcode 9999"):
        resolve_place(query="9999", country="NO")
    with pytest.raises(UnknownPlace):
        resolve_place(query="   ")


def test_place_is_a_small_frozen_value() -> None:
    place = resolve_postcode(country="NO", code="0001")
    assert isinstance(place, Place)
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]
    assert str(place) == "0001 Oslo"


# --- Within a radius ---------------------------------------------------------------------


def test_places_within_is_sorted_and_includes_the_origin() -> None:
    origin = resolve_municipality(query="Tromsø")
    found = places_within(origin=origin.point, radius_km=60)
    codes = [m.code for m, _km in found]
    assert codes[0] == "5501"
    assert found[0][1] == pytest.approx(0.0)
    distances = [km for _m, km in found]
    assert distances == sorted(distances)
    assert all(km <= 60 for km in distances)
    assert "5532" in codes  # Balsfjord
    # Exactly the municipalities a full scan finds.
    every = [
        m.code
        for m in Municipality.objects.valid_on()
        if great_circle_km(origin.point, m.settlement_point) <= 60
    ]
    assert sorted(codes) == sorted(every)


def test_places_within_filters_in_the_database_and_by_country() -> None:
    copenhagen = resolve_municipality(query="København").point
    with CaptureQueriesContext(connection) as queries:
        found = places_within(origin=copenhagen, radius_km=100, country="DK")
    assert len(queries) == 1
    assert "settlement_lat" in queries[0]["sql"] and "settlement_lon" in queries[0]["sql"]
    assert found and all(m.country_id == "DK" for m, _km in found)
    # From Copenhagen, 100 km reach no Norwegian municipality anyway; 600 km reach Oslo.
    assert "0301" in [m.code for m, _ in places_within(origin=copenhagen, radius_km=600)]
    assert "0301" not in [
        m.code for m, _ in places_within(origin=copenhagen, radius_km=600, country="DK")
    ]


def test_places_within_refuses_a_negative_radius() -> None:
    with pytest.raises(ValueError, match="negative"):
        places_within(origin=Point(60, 10), radius_km=-1)
