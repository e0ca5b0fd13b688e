"""Importing an indicator's values from CSV: line-accurate problems, all or nothing, idempotent,
audited; computed indicators take no file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from livslang.audit.models import AuditEntry
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.programmes import imports
from livslang.programmes.models import IndicatorSource, Measurement, MeasurementSource
from livslang.programmes.testing import make_goal, make_programme, make_track


def test_parse_reads_bom_semicolons_decimal_commas_and_nordic_dates() -> None:
    data = (
        "\ufeffDato;Verdi;Kommentar\r\n"
        "31.12.2024;71,5;første\r\n"
        '2025-12-31;"72,9";"to\r\nlinjer"\r\n'
        "\r\n"
        "2026-06-30;1 234;\r\n"
    ).encode()
    values, problems = imports.parse(data)
    assert problems == []
    assert [(v.line, v.measured_on, v.value, v.comment) for v in values] == [
        (2, date(2024, 12, 31), Decimal("71.5"), "første"),
        (3, date(2025, 12, 31), Decimal("72.9"), "to linjer"),
        (6, date(2026, 6, 30), Decimal("1234"), ""),
    ]


def test_parse_reports_every_problem_with_its_line_column_and_value() -> None:
    data = b"date,value\n2026-02-30,5\n2026-01-31,five\n2026-01-31,6\n2026-03-31,7\n2026-03-31,8\n"
    values, problems = imports.parse(data)
    assert [(p.line, p.column, p.value) for p in problems] == [
        (2, "date", "2026-02-30"),
        (3, "value", "five"),
        (6, "date", "2026-03-31"),
    ]
    assert "line 5" in problems[2].message
    assert [v.line for v in values] == [4, 5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("date,value\n2026-01-31,5\n".encode("utf-16"), "not UTF-8"),
        ("Dato,Værdi\n".encode("cp1252"), "not UTF-8"),
        (b"when,how much\n2026-01-31,5\n", "date and value"),
        (b"date,value\n", "no values"),
    ],
)
def test_parse_refuses_a_file_it_cannot_read(data: bytes, message: str) -> None:
    values, problems = imports.parse(data)
    assert values == []
    assert message in problems[0].message


@pytest.fixture
def world():
    region = make_organisation(Kind.REGION, "340", slug="region")
    vuc = make_organisation(Kind.CENTRE, "370", slug="vuc")
    programme = make_programme(region)
    track = make_track(programme, [vuc])
    goal = make_goal(programme, track, indicator={"source": IndicatorSource.CSV_IMPORT})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_member(vuc, Role.EDITOR).user)
    return {"goal": goal, "client": client, "programme": programme}


def _upload(world, body: bytes):
    url = reverse("programmes:measurement_import", kwargs={"goal_id": world["goal"].public_id})
    return world["client"].post(url, {"file": SimpleUploadedFile("values.csv", body)})


@pytest.mark.django_db
def test_one_bad_row_stores_nothing_and_names_the_line(world) -> None:
    response = _upload(world, b"date,value\n2025-12-31,12\n2026-13-01,14\n")
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing has changed" in page
    assert "<td>3</td>" in page and "2026-13-01" in page
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_good_file_is_stored_audited_and_idempotent(world) -> None:
    body = b"date,value,comment\n2025-12-31,12,survey\n2026-06-30,14,\n"
    response = _upload(world, body)
    assert response.status_code == 302
    stored = list(Measurement.objects.order_by("measured_on").values_list("value", "source"))
    assert stored == [
        (Decimal("12"), MeasurementSource.CSV_IMPORT),
        (Decimal("14"), MeasurementSource.CSV_IMPORT),
    ]
    entry = AuditEntry.objects.get(action="measurement.imported")
    assert entry.changes == {"created": 2, "updated": 0, "unchanged": 0, "file": "values.csv"}
    _upload(world, body)
    assert (
        AuditEntry.objects.filter(action="measurement.imported").latest("pk").changes["unchanged"]
        == 2
    )
    _upload(world, b"date,value\n2026-06-30,15\n")
    assert Measurement.objects.get(measured_on=date(2026, 6, 30)).value == 15
    assert Measurement.objects.count() == 2


@pytest.mark.django_db
def test_a_computed_indicator_takes_no_file(world) -> None:
    goal = make_goal(
        world["programme"],
        indicator={
            "source": IndicatorSource.COMPUTED,
            "computed_kind": "cohorts_started_in_region",
        },
    )
    url = reverse("programmes:measurement_import", kwargs={"goal_id": goal.public_id})
    client = Client()
    client.force_login(make_member(world["programme"].partners.get().organisation, Role.ADMIN).user)
    assert client.get(url).status_code == 404
