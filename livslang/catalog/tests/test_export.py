"""Exports: formula injection (IMP-08), the JSON-LD profile, the command's exit codes and the
round trip export → import that changes nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from livslang.catalog.exports import export_offerings, neutralise
from livslang.catalog.imports import COLUMNS, run_import
from livslang.catalog.models import Cohort, CohortStatus, Offering, OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.organisations.models import Kind, Organisation
from livslang.organisations.testing import make_organisation

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("x")', "+47 22 00 00 00", "-1+1", "@SUM(1)", "\tX"]
START = date(2031, 3, 3)


@pytest.fixture
def centre() -> Organisation:
    return make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")


@pytest.fixture
def dangerous(centre: Organisation) -> list[Offering]:
    offerings = []
    for title in DANGEROUS:
        offering = make_offering(centre, title=title)
        make_cohort(offering, start_date=START, price=Decimal("1500.00"), seats=12)
        offerings.append(offering)
    return offerings


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# --- IMP-08 ----------------------------------------------------------------------------------


def test_neutralise() -> None:
    assert [neutralise(t) for t in DANGEROUS] == ["'" + t for t in DANGEROUS]
    assert neutralise("Sveising") == "Sveising"
    assert neutralise("\rX") == "'\rX"


def test_csv_neutralises_formula_cells_and_quotes_them(dangerous: list[Offering]) -> None:
    data = export_offerings(organisation=dangerous[0].owner, fmt="csv")
    text = data.decode("utf-8")
    rows = _csv_rows(data)
    titles = sorted(row["title"] for row in rows)
    assert titles == sorted("'" + t for t in DANGEROUS)
    # RFC 4180: the cells that need it are quoted; the tab and quote characters survive.
    assert '"\'=HYPERLINK(""x"")"' in text
    for row in rows:
        assert row["price"] == "1500.00"  # numeric cells stay numeric: no "'" prefix
        assert row["seats"] == "12"
    assert next(csv.reader(io.StringIO(text))) == list(COLUMNS)


def test_xlsx_writes_formula_like_text_as_strings(dangerous: list[Offering]) -> None:
    data = export_offerings(organisation=dangerous[0].owner, fmt="xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert header == list(COLUMNS)
    title_at, price_at = header.index("title"), header.index("price")
    assert sorted(str(r[title_at]) for r in rows[1:]) == sorted(DANGEROUS)
    for row in rows[1:]:
        assert isinstance(row[price_at], int | float)
        assert row[price_at] == 1500
    # The title cells are strings (t="s" or inline strings), never formulas.
    assert re.search(r'<c r="B2"[^>]*t="(s|inlineStr|str)"', sheet)


# --- JSON-LD ---------------------------------------------------------------------------------


def test_jsonld_is_a_list_of_courses_with_status(centre: Organisation) -> None:
    draft = make_offering(centre, title="Utkast", status=OfferingStatus.DRAFT)
    make_cohort(draft, start_date=START)
    published = make_offering(centre, title="Publisert")
    make_cohort(published, start_date=START)
    items = json.loads(export_offerings(organisation=centre, fmt="jsonld"))
    assert isinstance(items, list)
    assert {item["name"] for item in items} == {"Utkast", "Publisert"}
    for item in items:
        assert item["@type"] == "Course"
        assert item["hasCourseInstance"][0]["@type"] == "CourseInstance"
        assert item["livslang:status"] in ("draft", "published")


def test_without_organisation_only_published(centre: Organisation) -> None:
    make_offering(centre, title="Utkast", status=OfferingStatus.DRAFT)
    make_offering(centre, title="Publisert")
    items = json.loads(export_offerings(fmt="jsonld"))
    assert [item["name"] for item in items] == ["Publisert"]
    rows = _csv_rows(export_offerings(fmt="csv"))
    assert [row["title"] for row in rows] == ["Publisert"]


# --- The command -----------------------------------------------------------------------------


def test_command_writes_stdout_and_files(
    centre: Organisation, tmp_path: Path, capfdbinary: Any
) -> None:
    make_cohort(make_offering(centre, title="Sveising"), start_date=START)
    call_command("export_offerings", "--organisation", centre.slug, "--format", "jsonld")
    out = capfdbinary.readouterr().out
    assert json.loads(out)[0]["name"] == "Sveising"
    target = tmp_path / "out.xlsx"
    call_command("export_offerings", "--format", "xlsx", "--output", str(target))
    assert target.read_bytes().startswith(b"PK\x03\x04")


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "xlsx"],
        ["--organisation", "no-such-org", "--format", "csv"],
        ["--format", "pdf"],
        [],
    ],
)
def test_command_usage_errors_exit_2(argv: list[str], centre: Organisation) -> None:
    from livslang.catalog.management.commands.export_offerings import Command

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "export_offerings", *argv])
    assert exit_info.value.code == 2


# --- Round trip ------------------------------------------------------------------------------


def _state() -> list[dict[str, Any]]:
    """Every stored field of every offering and cohort (and study group)."""
    offerings = []
    for offering in Offering.objects.order_by("pk"):
        fields = model_to_dict(offering)
        fields["delivering_centres"] = sorted(c.pk for c in offering.delivering_centres.all())
        fields["updated_at"] = offering.updated_at
        cohorts = []
        for cohort in Cohort.objects.filter(offering=offering).order_by("pk"):
            cohort_fields = model_to_dict(cohort)
            cohort_fields["updated_at"] = cohort.updated_at
            cohort_fields["study_groups"] = [
                (g.centre_id, g.municipality_id) for g in cohort.study_groups.order_by("pk")
            ]
            cohorts.append(cohort_fields)
        fields["cohorts"] = cohorts
        offerings.append(fields)
    return offerings


@pytest.fixture
def catalogue(centre: Organisation) -> Organisation:
    make_postcode("9300", "5530", "Finnsnes")
    welding = make_offering(
        centre,
        source_identifier="senja-sveis",
        title="Sveising <b>og</b> «platearbeid»",
        description='Et kurs, med komma; og "anførsel".\nTo linjer.',
        target_group="Voksne",
        duration_text="10 uker",
        external_url="https://example.org/sveis",
        delivering_centres=[centre],
    )
    make_cohort(
        welding,
        start_date=START,
        postcode="9300",
        latitude=69.23,  # as the postcode's centroid (make_postcode)
        longitude=17.98,
        venue_name="Finnsnes, Storgata 1",
        schedule_kinds=["weekend"],
        schedule_text="Tirsdager 18.00-21.00",
        price=Decimal("2500.00"),
        seats=15,
        minimum_participants=6,
        application_deadline=date(2031, 2, 1),
        guaranteed_start=True,
        delivering_centre=centre,
        source_identifier="senja-sveis-h31",
    )
    make_cohort(
        welding,
        mode="online",
        start_date=date(2031, 4, 1),
        schedule_kinds=["self_paced"],
        source_identifier="senja-sveis-online",
    )
    draft = make_offering(
        centre, title="Utkast", status=OfferingStatus.DRAFT, source_identifier="senja-utkast"
    )
    make_cohort(
        draft,
        source_identifier="senja-utkast-1",
        start_date=START,
        status=CohortStatus.PLANNED,
        price=None,
        seats=None,
        enrolment_method="external",
        application_url="https://example.org/apply?x=1&y=2",
        workload_text="To kvelder i uka",
    )
    return centre


@pytest.mark.parametrize("fmt", ["jsonld", "csv", "xlsx"])
def test_export_then_import_changes_nothing(catalogue: Organisation, fmt: str) -> None:
    before = _state()
    data = export_offerings(organisation=catalogue, fmt=fmt)
    report = run_import(
        data=data, filename=f"export.{fmt}", fmt=fmt, organisation=catalogue, actor=None
    )
    assert [str(p) for p in report.problems] == []
    assert _state() == before
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert (report.cohorts_created, report.cohorts_updated, report.cohorts_removed) == (0, 0, 0)


def test_offerings_made_in_the_pages_round_trip_by_public_id(centre: Organisation) -> None:
    offering = make_offering(centre, title="Laget i skjemaet")
    make_cohort(offering, mode="online", start_date=START)
    before = _state()
    data = export_offerings(organisation=centre, fmt="csv")
    assert str(offering.public_id) in data.decode()
    report = run_import(data=data, filename="export.csv", organisation=centre)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert _state() == before


def test_several_schedule_kinds_round_trip_in_jsonld(centre: Organisation) -> None:
    offering = make_offering(centre, title="Kveld og helg", source_identifier="kh")
    make_cohort(
        offering,
        mode="online",
        start_date=START,
        schedule_kinds=["evening", "weekend"],
        source_identifier="kh-1",
    )
    before = _state()
    data = export_offerings(organisation=centre, fmt="jsonld")
    assert json.loads(data)[0]["hasCourseInstance"][0]["livslang:scheduleKinds"] == [
        "evening",
        "weekend",
    ]
    run_import(data=data, filename="export.jsonld", organisation=centre)
    assert _state() == before
