"""IMP-03 with generated input (random bytes, ragged rows), IMP-04's memory bound, IMP-07's
security log, imported providers, the command's progress bar, and the sync service that
imports write through."""

from __future__ import annotations

import csv
import io
import json
import logging
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livslang.catalog.imports import run_import
from livslang.catalog.imports.parsing import MAX_BYTES, MAX_CELL, MAX_COHORTS, MAX_COLUMNS
from livslang.catalog.management.commands.import_offerings import ProgressBar
from livslang.catalog.models import Cohort, Offering
from livslang.catalog.services.sync import CohortSpec, SyncRejected, sync_offering
from livslang.catalog.testing import make_offering
from livslang.catalog.tests.conftest import MATCHING_DEV
from livslang.catalog.tests.test_import_tabular import HEADER, make_csv, row, snapshot
from livslang.organisations.models import Kind, Organisation
from livslang.organisations.testing import make_organisation

pytestmark = pytest.mark.django_db
SHARED = MATCHING_DEV
GENERATED = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# IMP-03: whatever the bytes, a report and never an exception; a refusal changes nothing ------


@GENERATED
@given(data=st.binary(max_size=2048), fmt=st.sampled_from(["csv", "jsonld", "xlsx"]))
def test_imp03_random_bytes(org: Organisation, data: bytes, fmt: str) -> None:
    before = snapshot()
    report = run_import(data=data, filename=f"x.{fmt}", fmt=fmt, organisation=org)
    assert report.imported or report.problems
    if not report.imported:
        assert snapshot() == before
    assert all(str(problem) for problem in report.problems)


cells = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=12,
)


@GENERATED
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=len(HEADER) + 3), max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_imp03_ragged_rows(
    org: Organisation, rows: list[list[str]], delimiter: str, newline: str
) -> None:
    """Rows shorter or longer than the header, with any text in any cell."""
    before = snapshot()
    data = make_csv(rows, delimiter=delimiter, newline=newline)
    report = run_import(data=data, filename="x.csv", organisation=org)
    assert report.imported or report.problems
    if not report.imported:
        assert snapshot() == before
    for problem in report.problems:
        if problem.item is not None:
            assert "line " in problem.location  # every row fault names its physical line


@settings(GENERATED, max_examples=12)
@given(mutation=st.integers(min_value=0, max_value=10_000), byte=st.integers(0, 255))
def test_imp03_one_byte_changed_in_a_real_file(org: Organisation, mutation: int, byte: int) -> None:
    """The judged JSON-LD file with one byte replaced: imported as a whole or refused."""
    data = bytearray((SHARED / "offerings.jsonld").read_bytes())
    data[mutation % len(data)] = byte
    before = snapshot()
    report = run_import(data=bytes(data), filename="x.jsonld", dry_run=True)
    assert report.problems or report.total_items == 40
    assert snapshot() == before


# IMP-04: refused before the whole file is parsed, in bounded memory ---------------------------


def _peak_during(**kwargs: Any) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        report = run_import(**kwargs)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, peak


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bytes", lambda: b"a" * (MAX_BYTES + 1), "larger than 10 MB"),
        (
            "rows",
            lambda: make_csv([row(n) for n in range(MAX_COHORTS + 1)]),
            f"more than {MAX_COHORTS} cohorts",
        ),
        (
            "columns",
            lambda: (",".join(f"c{n}" for n in range(MAX_COLUMNS + 1)) + "\n").encode(),
            "columns",
        ),
        (
            "cell",
            lambda: make_csv([row(1, description="x" * (MAX_CELL + 1))]),
            f"more than {MAX_CELL} characters",
        ),
        (
            "jsonld cohorts",
            lambda: json.dumps(
                [{"@type": "Course", "hasCourseInstance": [{"@type": "CourseInstance"}] * 20_001}]
            ).encode(),
            f"more than {MAX_COHORTS} cohorts",
        ),
    ],
)
def test_imp04_limits_in_bounded_memory(
    org: Organisation, name: str, make: Any, message: str
) -> None:
    data = make()
    fmt = "jsonld" if name.startswith("jsonld") else "csv"
    before = snapshot()
    report, peak = _peak_during(data=data, filename=f"x.{fmt}", organisation=org)
    assert not report.imported
    assert message in str(report.problems[0])
    assert peak < 50 * 1024 * 1024, f"{name}: {peak / 1e6:.1f} MB"
    assert snapshot() == before


# IMP-07: a foreign identifier is a fault and a security event ---------------------------------


