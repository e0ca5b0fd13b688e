"""Cohort calendar files (RFC 5545), parsed back with the icalendar library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import translation

from livslang.catalog import ical
from livslang.catalog.models import CohortStatus, Mode
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind
from livslang.organisations.testing import make_organisation

START = dt.date(2031, 3, 3)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_escape_and_fold() -> None:
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "æøå" * 60
    folded = ical.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line
    assert ical.fold("SHORT:x") == "SHORT:x"


@pytest.mark.django_db
def test_calendar_file_parses_back() -> None:
    offering = make_offering(
        make_organisation(Kind.CENTRE), title="Sveising, grunnkurs; del 1 " + "lang " * 20
    )
    cohort = make_cohort(
        offering,
        start_date=START,
        end_date=START + dt.timedelta(days=59),
        venue_name="Storgata 1",
        postcode="9300",
        schedule_text="Tirsdager 18-21,\noddetallsuker",
    )
    client = Client(headers={"accept-language": "en"})
    response = client.get(f"/cohorts/{cohort.public_id}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{offering.slug}.ics"'
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))

    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event: Any = events[0]
    assert str(event["UID"]) == f"{cohort.public_id}@testserver"
    assert str(event["SUMMARY"]) == offering.title
    assert event["DTSTART"].dt == START
    assert event["DTEND"].dt == START + dt.timedelta(days=60)  # exclusive
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert isinstance(event["DTSTAMP"].dt, dt.datetime)
    assert "Tirsdager 18-21,\noddetallsuker" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Storgata 1, 9300 Senja"
    assert str(event["URL"]).endswith(f"#cohort-{cohort.public_id}")
    assert str(event["STATUS"]) == "TENTATIVE"


@pytest.mark.django_db
def test_online_cancelled_and_self_paced() -> None:
    offering = make_offering(make_organisation(Kind.CENTRE))
    cohort = make_cohort(
        offering,
        mode=Mode.ONLINE,
        start_date=START,
        end_date=None,
        schedule_kinds=["self_paced"],
        status=CohortStatus.CANCELLED,
    )
    # The calendar file speaks the visitor's language, like the pages.
    body = Client(HTTP_ACCEPT_LANGUAGE="nb").get(f"/cohorts/{cohort.public_id}.ics").content
    event: Any = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
    assert event["DTEND"].dt == START + dt.timedelta(days=1)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["LOCATION"]) == "Nettbasert"


@pytest.mark.django_db
def test_no_calendar_for_unknown_cohorts() -> None:
    assert Client().get("/cohorts/00000000-0000-0000-0000-000000000000.ics").status_code == 404
