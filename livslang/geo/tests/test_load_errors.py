"""Bad reference files: a clear message naming file, line and column, and nothing loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError

from livslang.audit.models import AuditEntry
from livslang.geo.models import Country, Municipality, Region
from livslang.geo.services import DATA_DIR, load_reference_data
from livslang.geo.tests.test_load import rewrite_csv, run_load_geo


@pytest.mark.django_db
def test_a_bad_file_names_line_and_column_and_loads_nothing(data_copy: Path) -> None:
    rewrite_csv(data_copy / "no_municipalities.csv", {"1103": {"settlement_lat": "north"}})
    with pytest.raises(ValidationError) as caught:
        load_reference_data(data_dir=data_copy)
    assert caught.value.messages == [
        "no_municipalities.csv, line 4, column settlement_lat: “north” is not a number."
    ]
    assert not Region.objects.exists() and not Country.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_file_pointing_to_an_unknown_municipality_is_refused(data_copy: Path) -> None:
    rewrite_csv(data_copy / "no_postcodes.csv", {"0001": {"municipality_code": "0399"}}, "postcode")
    with pytest.raises(CommandError, match=r"no_postcodes.csv, line 2, column municipality_code"):
        run_load_geo("--data-dir", str(data_copy))
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_out_of_range_coordinates_are_refused(data_copy: Path) -> None:
    rewrite_csv(data_copy / "no_counties.csv", {"11": {"lat": "95.1"}})
    with pytest.raises(ValidationError, match=r"no_counties.csv, line 3, column lat"):
        load_reference_data(data_dir=data_copy)


def test_the_shipped_files_are_all_there() -> None:
    names = {p.name for p in DATA_DIR.iterdir()}
    for stem in ("no_municipalities", "no_counties", "dk_municipalities", "dk_regions"):
        assert f"{stem}.topo.json" in names
        assert f"{stem}.csv" in names
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert sources.splitlines()[0].startswith(
        "> Copied from the shared reference data on 2026-11-22"
    )
    assert "## Known gaps" in sources
