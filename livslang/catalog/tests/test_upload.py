"""The import and export pages: organisation scope (IMP-07), the dry run and confirm steps,
upload limits and type checks (SEC-15)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from livslang.accounts.models import User
from livslang.catalog import upload_views
from livslang.catalog.imports import COLUMNS, jobs
from livslang.catalog.models import ImportJob, ImportStage, Offering
from livslang.catalog.upload_views import format_of
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def centre() -> Organisation:
    return make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")


@pytest.fixture
def editor(centre: Organisation) -> User:
    return make_member(centre, Role.EDITOR, "eli@example.org").user


def as_user(user: User | None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def csv_file(**overrides: str) -> bytes:
    """A one-cohort CSV in the import's column set."""
    row = {column: "" for column in COLUMNS}
    row.update(
        {
            "offering_identifier": "senja-sveis-1",
            "title": "Sveising for voksne",
            "description": "Et kurs.",
            "language": "nb",
            "status": "published",
            "cohort_identifier": "senja-sveis-1-h31",
            "mode": "online",
            "country": "NO",
            "start_date": "2031-03-03",
            "end_date": "2031-05-03",
            "schedule_kinds": "evening",
            "price": "1500",
            "currency": "NOK",
            "seats": "12",
        }
    )
    row.update(overrides)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({k: v for k, v in row.items() if k in COLUMNS})
    return buffer.getvalue().encode("utf-8")


def upload(client: Client, slug: str, data: bytes, name: str = "offerings.csv") -> Any:
    return client.post(
        reverse("catalog:import", args=[slug]),
        {"file": SimpleUploadedFile(name, data), "mode": "all-or-nothing"},
    )


# --- Access ----------------------------------------------------------------------------------


def test_import_page_scope(centre: Organisation, editor: User) -> None:
    url = reverse("catalog:import", args=[centre.slug])
    assert url == "/organisations/senja-centre/offerings/import/"
    assert as_user(editor).get(url).status_code == 200
    viewer = make_member(centre, Role.VIEWER, "vera@example.org").user
    assert as_user(viewer).get(url).status_code == 403
    assert upload(as_user(viewer), centre.slug, csv_file()).status_code == 403
    other = make_organisation(Kind.CENTRE, "5501", slug="tromso-centre")
    other_editor = make_member(other, Role.EDITOR, "otto@example.org").user
    assert as_user(other_editor).get(url).status_code == 404
    assert upload(as_user(other_editor), centre.slug, csv_file()).status_code == 404
    response = as_user(None).get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not Offering.objects.exists()


