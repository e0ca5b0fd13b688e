"""Dated merges, splits and renames: validity, successors, re-pointing, idempotence, errors.

The shipped data is loaded once for the module (``geo_data``); each test's changes roll back.
The events are made up (and dated in the future) so they cannot collide with real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from livslang.audit.models import AuditEntry
from livslang.geo.models import Municipality, Postcode, Region
from livslang.geo.queries import UnknownPlace, resolve_municipality, resolve_postcode
from livslang.geo.services import (
    ChangeFileError,
    apply_change_file,
    apply_changes,
    load_reference_data,
    register_municipality_repointer,
    register_region_repointer,
    unregister_municipality_repointer,
    unregister_region_repointer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geo_data")]

HEADER = "effective_date,event,country,level,from_code,to_code,to_name,to_region_code\n"
MERGE_DAY = dt.date(2030, 1, 1)
DAY_BEFORE = dt.date(2029, 12, 31)
# Farsund (9,876 people) and Flekkefjord (9,279) become "Lister" on 1 January 2030.
LISTER = (
    HEADER
    + "2030-01-01,merge,NO,municipality,4206,4299,Lister,\n"
    + "2030-01-01,merge,NO,municipality,4207,4299,Lister,\n"
)


def no(code: str, valid_from: dt.date = dt.date(2024, 1, 1)) -> Municipality:
    return Municipality.objects.get(country_id="NO", code=code, valid_from=valid_from)


def change_audits() -> int:
    return AuditEntry.objects.filter(action="reference_data.change").count()


@pytest.fixture
def calls() -> Iterator[list[tuple[str, str]]]:
    """Records the (old, new) codes a registered municipality repointer is called with."""
    seen: list[tuple[str, str]] = []

    def repointer(old: Municipality, new: Municipality) -> None:
        seen.append((old.code, new.code))

    register_municipality_repointer(repointer)
    yield seen
    unregister_municipality_repointer(repointer)


def test_merge_ends_the_old_units_and_starts_the_new_one(calls: list[tuple[str, str]]) -> None:
    report = apply_changes(text=LISTER, source="lister.csv")
    assert report.changed
    assert report.applied == ["2030-01-01 NO municipality merge 4206+4207 -> 4299"]

    lister = no("4299", MERGE_DAY)
    farsund, flekkefjord = no("4206"), no("4207")
    for old in (farsund, flekkefjord):
        assert old.valid_to == MERGE_DAY
        assert old.successor == lister
    assert lister.valid_from == MERGE_DAY and lister.valid_to is None
    assert lister.name == lister.name_official == "Lister"
    assert lister.region.code == "42"
    assert lister.population == 9876 + 9279
    assert lister.area_km2 == pytest.approx(262.56 + 544.09)
    # The most populous predecessor holds the main settlement.
    assert lister.settlement_point == farsund.settlement_point
    assert lister.label_point == farsund.label_point
    assert lister.admin_centre == "Farsund"
    assert sorted(calls) == [("4206", "4299"), ("4207", "4299")]


def test_valid_on_answers_before_and_after_the_merge() -> None:
    apply_changes(text=LISTER)
    before = set(
        Municipality.objects.valid_on(DAY_BEFORE).for_country("NO").values_list("code", flat=True)
    )
    after = set(
        Municipality.objects.valid_on(MERGE_DAY).for_country("NO").values_list("code", flat=True)
    )
    assert len(before) == 357 and len(after) == 356
    assert {"4206", "4207"} <= before and "4299" not in before
    assert "4299" in after and not {"4206", "4207"} & after
    # Today (before 2030) the old municipalities still answer; Lister only from its first day.
    assert resolve_municipality(query="Flekkefjord").code == "4207"
    assert resolve_municipality(query="lister", on=MERGE_DAY).code == "4299"
    with pytest.raises(UnknownPlace):
        resolve_municipality(query="Lister")
    with pytest.raises(UnknownPlace):
        resolve_municipality(query="4207", on=MERGE_DAY)


def test_merge_repoints_postcodes_and_keeps_their_history() -> None:
    apply_changes(text=LISTER)
    lister = no("4299", MERGE_DAY)
    flekkefjord = Postcode.objects.get(country_id="NO", code="4400")
    assert flekkefjord.municipality == lister
    assert Postcode.objects.filter(municipality=lister).count() == 9 + 14
    assert not Postcode.objects.filter(municipality__code__in=["4206", "4207"]).exists()
    covered_after = flekkefjord.municipalities.valid_on(MERGE_DAY)
    assert list(covered_after.values_list("code", flat=True)) == ["4299"]
    covered_before = flekkefjord.municipalities.valid_on(DAY_BEFORE)
    assert list(covered_before.values_list("code", flat=True)) == ["4207"]
    # A postcode answers with the municipality of the day asked about.
    assert resolve_postcode(country="NO", code="4400", on=DAY_BEFORE).municipality_code == "4207"
    assert resolve_postcode(country="NO", code="4400", on=MERGE_DAY).municipality_code == "4299"
    assert resolve_postcode(country="NO", code="4400").municipality_name == "Flekkefjord"


def test_reapplying_the_same_file_is_a_no_op(calls: list[tuple[str, str]]) -> None:
    apply_changes(text=LISTER)
    calls.clear()
    again = apply_changes(text=LISTER)
    assert not again.changed
    assert again.already_applied == ["2030-01-01 NO municipality merge 4206+4207 -> 4299"]
    assert again.summary() == "geo changes: unchanged (changes.csv already applied)"
    assert calls == []
    assert change_audits() == 1
    assert Municipality.objects.filter(code="4299").count() == 1


def test_one_audit_entry_per_applied_file() -> None:
    report = apply_changes(text=LISTER, source="lister.csv")
    entry = AuditEntry.objects.get(action="reference_data.change")
    assert entry.pk == report.audit_entry_id
    assert entry.object_type == "geo.referencedata"
    assert entry.object_repr == "lister.csv"
    assert entry.changes["applied"] == report.applied


def test_reloading_the_shipped_data_keeps_the_applied_changes() -> None:
    apply_changes(text=LISTER)
    report = load_reference_data()
    assert not report.changed, report.summary()
    assert Postcode.objects.get(country_id="NO", code="4400").municipality == no("4299", MERGE_DAY)
    assert no("4207").valid_to == MERGE_DAY


def test_a_bad_row_names_line_and_column_and_changes_nothing(
    calls: list[tuple[str, str]],
) -> None:
    text = LISTER + "2030-01-01,rename,NO,municipality,5599,5598,Nowhere,\n"
    with pytest.raises(ChangeFileError) as caught:
        apply_changes(text=text)
    assert caught.value.messages == [
        "line 4, column from_code: no municipality 5599 valid on 2030-01-01 in NO"
    ]
    assert no("4206").valid_to is None and no("4207").successor is None
    assert not Municipality.objects.filter(code="4299").exists()
    assert Postcode.objects.get(country_id="NO", code="4400").municipality == no("4207")
    assert change_audits() == 0
    # The repointer ran for the merge, inside the transaction that was rolled back.
    assert calls


def test_every_malformed_row_is_reported_at_once() -> None:
    text = (
        HEADER
        + "2030-02-30,merge,NO,municipality,4206,4299,Lister,\n"
        + "2030-01-01,fuse,NO,municipality,4206,4299,Lister,\n"
        + "2030-01-01,rename,SE,municipality,4206,4299,Lister,\n"
        + "2030-01-01,rename,DK,municipality,4206,101,X,\n"
        + "2030-01-01,merge,NO,municipality,4206,4299,,\n"
    )
    with pytest.raises(ChangeFileError) as caught:
        apply_changes(text=text)
    assert caught.value.messages == [
        "line 2, column effective_date: “2030-02-30” is not a date (YYYY-MM-DD).",
        "line 3, column event: “fuse” is not merge, split or rename.",
        "line 4, column country: “SE” is not NO or DK.",
        "line 5, column from_code: “4206” is not a municipality code: in Denmark they have 3 "
        "digits.",
        "line 6, column to_name: the new unit needs a name.",
    ]


def test_structural_mistakes_are_reported() -> None:
    lonely_merge = HEADER + "2030-01-01,merge,NO,municipality,4206,4299,Lister,\n"
    with pytest.raises(ChangeFileError, match="line 2, column to_code"):
        apply_changes(text=lonely_merge)
    twice = LISTER + "2030-01-01,rename,NO,municipality,4206,4298,Farsund,\n"
    with pytest.raises(ChangeFileError, match="line 4, column from_code: 4206 is already changed"):
        apply_changes(text=twice)
    with pytest.raises(ChangeFileError, match="line 1: missing columns to_region_code"):
        apply_changes(text="effective_date,event,country,level,from_code,to_code,to_name\n")
    clash = HEADER + "2030-01-01,rename,NO,municipality,4206,4207,Farsund,\n"
    with pytest.raises(
        ChangeFileError, match="line 2, column to_code: municipality 4207 already exists"
    ):
        apply_changes(text=clash)


def test_merge_across_regions_needs_the_region() -> None:
    # Sokndal lies in Rogaland, Flekkefjord in Agder.
    text = (
        HEADER
        + "2030-01-01,merge,NO,municipality,1111,4299,Dalane,\n"
        + "2030-01-01,merge,NO,municipality,4207,4299,Dalane,\n"
    )
    with pytest.raises(ChangeFileError, match="line 2, column to_region_code"):
        apply_changes(text=text)
    report = apply_changes(text=text.replace("Dalane,\n", "Dalane,11\n"))
    assert report.changed
    assert no("4299", MERGE_DAY).region.code == "11"


def test_split_creates_the_parts_and_the_first_is_the_successor(
    calls: list[tuple[str, str]],
) -> None:
    day = dt.date(2031, 1, 1)
    text = (
        HEADER
        + "2031-01-01,split,NO,municipality,4601,4698,Bergen,\n"
        + "2031-01-01,split,NO,municipality,4601,4699,Arna,\n"
    )
    apply_changes(text=text)
    bergen_old, bergen, arna = no("4601"), no("4698", day), no("4699", day)
    assert bergen_old.valid_to == day and bergen_old.successor == bergen
    assert bergen.population is None and arna.population is None
    assert bergen.admin_centre == "Bergen" and arna.admin_centre == ""
    assert arna.region.code == "46"
    assert Postcode.objects.get(country_id="NO", code="5003").municipality == bergen
    assert calls == [("4601", "4698")]
    valid = set(Municipality.objects.valid_on(day).values_list("code", flat=True))
    assert {"4698", "4699"} <= valid and "4601" not in valid


def test_rename_keeping_the_code_makes_a_new_period() -> None:
    day = dt.date(2030, 7, 1)
    apply_changes(text=HEADER + "2030-07-01,rename,NO,municipality,1505,1505,Kristiansund N,\n")
    old, new = no("1505"), no("1505", day)
    assert old.valid_to == day and old.successor == new
    assert new.name == "Kristiansund N" and new.population == old.population
    assert resolve_municipality(query="1505").name == "Kristiansund"
    assert resolve_municipality(query="1505", on=day).name == "Kristiansund N"
    assert (
        apply_changes(
            text=HEADER + "2030-07-01,rename,NO,municipality,1505,1505,Kristiansund N,\n"
        ).applied
        == []
    )


def test_region_merge_moves_the_municipalities() -> None:
    day = dt.date(2027, 1, 1)
    seen: list[tuple[str, str]] = []

    def repointer(old: Region, new: Region) -> None:
        seen.append((old.code, new.code))

    register_region_repointer(repointer)
    try:
        apply_changes(
            text=HEADER
            + "2027-01-01,merge,DK,region,1084,1086,Region Østdanmark,\n"
            + "2027-01-01,merge,DK,region,1085,1086,Region Østdanmark,\n"
        )
    finally:
        unregister_region_repointer(repointer)
    east = Region.objects.get(country_id="DK", code="1086")
    assert east.valid_from == day and east.kind == Region.Kind.REGION
    assert Municipality.objects.filter(region=east).count() == 29 + 17
    assert sorted(seen) == [("1084", "1086"), ("1085", "1086")]
    assert Region.objects.valid_on(day).for_country("DK").count() == 4
    assert Region.objects.valid_on(dt.date(2026, 12, 31)).for_country("DK").count() == 5
    assert not load_reference_data().changed


def test_region_then_municipality_change_on_the_same_day() -> None:
    text = (
        HEADER
        + "2027-01-01,merge,DK,municipality,101,147,København,1086\n"
        + "2027-01-01,merge,DK,municipality,147,147,København,1086\n"
        + "2027-01-01,merge,DK,region,1084,1086,Region Østdanmark,\n"
        + "2027-01-01,merge,DK,region,1085,1086,Region Østdanmark,\n"
    )
    apply_changes(text=text)
    copenhagen = Municipality.objects.get(
        country_id="DK", code="147", valid_from=dt.date(2027, 1, 1)
    )
    assert copenhagen.region.code == "1086"
    assert Postcode.objects.get(country_id="DK", code="1050").municipality == copenhagen


def test_load_geo_applies_a_change_file(tmp_path: Path) -> None:
    path = tmp_path / "lister.csv"
    path.write_text(LISTER, encoding="utf-8")
    out = StringIO()
    call_command("load_geo", "--changes", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "geo: unchanged",
        "geo changes: applied 1 change(s) from lister.csv: "
        "2030-01-01 NO municipality merge 4206+4207 -> 4299",
    ]
    out = StringIO()
    call_command("load_geo", "--changes", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "geo: unchanged",
        "geo changes: unchanged (lister.csv already applied)",
    ]
    assert apply_change_file(path=path).applied == []


def test_load_geo_refuses_a_bad_change_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "2030-01-01,merge,NO,municipality,4206,4299,Lister,\n")
    with pytest.raises(CommandError, match="line 2, column to_code"):
        call_command("load_geo", "--changes", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_geo", "--changes", str(tmp_path / "missing.csv"), stdout=StringIO())
