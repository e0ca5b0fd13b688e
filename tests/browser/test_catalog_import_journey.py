"""Catalogue III in a real browser: a centre editor uploads a CSV with a mistake, watches the
worker check it, reads the report, uploads the corrected file, confirms, and finds the offering
in the list. The real task worker runs the checks and the import; the job page polls it with
htmx. Every page on the way is checked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from livslang.catalog.imports import COLUMNS
from livslang.catalog.models import Offering
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from tests.browser.conftest import Mailbox, Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in, submit

pytestmark = pytest.mark.browser


def _csv(end_date: str) -> bytes:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "offering_identifier": "senja-helse-1",
            "title": "Helsefagarbeider for voksne",
            "description": "Fagbrev som voksen, ved siden av jobb.",
            "language": "nb",
            "status": "published",
            "cohort_identifier": "senja-helse-1-h31",
            "mode": "online",
            "country": "NO",
            "start_date": "2031-03-03",
            "end_date": end_date,
            "schedule_kinds": "evening",
            "price": "2500",
            "currency": "NOK",
            "seats": "15",
        }
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def test_upload_a_bad_file_fix_it_and_import(visit: Visit, task_worker: Mailbox) -> None:
    call_command("load_geo", verbosity=0)
    centre = make_organisation(
        Kind.CENTRE, "5530", slug="studiesenteret-senja", name="Studiesenteret Senja"
    )
    # Eli reads English: the report is checked by its English message ids below.
    make_member(centre, Role.EDITOR, "eli.editor@example.org", password=PASSWORD, language="en")
    page = visit.page

    sign_in(visit, "eli.editor@example.org", PASSWORD)
    visit.open(f"/organisations/{centre.slug}/offerings/")
    page.locator(f"a[href='/organisations/{centre.slug}/offerings/import/']").click()
    page.wait_for_load_state()
    visit.check()

    # A file whose cohort ends before it starts: the report says where, nothing is imported.
    page.set_input_files(
        "input[name=file]",
        {"name": "kurs.csv", "mimeType": "text/csv", "buffer": _csv("2031-01-01")},
    )
    submit(visit)
    # The job page polls until the worker's report replaces the progress, and focuses it.
    summary = page.locator("#error-summary")
    summary.wait_for(timeout=30_000)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    visit.check()
    report = summary.inner_text()
    assert "line 2" in report and "end_date" in report
    assert page.locator("text=Confirm import").count() == 0
    assert not Offering.objects.exists()

    # The corrected file: the dry run shows what would change, then the editor confirms.
    page.set_input_files(
        "input[name=file]",
        {"name": "kurs.csv", "mimeType": "text/csv", "buffer": _csv("2031-05-30")},
    )
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#import-report").wait_for(timeout=30_000)
    visit.check()
    assert "1 new" in page.locator("#import-report").inner_text()
    assert not Offering.objects.exists()
    page.locator("#import-report form button[type=submit]").click()
    page.wait_for_load_state()
    done = page.locator("#done-heading")
    done.wait_for(timeout=30_000)
    visit.check()
    assert "Offerings: 1 new" in page.locator("main").inner_text()
    page.locator(f"main a[href='/organisations/{centre.slug}/offerings/']").last.click()
    page.wait_for_load_state()
    assert "Helsefagarbeider for voksne" in page.locator("main table").inner_text()
    assert Offering.objects.get().owner == centre

    # The export gives the same data back as a download.
    with page.expect_download() as download_info:
        page.locator(f"a[href='/organisations/{centre.slug}/offerings/export.csv']").click()
    download = download_info.value
    assert download.suggested_filename == f"{centre.slug}.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("offering_identifier,")
    assert "senja-helse-1" in content and "senja-helse-1-h31" in content
    visit.check()