def test_export_downloads(centre: Organisation) -> None:
    viewer = make_member(centre, Role.VIEWER, "vera@example.org").user
    for fmt, content_type in (
        ("jsonld", "application/ld+json"),
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        response = as_user(viewer).get(reverse("catalog:export", args=[centre.slug, fmt]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"] == f'attachment; filename="senja-centre.{fmt}"'
        assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        as_user(viewer).get(f"/organisations/{centre.slug}/offerings/export.pdf").status_code == 404
    )
    stranger = make_member(make_organisation(slug="x-centre"), Role.ADMIN, "x@example.org").user
    assert (
        as_user(stranger).get(reverse("catalog:export", args=[centre.slug, "csv"])).status_code
        == 404
    )
    anonymous = as_user(None).get(reverse("catalog:export", args=[centre.slug, "csv"]))
    assert anonymous.status_code == 302


def test_manage_page_links(centre: Organisation, editor: User) -> None:
    body = as_user(editor).get(reverse("catalog:manage", args=[centre.slug])).content.decode()
    assert reverse("catalog:import", args=[centre.slug]) in body
    assert reverse("catalog:export", args=[centre.slug, "xlsx"]) in body


# --- The two steps, run by the worker ----------------------------------------------------------


def run_queued() -> None:
    """Run the queued import jobs in this process, as the worker would."""
    for row in DBTaskResult.objects.order_by("enqueued_at"):
        import_string(row.task_path).call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.delete()


def submit(client: Client, slug: str, data: bytes, name: str = "offerings.csv", **form: str) -> Any:
    """Upload a file, let the worker check it, and open the job page."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("catalog:import", args=[slug]),
            {"file": SimpleUploadedFile(name, data), "mode": form.get("mode", "all-or-nothing")},
        )
    assert response.status_code == 302, response.content
    job_url = response["Location"]
    running = client.get(job_url)
    assert 'id="progress-heading"' in running.content.decode()
    run_queued()
    return client.get(job_url)


def confirm(client: Client, job_url: str) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(job_url)
    assert response.status_code == 302 and response["Location"] == job_url
    run_queued()
    return client.get(job_url)


def test_bad_file_shows_problems_and_changes_nothing(centre: Organisation, editor: User) -> None:
    client = as_user(editor)
    response = submit(client, centre.slug, csv_file(end_date="2031-01-01"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert "end_date" in body and "line 2" in body
    assert "Confirm import" not in body and "Upload a corrected file" in body
    assert not Offering.objects.exists()
    job = ImportJob.objects.get()
    assert job.stage == ImportStage.CHECKED and bytes(job.content) == b""
    # Confirming a refused check is not possible.
    response = client.post(response.request["PATH_INFO"], follow=True)
    assert "can no longer be imported" in response.content.decode()
    assert not Offering.objects.exists() and not DBTaskResult.objects.exists()


def test_good_file_imports_after_confirm(centre: Organisation, editor: User) -> None:
    client = as_user(editor)
    response = submit(client, centre.slug, csv_file())
    job_url = response.request["PATH_INFO"]
    body = response.content.decode()
    assert "Confirm import" in body
    assert "Offerings: 1 new" in body
    assert not Offering.objects.exists()  # the dry run wrote nothing
    response = confirm(client, job_url)
    body = response.content.decode()
    assert "Imported" in body and "Offerings: 1 new" in body
    offering = Offering.objects.get()
    assert offering.title == "Sveising for voksne" and offering.owner == centre
    job = ImportJob.objects.get()
    assert job.stage == ImportStage.IMPORTED and bytes(job.content) == b""
    assert job.batch is not None and job.batch.filename == "offerings.csv"
    # Spent: confirming again imports nothing more.
    again = client.post(job_url, follow=True)
    assert "can no longer be imported" in again.content.decode()
    assert Offering.objects.count() == 1 and not DBTaskResult.objects.exists()


def test_htmx_poll_gets_the_partial_with_progress(centre: Organisation, editor: User) -> None:
    client = as_user(editor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("catalog:import", args=[centre.slug]),
            {"file": SimpleUploadedFile("o.csv", csv_file()), "mode": "all-or-nothing"},
        )
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        stage=ImportStage.CHECKING, step="checking", done=50, total=200
    )
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and 'data-hx-trigger="load delay:1s"' in body
    assert "Checked 50 of 200 offerings." in body
    assert re.search(r'<progress[^>]*max="200"[^>]*value="50"', body)
    ImportJob.objects.filter(pk=job.pk).update(step="writing", done=0)
    body = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Writing 200 offerings to the catalogue in one go" in body


def test_progress_is_recorded_while_checking(centre: Organisation, editor: User) -> None:
    """The worker records its progress outside the import's transaction."""
    seen: list[tuple[str, int, int]] = []
    real = jobs._progress

    def watching(job: ImportJob) -> Any:
        update = real(job)

        def record(step: str, done: int, total: int) -> None:
            update(step, done, total)
            row = ImportJob.objects.get(pk=job.pk)
            seen.append((row.step, row.done, row.total))

        return record

    rows = csv_file().decode().split("\r\n")
    body = "".join(
        rows[1].replace("senja-sveis-1", f"senja-sveis-{n}") + "\r\n" for n in range(120)
    )
    data = (rows[0] + "\r\n" + body).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "_progress", watching)
        submit(as_user(editor), centre.slug, data)
    assert ("checking", 50, 120) in seen and ("checking", 120, 120) in seen
    assert ("writing", 0, 120) in seen


def test_job_belongs_to_its_uploader(centre: Organisation, editor: User) -> None:
    response = submit(as_user(editor), centre.slug, csv_file())
    job_url = response.request["PATH_INFO"]
    colleague = make_member(centre, Role.EDITOR, "ceo@example.org").user
    assert as_user(colleague).get(job_url).status_code == 404
    assert as_user(colleague).post(job_url).status_code == 404
    other = make_organisation(Kind.CENTRE, "5530", slug="other-centre", name="Other Centre")
    make_member(other, Role.EDITOR, "eli@example.org".replace("eli", "ola"))
    wrong_org = job_url.replace(centre.slug, other.slug)
    assert as_user(editor).get(wrong_org).status_code == 404
    assert not Offering.objects.exists()
    assert ImportJob.objects.get().stage == ImportStage.CHECKED


def test_stale_check_cannot_be_confirmed(centre: Organisation, editor: User) -> None:
    client = as_user(editor)
    response = submit(client, centre.slug, csv_file())
    job_url = response.request["PATH_INFO"]
    ImportJob.objects.update(updated_at=timezone.now() - jobs.CONFIRM_WITHIN - timedelta(1))
    body = client.get(job_url).content.decode()
    assert "more than an hour old" in body and "Confirm import" not in body
    client.post(job_url)
    assert not Offering.objects.exists()
    # The next upload drops the stale file's bytes.
    submit(client, centre.slug, csv_file())
    stale = ImportJob.objects.order_by("created_at").first()
    assert stale is not None and bytes(stale.content) == b""


def test_report_is_in_the_uploaders_language(centre: Organisation, editor: User) -> None:
    client = Client(headers={"accept-language": "nb"})
    client.force_login(editor)
    with translation.override("nb"):
        response = submit(client, centre.slug, csv_file(end_date="2031-01-01"))
    body = response.content.decode()
    with translation.override("nb"):
        heading = gettext("The file was not imported; nothing was changed")
        problem = gettext("end date %(end)s is before start date %(start)s") % {
            "end": "2031-01-01",
            "start": "2031-03-03",
        }
    assert heading != "The file was not imported; nothing was changed"
    assert heading in body and problem in body


def test_a_crash_marks_the_job_failed(
    centre: Organisation, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "run_import", broken)
    body = submit(as_user(editor), centre.slug, csv_file()).content.decode()
    assert "nothing was changed" in body
    job = ImportJob.objects.get()
    assert job.stage == ImportStage.FAILED and bytes(job.content) == b""


# --- SEC-15 ----------------------------------------------------------------------------------


def test_oversize_file_is_refused(
    centre: Organisation, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload_views, "MAX_UPLOAD_BYTES", 100)
    response = upload(as_user(editor), centre.slug, csv_file())
    assert "larger than 10 MB" in response.content.decode()
    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("offerings.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
        ("offerings.csv", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("offerings.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("offerings.xlsx", b"offering_identifier,title\r\n"),
        ("offerings.png", b"\x89PNG\r\n\x1a\n<html>"),
        ("offerings.jsonld", b"PK\x03\x04zipped"),
    ],
)
def test_wrong_types_are_refused(
    centre: Organisation, editor: User, name: str, data: bytes
) -> None:
    response = upload(as_user(editor), centre.slug, data, name)
    assert response.status_code == 200
    assert "does not match its content" in response.content.decode()
    assert "Confirm import" not in response.content.decode()


def test_filename_is_kept_as_a_name_only(centre: Organisation, editor: User, media: Path) -> None:
    submit(as_user(editor), centre.slug, csv_file(), "../../x.csv")
    assert ImportJob.objects.get().filename == "x.csv"
    assert not [p for p in Path(media).rglob("*") if p.is_file()]  # nothing on disk


def test_display_name() -> None:
    assert upload_views.display_name("../../x.py") == "x.py"
    assert upload_views.display_name("C:\\Users\\eli\\kurs.csv") == "kurs.csv"
    assert upload_views.display_name("") == "upload"


def test_format_of() -> None:
    assert format_of("a.CSV", b"a,b\r\n") == "csv"
    assert format_of("a.json", b"\xef\xbb\xbf[]") == "jsonld"
    assert format_of("a.xlsx", b"PK\x03\x04") == "xlsx"
    assert format_of("a.txt", b"a,b") is None
    assert format_of("a.csv", b"a\x00b") is None
    assert format_of("..\\..\\a.csv", b"a,b") == "csv"


def test_valid_rows_mode_imports_the_rest(centre: Organisation, editor: User) -> None:
    good = csv_file().decode()
    bad_row = (
        csv_file(
            offering_identifier="senja-bad", cohort_identifier="senja-bad-1", end_date="2031-01-01"
        )
        .decode()
        .split("\r\n", 1)[1]
    )
    client = as_user(editor)
    response = submit(
        client, centre.slug, (good + bad_row).encode(), "mixed.csv", mode="valid-rows"
    )
    body = response.content.decode()
    assert "Confirm import" in body and "left out" in body
    assert "end_date" in body
    body = confirm(client, response.request["PATH_INFO"]).content.decode()
    assert "1 offering had problems and was left out" in body
    assert list(Offering.objects.values_list("source_identifier", flat=True)) == ["senja-sveis-1"]
