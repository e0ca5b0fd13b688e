"""import_statistics: the sample files, faults, exit codes, re-import, URLs (no network),
the administrator page, indicators and population from series."""

from __future__ import annotations

import copy
import io
import json
import urllib.error
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from livslang.geo.models import Region
from livslang.insights import services, statistics
from livslang.insights.models import AreaFigures, StatisticsHost, StatisticsSeries, StatisticsValue
from livslang.organisations.testing import make_organisation, make_user
from livslang.programmes.models import Measurement, MeasurementSource
from livslang.programmes.testing import make_goal, make_programme

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "statistics"
NO_FILE = SAMPLES / "no_higher_education_synthetic.json"
DK_FILE = SAMPLES / "dk_amu_participants_synthetic.json"
POPULATION = SAMPLES / "population_synthetic.json"


def run(*args: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command("import_statistics", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, [str(exc)]
    return 0, out.getvalue().splitlines()


def write(tmp_path: Path, document: Any) -> str:
    path = tmp_path / "cube.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_norwegian_table_lists_the_unplaced_old_code(geo: None) -> None:
    code, lines = run(str(NO_FILE))
    assert code == 0
    series = StatisticsSeries.objects.get()
    assert lines == [
        f"series={series.slug} values=12 skipped=3 unplaced=5421",
        "imported=1 unchanged=0",
    ]
    senja = StatisticsValue.objects.filter(series=series, code="5530").order_by("starts_on")
    assert [str(v.value) for v in senja] == ["24.0000", "24.6000", "25.1000"]
    tromso = StatisticsValue.objects.get(series=series, code="5501", period="2025")
    assert tromso.value is None and tromso.status == ".."
    assert StatisticsValue.objects.filter(series=series, code="5601").count() == 3  # "K-5601"
    assert StatisticsValue.objects.filter(series=series, level="country", code="NO").count() == 3


def test_re_import_of_the_same_source_label_and_updated_is_a_no_op(geo: None) -> None:
    assert run(str(NO_FILE))[0] == 0
    before = list(StatisticsValue.objects.values_list("pk", flat=True))
    code, lines = run(str(NO_FILE))
    assert code == 0
    assert lines[-1] == "imported=0 unchanged=1"
    assert " values=0 skipped=3 unplaced=5421" in lines[0]
    assert list(StatisticsValue.objects.values_list("pk", flat=True)) == before


def test_strict_rejects_unplaced_codes_and_stores_nothing(geo: None) -> None:
    code, lines = run(str(NO_FILE), "--strict")
    assert code == 1
    assert "dimension Region" in lines[0] and "5421" in lines[0]
    assert not StatisticsSeries.objects.exists()


def test_danish_table_gives_one_series_per_sex_with_sparse_values(geo: None) -> None:
    code, lines = run(str(DK_FILE))
    assert code == 0
    assert lines[-1] == "imported=2 unchanged=0"
    men = StatisticsSeries.objects.get(label__endswith=": Mænd")
    women = StatisticsSeries.objects.get(label__endswith=": Kvinder")
    assert men.values.count() == 8
    assert women.values.count() == 7  # index 13 is absent from the sparse values
    assert women.values.get(code="101", period="2025K1").value == 5100
    assert str(women.values.get(code="101", period="2025K1").starts_on) == "2025-01-01"
    assert men.values.get(code="370", period="2025K2").starts_on.month == 4
    assert women.values.filter(level="country", country="DK").count() == 2


def test_dry_run_reports_and_stores_nothing(geo: None) -> None:
    code, lines = run(str(DK_FILE), "--dry-run")
    assert code == 0
    assert lines[-1].startswith("imported=2 unchanged=0")
    assert not StatisticsSeries.objects.exists()


def test_population_series_fills_per_capita_figures_in_denmark(geo: None) -> None:
    code, lines = run(str(POPULATION), "--as-population")
    assert code == 0 and lines[-1] == "imported=2 unchanged=0"
    assert StatisticsSeries.objects.filter(is_population=True).count() == 2
    services.refresh()
    copenhagen = AreaFigures.objects.filter(level="municipality", code="101").first()
    assert copenhagen is not None and copenhagen.population == 660000
    senja = AreaFigures.objects.filter(level="municipality", code="5530").first()
    assert senja is not None and senja.population == 15000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version="1.0"), 'version must be "2.0"'),
        (lambda d: d.update({"class": "bundle"}), 'class must be "dataset" or "collection"'),
        (lambda d: d.update(size=[5, 1, 2]), "size gives 2 periods but dimension Tid has 3"),
        (lambda d: d.update(size=[5, 1]), "id names 3 dimensions but size gives 2"),
        (lambda d: d["value"].pop(), "value has 14 entries but size gives 15 (5 x 1 x 3)"),
        (lambda d: d["value"].__setitem__(2, "36"), "value[2] is not a number or null"),
        (lambda d: d["dimension"].pop("Tid"), "dimension Tid is named in id but missing"),
        (lambda d: d["role"].update(geo=["Nope"]), "role.geo must list dimensions named in id"),
        (
            lambda d: d["dimension"]["Tid"]["category"].update(index=["2023", "2024", "x"]),
            "period 'x' is not a year",
        ),
    ],
)
def test_structural_faults_name_the_field_and_store_nothing(
    geo: None, tmp_path: Path, change: Any, message: str
) -> None:
    document = json.loads(NO_FILE.read_text(encoding="utf-8"))
    change(document)
    code, lines = run(write(tmp_path, document))
    assert code == 1
    assert message in lines[0], lines[0]
    assert not StatisticsSeries.objects.exists()