def test_imp07_denial_is_a_security_event(
    org: Organisation, editor: Any, caplog: pytest.LogCaptureFixture
) -> None:
    other = make_organisation(kind=Kind.CENTRE, municipality_code="5530")
    make_offering(other, title="Theirs", source_identifier="off-1")
    before = snapshot()
    with caplog.at_level(logging.WARNING, logger="livslang.security"):
        report = run_import(
            data=make_csv([row(1)]), filename="x.csv", organisation=org, actor=editor
        )
    assert not report.imported
    events = [r for r in caplog.records if getattr(r, "event", "") == "foreign_object_access"]
    assert len(events) == 1
    assert getattr(events[0], "identifier", "") == "off-1"
    assert getattr(events[0], "user", "") == str(editor.public_id)
    assert snapshot() == before  # the audit log is unchanged: the refusal is in the log only


# Providers an import registers are marked as imported ---------------------------------------


def test_unknown_provider_is_registered_as_imported(geo: None, client: Client) -> None:
    report = run_import(data=(SHARED / "offerings.jsonld").read_bytes(), filename="o.jsonld")
    assert report.imported and report.created == 40
    imported = Organisation.objects.filter(imported=True)
    assert imported.exists() and all(o.kind == Kind.PROVIDER for o in imported)
    provider = imported.first()
    assert provider is not None and not provider.memberships.exists()
    body = client.get(f"/organisations/{provider.slug}/", HTTP_ACCEPT_LANGUAGE="en").content
    assert b"registered by a catalogue import" in body
    # A second import finds the same providers by name instead of registering them again.
    count = imported.count()
    run_import(data=(SHARED / "offerings.jsonld").read_bytes(), filename="o.jsonld")
    assert Organisation.objects.filter(imported=True).count() == count


# The command's progress bar: only on a terminal -----------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    org: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(make_csv([row(n) for n in range(60)]))
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = io.StringIO()
    call_command("import_offerings", str(path), "--organisation", org.slug, stdout=out)
    shown = terminal.getvalue()
    assert "checking [" in shown and "50/60" in shown and "60/60" in shown
    assert "writing  [" in shown
    assert shown.endswith("\r\x1b[K")  # the bar is wiped before the summary
    assert out.getvalue().splitlines()[0] == "created=60 updated=0 unchanged=0"
    # Not a terminal: nothing but the report on stderr.
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    call_command("import_offerings", str(path), "--organisation", org.slug, stdout=io.StringIO())
    assert plain.getvalue() == ""


def test_progress_bar_draws_counts() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar("checking", 15, 30)
    assert stream.getvalue() == "\rchecking [" + "#" * 15 + "-" * 15 + "] 15/30\x1b[K"
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


# The sync service that imports write through ---------------------------------------------------


def _spec(identifier: str, **data: Any) -> CohortSpec:
    values = {
        "mode": "online",
        "country": "NO",
        "currency": "NOK",
        "start_date": "2031-01-05",
        "end_date": "2031-03-05",
        "schedule_kinds": ["evening"],
        "seats": 10,
    }
    values.update(data)
    return CohortSpec(identifier, values)


def test_sync_creates_updates_and_leaves_alone(org: Organisation, editor: Any) -> None:
    kwargs: dict[str, Any] = {
        "actor": editor,
        "owner": org,
        "identifier": "ext-1",
        "data": {"title": "Sveis", "provider": org},
        "status": "published",
    }
    first = sync_offering(**kwargs, cohorts=[_spec("ext-1-a"), _spec("ext-1-b")])
    assert first.outcome == "created" and first.cohorts_created == 2
    same = sync_offering(**kwargs, cohorts=[_spec("ext-1-a"), _spec("ext-1-b")])
    assert same.outcome == "unchanged" and same.cohorts_unchanged == 2
    changed = sync_offering(**kwargs, cohorts=[_spec("ext-1-a", seats=12)])
    assert changed.outcome == "updated"
    assert (changed.cohorts_updated, changed.cohorts_removed) == (1, 1)
    assert list(Cohort.objects.values_list("source_identifier", "seats")) == [("ext-1-a", 12)]


def test_sync_rejection_names_the_cohort_and_rolls_back(org: Organisation, editor: Any) -> None:
    before = snapshot()
    with pytest.raises(SyncRejected) as caught:
        sync_offering(
            actor=editor,
            owner=org,
            identifier="ext-2",
            data={"title": "Sveis", "provider": org},
            status="published",
            cohorts=[_spec("ext-2-a"), _spec("ext-2-b", mode="on_site")],
        )
    faults = caught.value.faults
    assert faults and all(f.cohort == "ext-2-b" for f in faults)
    assert snapshot() == before
    assert not Offering.objects.exists()


def test_sync_needs_an_editor_or_a_named_system(org: Organisation) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        sync_offering(
            actor=None,
            owner=org,
            identifier="ext-3",
            data={"title": "Sveis"},
            status="draft",
            cohorts=[],
        )


def test_csv_helper_writes_ragged_rows() -> None:
    """The generator above really produces rows of other lengths than the header."""
    text = make_csv([["a"], ["a", "b", "c"]]).decode()
    parsed = list(csv.reader(io.StringIO(text)))
    assert [len(r) for r in parsed] == [len(HEADER), 1, 3]
