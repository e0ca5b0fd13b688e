"""The import and export pages: organisation scope (IMP-07), the dry run and confirm steps,
upload limits and type checks (SEC-15)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from livslang.accounts.models import User
from livslang.catalog import upload_views
from livslang.catalog.imports import COLUMNS
from livslang.catalog.models import Offering
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


# --- The two steps ---------------------------------------------------------------------------


def test_bad_file_shows_problems_and_changes_nothing(centre: Organisation, editor: User) -> None:
    client = as_user(editor)
    response = upload(client, centre.slug, csv_file(end_date="2031-01-01"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert "end_date" in body and "line 2" in body
    assert "Confirm import" not in body
    assert not Offering.objects.exists()
    assert (
        not default_storage.exists(upload_views.STORAGE_DIR)
        or not default_storage.listdir(upload_views.STORAGE_DIR)[1]
    )


def test_good_file_imports_after_confirm(centre: Organisation, editor: User) -> None:
    client = as_user(editor)
    response = upload(client, centre.slug, csv_file())
    body = response.content.decode()
    assert "Confirm import" in body
    assert "Offerings: 1 new" in body
    assert not Offering.objects.exists()  # the dry run wrote nothing
    stored = default_storage.listdir(upload_views.STORAGE_DIR)[1]
    assert len(stored) == 1 and "offerings" not in stored[0]
    token = response.context["token"]
    response = client.post(reverse("catalog:import", args=[centre.slug]), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:manage", args=[centre.slug])
    offering = Offering.objects.get()
    assert offering.title == "Sveising for voksne" and offering.owner == centre
    assert default_storage.listdir(upload_views.STORAGE_DIR)[1] == []
    # The token is spent: confirming again imports nothing more.
    again = client.post(reverse("catalog:import", args=[centre.slug]), {"token": token})
    assert again.status_code == 302 and Offering.objects.count() == 1


def test_token_is_bound_to_organisation_and_user(centre: Organisation, editor: User) -> None:
    response = upload(as_user(editor), centre.slug, csv_file())
    token = response.context["token"]
    colleague = make_member(centre, Role.EDITOR, "ceo@example.org").user
    as_user(colleague).post(reverse("catalog:import", args=[centre.slug]), {"token": token})
    as_user(editor).post(reverse("catalog:import", args=[centre.slug]), {"token": token + "x"})
    assert not Offering.objects.exists()


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


def test_filename_is_never_a_path(centre: Organisation, editor: User, media: Path) -> None:
    upload(as_user(editor), centre.slug, csv_file(), "../../x.csv")
    stored = [p for p in Path(media).rglob("*") if p.is_file()]
    assert all(p.parent == Path(media) / "private" / "imports" for p in stored)
    assert all(p.stem != "x" for p in stored)


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


def test_abandoned_uploads_are_removed(
    centre: Organisation, editor: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_user(editor)
    upload(client, centre.slug, csv_file())
    assert len(default_storage.listdir(upload_views.STORAGE_DIR)[1]) == 1
    monkeypatch.setattr(upload_views, "TOKEN_MAX_AGE", -1)
    upload(client, centre.slug, csv_file())
    # The older upload is gone; only the newest (which just expired too) can remain.
    assert len(default_storage.listdir(upload_views.STORAGE_DIR)[1]) <= 1


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
    response = client.post(
        reverse("catalog:import", args=[centre.slug]),
        {
            "file": SimpleUploadedFile("mixed.csv", (good + bad_row).encode()),
            "mode": "valid-rows",
        },
    )
    body = response.content.decode()
    assert "Confirm import" in body and "left out" in body
    assert "end_date" in body
    response = client.post(
        reverse("catalog:import", args=[centre.slug]), {"token": response.context["token"]}
    )
    assert response.status_code == 302
    assert list(Offering.objects.values_list("source_identifier", flat=True)) == ["senja-sveis-1"]
