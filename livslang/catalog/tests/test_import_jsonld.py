"""Importing the matching-dev JSON-LD file (acceptance) and JSON-LD faults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from livslang.catalog.models import Cohort, ImportBatch, Offering
from livslang.catalog.tests.conftest import MATCHING_DEV

pytestmark = pytest.mark.django_db
DEV = MATCHING_DEV / "offerings.jsonld"


def _run(*args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_offerings", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_acceptance_matching_dev(geo: None) -> None:
    code, out, err = _run(str(DEV))
    assert (code, err) == (0, ""), err
    assert out.splitlines() == [
        "created=40 updated=0 unchanged=0",
        "cohorts created=44 updated=0 unchanged=0 removed=0",
    ]
    assert Offering.objects.count() == 40
    assert Cohort.objects.count() == 44
    code, out, err = _run(str(DEV))
    assert (code, err) == (0, ""), err
    assert out.splitlines()[0] == "created=0 updated=0 unchanged=40"
    assert ImportBatch.objects.count() == 2


def test_empty_array_and_dry_run(geo: None, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonld"
    empty.write_text("[]")
    assert _run(str(empty))[0] == 0
    code, out, _err = _run(str(DEV), "--dry-run")
    assert code == 0
    assert out.splitlines()[0] == "dry-run: created=40 updated=0 unchanged=0"
    assert Offering.objects.count() == 0


def _faulty(tmp_path: Path, change: Any) -> Path:
    doc = json.loads(DEV.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_end_before_start_reported_with_path_and_line(geo: None, tmp_path: Path) -> None:
    def change(doc: list[dict[str, Any]]) -> None:
        doc[2]["hasCourseInstance"][0]["endDate"] = "2027-01-01"
        doc[2]["hasCourseInstance"][0]["startDate"] = "2027-09-01"
        doc[5]["hasCourseInstance"][0]["courseMode"] = "hybrid"
        doc[6]["url"] = "javascript:alert(1)"

    code, out, err = _run(str(_faulty(tmp_path, change)))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("item 3 (identifier ")
    assert ", line " in lines[0]
    assert (
        "hasCourseInstance[0].endDate: end date 2027-01-01 is before start date 2027-09-01"
        in lines[0]
    )
    assert "hasCourseInstance[0].courseMode" in lines[1]
    assert "url: only http:// and https://" in lines[2]
    assert lines[-1] == "rejected: 3 problems in 3 of 40 items; nothing was imported"
    assert Offering.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("{}", "top level must be a list"),
        ('[{"@type": "Course",', "invalid JSON"),
        ("[" * 65 + "]" * 65, "nested deeper than 64"),
        ('[{"@type": "Event"}]', "@type"),
    ],
)
def test_file_faults(geo: None, tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "f.json"
    path.write_text(text)
    code, _out, err = _run(str(path))
    assert code == 1
    assert fragment in err


def test_usage_errors(geo: None, tmp_path: Path) -> None:
    assert _run(str(tmp_path / "x.txt"))[0] == 2
    assert _run(str(tmp_path / "missing.csv"))[0] == 2
    assert _run(str(DEV), "--organisation", "nobody")[0] == 2


def test_unknown_postcode(geo: None, tmp_path: Path) -> None:
    def change(doc: list[dict[str, Any]]) -> None:
        inst = next(i for i in doc[0]["hasCourseInstance"] if "location" in i)
        inst["location"]["address"]["postalCode"] = "0000"

    code, _out, err = _run(str(_faulty(tmp_path, change)))
    assert code == 1
    assert "postalCode" in err