def test_a_fault_in_one_dataset_of_a_collection_stores_none(geo: None, tmp_path: Path) -> None:
    document = json.loads(POPULATION.read_text(encoding="utf-8"))
    document["link"]["item"][1]["size"] = [4, 1]
    code, lines = run(write(tmp_path, document))
    assert code == 1
    assert "link.item[1]: size gives 4 categories but dimension OMRÅDE has 5" in lines[0]
    assert not StatisticsSeries.objects.exists()


def test_the_geographic_dimension_is_found_by_its_codes_without_role(
    geo: None, tmp_path: Path
) -> None:
    document = json.loads(DK_FILE.read_text(encoding="utf-8"))
    document.pop("role")
    assert run(write(tmp_path, document))[0] == 0
    assert StatisticsValue.objects.filter(code="340").exists()


def test_usage_errors_exit_2(geo: None, tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.json"))[0] == 2
    code, lines = run("http://data.ssb.no/api/table.json")
    assert code == 2 and "https" in lines[0]
    code, lines = run("https://example.org/table.json")
    assert code == 2 and "allow-list" in lines[0]
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert run(str(tmp_path / "bad.json"))[0] == 1


class _Response(io.BytesIO):
    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


def test_an_allowed_https_address_is_fetched_without_network(
    geo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    StatisticsHost.objects.create(host="data.ssb.no")
    body = NO_FILE.read_bytes()
    opened: list[str] = []

    class Opener:
        def __init__(self, *handlers: object) -> None:
            self.handlers = handlers

        def open(self, request: Any, timeout: float) -> _Response:
            opened.append(request.full_url)
            return _Response(body)

    monkeypatch.setattr(statistics.urllib.request, "build_opener", Opener)
    code, lines = run("https://data.ssb.no/api/v0/no/table/12345.json")
    assert code == 0 and lines[-1] == "imported=1 unchanged=0"
    assert opened == ["https://data.ssb.no/api/v0/no/table/12345.json"]


def test_oversized_bodies_and_cross_host_redirects_are_refused(
    geo: None, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    StatisticsHost.objects.create(host="api.statbank.dk")
    settings.STATISTICS_MAX_BYTES = 100

    class Opener:
        def __init__(self, *handlers: object) -> None:
            pass

        def open(self, request: Any, timeout: float) -> _Response:
            return _Response(b"x" * 1000)

    monkeypatch.setattr(statistics.urllib.request, "build_opener", Opener)
    code, lines = run("https://api.statbank.dk/v1/data")
    assert code == 2 and "larger than 100 bytes" in lines[0]
    handler = statistics._SameHostRedirects("api.statbank.dk")
    with pytest.raises(urllib.error.URLError):
        handler.redirect_request(None, None, 302, "Found", {}, "https://evil.example/data")


def test_admin_links_a_series_to_an_indicator_which_takes_its_values(
    geo: None, client: Any
) -> None:
    assert run(str(NO_FILE))[0] == 0
    series = StatisticsSeries.objects.get()
    region_org = make_organisation(municipality_code="5530")
    programme = make_programme(region_org, region=Region.objects.get(country_id="NO", code="55"))
    goal = make_goal(
        programme,
        indicator={"name": "Higher education, Senja", "source": "manual"},
    )
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = f"/admin/insights/statisticsseries/{series.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"is_population": "", "indicator": goal.indicator.pk, "indicator_area": "5530"}
    )
    assert response.status_code == 302
    values = Measurement.objects.filter(indicator=goal.indicator).order_by("measured_on")
    assert [(str(m.measured_on), str(m.value)) for m in values] == [
        ("2023-01-01", "24.00"),
        ("2024-01-01", "24.60"),
        ("2025-01-01", "25.10"),
    ]
    assert {m.source for m in values} == {MeasurementSource.STATISTICS}
    # A newer edition of the table updates the indicator on import.
    document = json.loads(NO_FILE.read_text(encoding="utf-8"))
    document["updated"] = "2026-12-01"
    document["value"][5] = 26.0
    path = Path(admin.email.replace("@", "_") + ".json")
    try:
        path.write_text(json.dumps(document), encoding="utf-8")
        code, lines = run(str(path))
    finally:
        path.unlink()
    assert code == 0 and lines[-1] == "imported=1 unchanged=0"
    assert Measurement.objects.get(indicator=goal.indicator, measured_on="2025-01-01").value == 26


def test_sample_files_are_labelled_synthetic() -> None:
    for path in SAMPLES.glob("*.json"):
        assert "SYNTHETIC" in path.read_text(encoding="utf-8").upper(), path
    assert copy.deepcopy(json.loads(NO_FILE.read_text(encoding="utf-8")))["version"] == "2.0"
