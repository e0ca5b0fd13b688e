"""The status report: its sections on the page and in the XLSX, one sheet per section."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.programmes.models import ActionStatus
from livslang.programmes.testing import (
    make_action,
    make_goal,
    make_programme,
    make_track,
    measure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    region = make_organisation(Kind.REGION, "340", name="Region")
    viewer = make_member(region, Role.VIEWER).user
    programme = make_programme(region, name="Programme")
    track = make_track(programme, [region], name='=HYPERLINK("https://evil.example")')
    overall = make_goal(programme, name="Attainment")
    goal = make_goal(programme, track, parent=overall, weight="2", name="Completion")
    measure(goal, "15", date(2026, 3, 31), comment="+47 comment")
    measure(goal, "12", date(2025, 3, 31))
    make_action(
        track,
        title="Overdue action",
        due_date=date(2026, 5, 1),
        status=ActionStatus.IN_PROGRESS,
        progress=40,
    )
    return {"viewer": viewer, "programme": programme}


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _xlsx(client: Client, world, **period):
    client.force_login(world["viewer"])
    url = reverse("programmes:report_xlsx", kwargs={"slug": world["programme"].slug})
    response = client.get(url, period)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_the_xlsx_has_one_sheet_per_section_with_the_numbers(client: Client, world) -> None:
    body = _xlsx(client, world, start="2026-01-01", end="2026-06-30")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == [
        "Goals and progress",
        "Measurements in the period",
        "Tracks and action plans",
        "Actions",
        "Initiatives",
    ]
    goals = list(book["Goals and progress"].iter_rows(values_only=True))
    assert goals[0][:2] == ("Programme", "2026-01-01/2026-06-30")
    assert goals[1][:4] == ("Goal", "Track", "Contributes to", "Weight")
    completion = next(row for row in goals if row[0] == "Completion")
    assert completion[2] == "Attainment"
    assert completion[3] == 2  # weight, a number
    assert completion[9] == 15  # latest value
    assert completion[11] == 50  # progress in percent
    attainment = next(row for row in goals if row[0] == "Attainment")
    assert attainment[12] == 50  # rolled up from Completion
    measurements = list(book["Measurements in the period"].iter_rows(values_only=True))[2:]
    assert measurements == [("Completion", "2026-03-31", 15, "entered by hand", "+47 comment")]
    actions = list(book["Actions"].iter_rows(values_only=True))[2:]
    assert actions[0][1] == "Overdue action"
    assert actions[0][7] == 40
    assert actions[0][8:] == ("yes", "yes")  # due in the period, overdue at its end


def test_the_progress_is_as_it_stood_at_the_end_of_the_period(client: Client, world) -> None:
    body = _xlsx(client, world, start="2025-01-01", end="2025-12-31")
    book = load_workbook(io.BytesIO(body))
    completion = next(
        row
        for row in book["Goals and progress"].iter_rows(values_only=True)
        if row[0] == "Completion"
    )
    assert completion[9] == 12
    assert completion[11] == 20


def test_text_that_looks_like_a_formula_stays_text(client: Client, world) -> None:
    body = _xlsx(client, world, start="2026-01-01", end="2026-06-30")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == 5
        assert all(b"<f>" not in archive.read(name) for name in sheets)
    book = load_workbook(io.BytesIO(body))
    tracks = list(book["Tracks and action plans"].iter_rows(values_only=True))
    assert tracks[2][0] == '=HYPERLINK("https://evil.example")'
    assert book["Tracks and action plans"].cell(row=3, column=1).data_type == "s"


def test_the_printable_page_has_the_same_sections(client: Client, world) -> None:
    client.force_login(world["viewer"])
    url = reverse("programmes:report", kwargs={"slug": world["programme"].slug})
    page = client.get(url, {"start": "2026-01-01", "end": "2026-06-30"}).content.decode()
    for title in ("Goals and progress", "Measurements in the period", "Tracks and action plans"):
        assert title in page
    assert "report.xlsx?start=2026-01-01&amp;end=2026-06-30" in page
    assert "programmes.css" in page  # the print stylesheet


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(
    client: Client, world
) -> None:
    client.force_login(world["viewer"])
    url = reverse("programmes:report", kwargs={"slug": world["programme"].slug})
    end = date.today() - timedelta(days=1)
    page = client.get(url, {"start": date.today().isoformat(), "end": end.isoformat()})
    assert "The period cannot end before it starts." in page.content.decode()


def test_sheet_titles_are_valid_worksheet_names() -> None:
    from livslang.programmes.reports import sheet_title

    assert sheet_title("Mål: fremdrift [del 1/2]") == "Mål- fremdrift -del 1-2-"
    assert len(sheet_title("x" * 40)) == 31
