"""IMP-01 to IMP-07: CSV and XLSX imports, atomicity, idempotency, dialects, limits, safety."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import Any

import openpyxl
import pytest

from livslang.audit.models import AuditEntry
from livslang.catalog.imports import COLUMNS, run_import
from livslang.catalog.imports.parsing import MAX_BYTES
from livslang.catalog.models import (
    ChangeCounter,
    ChangeEvent,
    Cohort,
    ImportBatch,
    LocalStudyGroup,
    Offering,
)
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind, Membership, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db
HEADER = [
    "offering_identifier",
    "title",
    "description",
    "cohort_identifier",
    "mode",
    "country",
    "postcode",
    "start_date",
    "end_date",
    "schedule_kinds",
    "price",
    "seats",
]


def row(n: int, **kw: str) -> list[str]:
    values = {
        "offering_identifier": f"off-{n}",
        "title": f"Kurs {n}",
        "description": "Plain <b>text</b> æøå ÆØÅ",
        "cohort_identifier": f"coh-{n}",
        "mode": "onsite" if n % 2 else "online",
        "country": "NO",
        "postcode": "9300" if n % 2 else "",
        "start_date": "2027-09-01",
        "end_date": "2027-12-01",
        "schedule_kinds": "evening",
        "price": "1500",
        "seats": "20",
    }
    values.update(kw)
    return [values[h] for h in HEADER]


def make_csv(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def snapshot() -> dict[str, list[Any]]:
    models: list[Any] = [
        Offering,
        Cohort,
        LocalStudyGroup,
        Organisation,
        Membership,
        AuditEntry,
        ChangeEvent,
        ChangeCounter,
        ImportBatch,
    ]
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in models}


def test_columns_documented() -> None:
    assert "offering_identifier" in COLUMNS and "study_group_municipality_code" in COLUMNS


# IMP-01 -----------------------------------------------------------------------------------


def test_imp01_row_537_invalid_nothing_committed(org: Organisation, editor: Any) -> None:
    rows = [row(n) for n in range(1, 1001)]
    rows[536] = row(537, end_date="2027-13-45")
    data = make_csv(rows)
    before = snapshot()
    report = run_import(data=data, filename="x.csv", organisation=org, actor=editor)
    assert not report.imported
    assert snapshot() == before
    assert len(report.problems) == 1
    text = str(report.problems[0])
    assert text.startswith("item 537 (identifier off-537), line 538, end_date:")
    assert "2027-13-45" in text
    assert report.rejection_line() == (
        "rejected: 1 problems in 1 of 1000 items; nothing was imported"
    )
    partial = run_import(
        data=data, filename="x.csv", organisation=org, actor=editor, mode="valid-rows"
    )
    assert partial.imported and partial.created == 999 and partial.rejected_items == 1
    assert partial.summary_lines(False)[-1] == "rejected=1"
    assert Offering.objects.filter(owner=org).count() == 999


def _index_state() -> tuple[int, list[Any], int]:
    """What searchers see: the caught-up index's position, records and a search's total."""
    from livslang.search.index import current_index
    from livslang.search.queries import Criteria, search

    index = current_index()
    records = sorted(repr(record) for record in index.records.values())
    return index.sequence, records, search(Criteria(text="Kurs")).total


def test_imp01_last_item_invalid_changes_no_table(org: Organisation, editor: Any) -> None:
    from livslang.search.index import reset_index

    make_cohort(make_offering(org, title="Kurs i sveising"))
    reset_index()
    rows = [row(n) for n in range(1, 30)] + [row(30, postcode="0000", mode="onsite")]
    before, index_before = snapshot(), _index_state()
    report = run_import(data=make_csv(rows), filename="x.csv", organisation=org, actor=editor)
    assert report.problems and "postcode" in str(report.problems[0])
    assert snapshot() == before
    # The search index catches up from the change log: a refused file left nothing to apply.
    assert _index_state() == index_before
    assert index_before[2] == 1


# IMP-02 -----------------------------------------------------------------------------------


def test_imp02_idempotent_and_three_changes(org: Organisation, editor: Any) -> None:
    rows = [row(n) for n in range(1, 21)]
    data = make_csv(rows)
    first = run_import(data=data, filename="x.csv", organisation=org, actor=editor)
    assert (first.created, first.cohorts_created) == (20, 20)
    audit_count = AuditEntry.objects.count()
    events = ChangeEvent.objects.count()
    second = run_import(data=data, filename="x.csv", organisation=org, actor=editor)
    assert second.summary_lines(False) == [
        "created=0 updated=0 unchanged=20",
        "cohorts created=0 updated=0 unchanged=20 removed=0",
    ]
    assert AuditEntry.objects.count() == audit_count
    assert ChangeEvent.objects.count() == events
    assert Offering.objects.filter(owner=org).count() == 20
    rows[2] = row(3, title="Nytt navn")
    rows[7] = row(8, price="999")
    rows[11] = row(12, seats="25")
    changed = make_csv(rows)
    third = run_import(data=changed, filename="y.csv", organisation=org, actor=editor)
    assert (third.created, third.updated, third.unchanged) == (0, 3, 17)
    assert third.batch_id is not None
    batch = ImportBatch.objects.get(pk=third.batch_id)
    assert batch.sha256 == hashlib.sha256(changed).hexdigest()
    assert Cohort.objects.get(source_identifier="coh-12").seats == 25


def test_imp02_absent_cohort_removed_unless_enrolled(org: Organisation, editor: Any) -> None:
    rows = [row(1), row(1, cohort_identifier="coh-1b")]
    run_import(data=make_csv(rows), filename="x.csv", organisation=org, actor=editor)
    report = run_import(data=make_csv(rows[:1]), filename="x.csv", organisation=org, actor=editor)
    assert report.cohorts_removed == 1 and report.updated == 1
    Cohort.objects.filter(source_identifier="coh-1").update(confirmed_count=1)
    report = run_import(
        data=make_csv([row(1, cohort_identifier="coh-1c")]),
        filename="x.csv",
        organisation=org,
        actor=editor,
    )
    assert not report.imported and "participants" in str(report.problems[0])


# IMP-03 -----------------------------------------------------------------------------------


def test_imp03_dialects(org: Organisation, editor: Any) -> None:
    rows = [row(1, description="linje én\nlinje to\nlinje tre"), row(2), row(3, end_date="bad")]
    data = b"\xef\xbb\xbf" + make_csv(rows, delimiter=";", newline="\r\n")
    report = run_import(data=data, filename="x.csv", organisation=org, actor=editor)
    # row 1 spans physical lines 2-4, so row 3 is on line 6
    assert str(report.problems[0]).startswith("item 3 (identifier off-3), line 6, end_date:")
    ok = b"\xef\xbb\xbf" + make_csv(rows[:2], delimiter=";", newline="\r\n")
    report = run_import(data=ok, filename="x.csv", organisation=org, actor=editor)
    assert report.imported
    offering = Offering.objects.get(source_identifier="off-1")
    assert offering.description == "linje én\nlinje to\nlinje tre"
    assert (
        Offering.objects.get(source_identifier="off-2").description == "Plain <b>text</b> æøå ÆØÅ"
    )


def test_imp03_cp1252_flagged(org: Organisation) -> None:
    data = make_csv([row(1)]).decode().encode("cp1252")
    report = run_import(data=data, filename="x.csv", organisation=org)
    message = str(report.problems[0])
    assert "not UTF-8 (byte" in message and "Windows-1252" in message


@pytest.mark.parametrize(
    "data", [b"\x00\xff\xfe" * 50, b"a,b\n1,2,3,4\n", b'"unterminated\n', b"\n\n"]
)
def test_imp03_junk_never_raises(org: Organisation, data: bytes) -> None:
    report = run_import(data=data, filename="x.csv", organisation=org)
    assert not report.imported and report.problems


# IMP-04 -----------------------------------------------------------------------------------


def test_imp04_limits(org: Organisation) -> None:
    too_big = b"a" * (MAX_BYTES + 1)
    assert "10 MB" in str(run_import(data=too_big, filename="x.csv", organisation=org).problems[0])
    wide = (",".join(f"c{i}" for i in range(101)) + "\n").encode()
    assert "columns" in str(run_import(data=wide, filename="x.csv", organisation=org).problems[0])
    long_cell = make_csv([row(1, description="x" * 10_001)])
    assert "characters" in str(
        run_import(data=long_cell, filename="x.csv", organisation=org).problems[0]
    )
    many = ("offering_identifier\n" + "x\n" * 20_001).encode()
    assert "20000 cohorts" in str(
        run_import(data=many, filename="x.csv", organisation=org).problems[0]
    )
    deep = b"[" * 100_000
    assert "nested" in str(run_import(data=deep, filename="x.jsonld", organisation=org).problems[0])


# IMP-05/06 --------------------------------------------------------------------------------


def make_xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Offerings"
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def test_xlsx_imports_with_cell_references(org: Organisation, editor: Any) -> None:
    data = make_xlsx([row(1), row(2, seats="-3")])
    report = run_import(data=data, filename="x.xlsx", organisation=org, actor=editor)
    assert str(report.problems[0]).startswith("item 2 (identifier off-2), Offerings!L3, seats:")
    report = run_import(
        data=make_xlsx([row(1), row(2)]), filename="x.xlsx", organisation=org, actor=editor
    )
    assert report.imported and report.created == 2


def test_imp05_entity_in_shared_strings_refused(org: Organisation) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        b"<si><t>&b;</t></si></sst>"
    )
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst>&e;</sst>'
    )
    for payload in (bomb, xxe):
        data = rewrite(
            make_xlsx([row(1)]),
            lambda name, raw, p=payload: (
                p if "sharedStrings" in name or name.endswith("sheet1.xml") else raw
            ),
        )
        message = str(run_import(data=data, filename="x.xlsx", organisation=org).problems[0])
        assert "DTD or entities" in message and "root:" not in message


def test_imp06_zip_bomb_entries_macro_and_fake(org: Organisation) -> None:
    good = make_xlsx([row(1)])
    bomb = rewrite(
        good, lambda name, raw: raw + b" " * 60_000_000 if name.endswith("sheet1.xml") else raw
    )
    assert "50 MB" in str(run_import(data=bomb, filename="x.xlsx", organisation=org).problems[0])
    ratio = rewrite(
        good, lambda name, raw: raw + b" " * 20_000_000 if name.endswith("sheet1.xml") else raw
    )
    assert "zip bomb" in str(
        run_import(data=ratio, filename="x.xlsx", organisation=org).problems[0]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(1001):
            archive.writestr(f"x/{i}.xml", "<a/>")
    assert "1000" in str(
        run_import(data=out.getvalue(), filename="x.xlsx", organisation=org).problems[0]
    )
    macro = rewrite(good, lambda name, raw: raw)
    with zipfile.ZipFile(buf := io.BytesIO(macro), "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00")
    assert "macros" in str(
        run_import(data=buf.getvalue(), filename="x.xlsx", organisation=org).problems[0]
    )
    fake = make_csv([row(1)])
    assert "not an XLSX" in str(
        run_import(data=fake, filename="x.xlsx", organisation=org).problems[0]
    )
    forged = bytearray(good)
    assert run_import(
        data=bytes(forged[: len(forged) // 2]), filename="x.xlsx", organisation=org
    ).problems


# IMP-07 -----------------------------------------------------------------------------------


def test_imp07_identifier_of_other_organisation(org: Organisation, editor: Any) -> None:
    other = make_organisation(kind=Kind.CENTRE, municipality_code="5530")
    theirs = make_offering(other, title="Theirs", source_identifier="off-1")
    before = snapshot()
    report = run_import(
        data=make_csv([row(1), row(2)]), filename="x.csv", organisation=org, actor=editor
    )
    assert not report.imported
    assert "belongs to another organisation" in str(report.problems[0])
    assert snapshot() == before
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    stranger = make_member(make_organisation(kind=Kind.CENTRE), role=Role.EDITOR).user
    report = run_import(data=make_csv([row(5)]), filename="x.csv", organisation=org, actor=stranger)
    assert not report.imported and "not an editor" in str(report.problems[0])
