"""Pages, maps, exports and the refresh, over the real geography of both countries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from livslang.catalog import services as catalog_services
from livslang.catalog.models import Mode
from livslang.catalog.testing import make_cohort, make_offering
from livslang.geo.models import Municipality
from livslang.insights import geometry, services
from livslang.insights.models import AreaFigures, Period
from livslang.insights.tasks import refresh_insights
from livslang.needs.models import Need
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import (
    ensure_municipality,
    make_member,
    make_organisation,
)

pytestmark = pytest.mark.django_db
TASK = "livslang.insights.tasks.refresh_insights"


def _year() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


def _period() -> Period:
    start, end = _year()
    return services.ensure_period(start=start, end=end)


def _need(municipality: Municipality, participants: int, topics: list[str]) -> Need:
    start, end = _year()
    employer = make_organisation(kind=Kind.EMPLOYER)
    return Need.objects.create(
        organisation=employer,
        title="Behov",
        text="Vi trenger kurs.",
        language="nb",
        topics=topics,
        participants=participants,
        country=municipality.country_id,
        postcode="9300",
        municipality=municipality,
        earliest_start=start,
        latest_start=end,
        modes=["on_site"],
        currency="NOK",
    )


def _world(cohorts: int) -> None:
    start, _end = _year()
    senja = ensure_municipality("5530")
    offering = make_offering(title="Velferdsteknologi", topics=["Velferdsteknologi"])
    for n in range(cohorts):
        make_cohort(offering, start_date=start + dt.timedelta(days=n % 300), municipality=senja)
    make_cohort(offering, mode=Mode.ONLINE, start_date=start)
    _need(senja, 3, ["Velferdsteknologi"])
    _need(ensure_municipality("5501"), 12, ["Velferdsteknologi"])
    services.refresh(period=_period())


def _codes(country: str) -> set[str]:
    return set(
        Municipality.objects.valid_on().filter(country_id=country).values_list("code", flat=True)
    )


def test_every_feature_covers_less_than_a_hemisphere(geo: None) -> None:
    for country, regions in (("NO", ["03", "46", "55", "56"]), ("DK", ["1081", "1084"])):
        for region in [None, *regions]:
            areas = geometry.feature_areas(geometry.municipality_topology(country, region))
            assert areas
            assert all(0 < area < 2 * math.pi for area in areas.values()), (country, region)


def test_every_municipality_is_in_the_map_data_and_the_table(geo: None, client: Any) -> None:
    _world(2)
    for country in ("NO", "DK"):
        codes = _codes(country)
        assert codes == set(geometry.codes(country))
        page = client.get(f"/insights/{country.lower()}/")
        assert page.status_code == 200
        html = page.content.decode()
        for code in codes:
            assert f'<tr data-code="{code}">' in html
        spec = client.get(f"/insights/{country.lower()}/map.json").json()
        drawn = {
            str(g["id"]) for g in spec["data"]["values"]["objects"]["municipalities"]["geometries"]
        }
        looked_up = {row["code"] for row in spec["transform"][0]["from"]["data"]["values"]}
        assert drawn == codes
        assert looked_up == codes


def test_small_counts_are_suppressed_in_pages_and_exports(geo: None, client: Any) -> None:
    _world(2)
    page = client.get("/insights/no-55/", {"measure": "need_people"})
    html = page.content.decode()
    senja = html.split('<tr data-code="5530">', 1)[1].split("</tr>", 1)[0]
    assert "&lt; 5" in senja
    tromso = html.split('<tr data-code="5501">', 1)[1].split("</tr>", 1)[0]
    assert ">12<" in tromso
    spec = client.get("/insights/no-55/map.json", {"measure": "need_people"}).json()
    rows = {r["code"]: r for r in spec["transform"][0]["from"]["data"]["values"]}
    assert rows["5530"]["value"] is None and rows["5530"]["shown"] == "< 5"
    assert rows["5501"]["value"] == 12
    table = list(
        csv.reader(io.StringIO(client.get("/insights/no-55/figures.csv").content.decode()))
    )
    header, by_code = table[0], {row[1]: row for row in table[1:]}
    people = header.index("People behind open needs")
    assert by_code["5530"][people] == "< 5"
    assert by_code["5501"][people] == "12"
    workbook = load_workbook(io.BytesIO(client.get("/insights/no-55/figures.xlsx").content))
    cells = {row[1]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert cells["5530"][people] == "< 5"
    assert cells["5501"][people] == 12


def test_per_capita_needs_a_population_figure(geo: None, client: Any) -> None:
    _world(1)
    html = client.get("/insights/dk-1084/", {"measure": "enrolments_per_1000"}).content.decode()
    copenhagen = html.split('<tr data-code="101">', 1)[1].split("</tr>", 1)[0]
    assert "no population figure" in copenhagen
    html = client.get("/insights/no-55/", {"measure": "enrolments_per_1000"}).content.decode()
    senja = html.split('<tr data-code="5530">', 1)[1].split("</tr>", 1)[0]
    assert "0.00" in senja


@pytest.mark.parametrize(
    "path",
    [
        "/insights/",
        "/insights/no/",
        "/insights/no-55/",
        "/insights/no-55/topic/",
        "/insights/no-55/report/",
    ],
)
def test_page_queries_do_not_grow_with_the_catalogue(
    geo: None, client: Any, path: str, django_assert_max_num_queries: Any
) -> None:
    """LOAD-03: the same number of queries, at most 10, with 10 and with 500 cohorts."""
    counts = []
    for size in (10, 490):
        _world(size)
        with (
            django_assert_max_num_queries(10),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_topic_map_shows_where_a_topic_is_needed(geo: None, client: Any) -> None:
    _world(2)
    page = client.get(
        "/insights/no-55/topic/", {"topic": "Velferdsteknologi", "topic_measure": "need_people"}
    )
    assert page.status_code == 200
    assert "Velferdsteknologi" in page.content.decode()
    spec = client.get(
        "/insights/no-55/topic.json", {"topic": "Velferdsteknologi", "topic_measure": "need_people"}
    ).json()
    rows = {r["code"]: r for r in spec["transform"][0]["from"]["data"]["values"]}
    assert rows["5530"]["shown"] == "< 5"
    assert rows["5501"]["value"] == 12
    bars = client.get("/insights/no-55/bars.json").json()
    assert bars["mark"]["type"] == "bar"
    assert client.get("/insights/no-55/series.json").status_code == 200


def test_unknown_areas_are_not_found(geo: None, client: Any) -> None:
    _world(1)
    assert client.get("/insights/se/").status_code == 404
    assert client.get("/insights/no-99/").status_code == 404


def test_refresh_command_and_the_worker_after_a_catalogue_change(
    geo: None, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    start, end = _year()
    call_command("refresh_insights", "--start", start.isoformat(), "--end", end.isoformat())
    assert "areas=" in capsys.readouterr().out
    period = Period.objects.get(start=start, end=end)
    senja = AreaFigures.objects.get(period=period, level="municipality", code="5530")
    assert senja.reachable["60"] == 0

    centre = make_organisation(kind=Kind.CENTRE)
    editor = make_member(centre, role=Role.EDITOR).user
    offering = make_offering(centre, title="Kurs")
    cohort = make_cohort(offering, start_date=start + dt.timedelta(days=10))
    cache.delete(services._PENDING_KEY)
    DBTaskResult.objects.filter(task_path=TASK).delete()
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_cohort(
            actor=editor, cohort=cohort, data={"start_date": start + dt.timedelta(days=20)}
        )
    assert DBTaskResult.objects.filter(task_path=TASK, status="READY").count() == 1
    refresh_insights.call()
    senja = AreaFigures.objects.get(period=period, level="municipality", code="5530")
    assert senja.reachable["60"] >= 1
