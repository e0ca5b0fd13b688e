"""Loading the shipped reference data: counts, idempotence, audit, the command.

The data is loaded once for the module (``geo_data``); each test's changes roll back.
"""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from livslang.audit.models import AuditEntry
from livslang.classifications.models import IscedField, NusCode
from livslang.geo.models import Country, Municipality, Postcode, Region
from livslang.geo.queries import reference_counts
from livslang.geo.services import LoadReport, load_reference_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geo_data")]

FULL_SUMMARY = (
    "geo: loaded 2 countries, 20 regions, 455 municipalities, 6210 postcodes, "
    "220 ISCED-F fields, 20 NUS codes"
)


def rewrite_csv(path: Path, change: dict[str, dict[str, str]], key: str = "code") -> None:
    """Change some cells of the rows whose ``key`` column matches, keeping everything else."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        row.update(change.get(row[key], {}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def run_load_geo(*args: str) -> str:
    out = StringIO()
    call_command("load_geo", *args, stdout=out)
    return out.getvalue()


def test_first_load_stores_every_row(geo_data: LoadReport) -> None:
    assert Country.objects.count() == 2
    assert Region.objects.filter(country_id="NO", kind=Region.Kind.COUNTY).count() == 15
    assert Region.objects.filter(country_id="DK", kind=Region.Kind.REGION).count() == 5
    assert Municipality.objects.for_country("NO").count() == 357
    assert Municipality.objects.for_country("DK").count() == 98
    assert Postcode.objects.for_country("NO").count() == 5121
    assert Postcode.objects.for_country("DK").count() == 1089
    assert IscedField.objects.count() == 220
    assert NusCode.objects.count() == 20
    assert geo_data.changed
    assert geo_data.summary() == f"{FULL_SUMMARY} (created 6927, updated 0, unchanged 0)"


def test_loaded_rows_keep_codes_as_text_and_start_at_the_reform() -> None:
    oslo = Municipality.objects.get(country_id="NO", code="0301")
    assert oslo.region.code == "03"
    assert oslo.valid_from == dt.date(2024, 1, 1) and oslo.valid_to is None
    assert oslo.population == 717710 and oslo.area_km2 == pytest.approx(454.12)
    assert oslo.admin_centre == "Oslo"
    kautokeino = Municipality.objects.get(country_id="NO", code="5612")
    assert kautokeino.name_official == "Guovdageaidnu - Kautokeino"
    copenhagen = Municipality.objects.get(country_id="DK", code="101")
    assert copenhagen.valid_from == dt.date(2007, 1, 1)
    assert copenhagen.population is None and copenhagen.region.code == "1084"
    assert Region.objects.get(country_id="DK", code="1084").population is None
    assert Municipality.objects.valid_on(dt.date(2023, 12, 31)).for_country("NO").count() == 0
    assert Municipality.objects.valid_on().count() == 455
    assert Region.objects.valid_on().count() == 20


def test_first_load_writes_one_audit_entry_with_counts(geo_data: LoadReport) -> None:
    entry = AuditEntry.objects.get()
    assert entry.pk == geo_data.audit_entry_id
    assert (entry.action, entry.object_type) == ("reference_data.load", "geo.referencedata")
    assert entry.actor_label == "load_geo"
    assert entry.changes["postcodes"] == {
        "created": 6210,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
    }
    assert entry.changes["isced_fields"]["created"] == 220
    assert entry.summary == geo_data.summary()


def test_second_run_is_unchanged_and_writes_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        second = run_load_geo()
    assert second == "geo: unchanged\n"
    assert AuditEntry.objects.count() == 1
    # Reads in bulk, no query per row; and no write of any kind.
    assert len(queries) < 30
    writes = ("INSERT", "UPDATE", "DELETE")
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(writes)]


def test_a_changed_data_dir_writes_only_the_difference(data_copy: Path) -> None:
    rewrite_csv(data_copy / "no_municipalities.csv", {"4601": {"name": "Bjørgvin"}})
    output = run_load_geo("--data-dir", str(data_copy))
    assert output == f"{FULL_SUMMARY} (created 0, updated 1, unchanged 6926)\n"
    assert Municipality.objects.get(country_id="NO", code="4601").name == "Bjørgvin"
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) == 2
    assert entries[1].changes["municipalities"] == {
        "created": 0,
        "updated": 1,
        "unchanged": 454,
        "deleted": 0,
    }
    assert entries[1].changes["postcodes"]["unchanged"] == 6210
    assert run_load_geo("--data-dir", str(data_copy)) == "geo: unchanged\n"


def test_postcode_gone_from_the_register_is_deleted(data_copy: Path) -> None:
    path = data_copy / "dk_postcodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("4000,")))
    report = load_reference_data(data_dir=data_copy)
    assert report.counts["postcodes"].deleted == 1
    assert not Postcode.objects.filter(country_id="DK", code="4000").exists()
    assert "deleted 1" in report.summary()


def test_changed_coverage_of_a_postcode_counts_as_an_update(data_copy: Path) -> None:
    rewrite_csv(
        data_copy / "dk_postcodes.csv", {"4000": {"municipality_codes_all": "265;350"}}, "postcode"
    )
    report = load_reference_data(data_dir=data_copy)
    assert report.counts["postcodes"].updated == 1
    roskilde = Postcode.objects.get(country_id="DK", code="4000")
    assert set(roskilde.municipalities.values_list("code", flat=True)) == {"265", "350"}


def test_reference_counts_for_the_about_page() -> None:
    assert reference_counts() == {
        "no_municipalities": 357,
        "dk_municipalities": 98,
        "no_regions": 15,
        "dk_regions": 5,
        "no_postcodes": 5121,
        "dk_postcodes": 1089,
        "isced_fields": 220,
        "nus_codes": 20,
    }
    assert reference_counts(on=dt.date(2020, 1, 1))["no_municipalities"] == 0
