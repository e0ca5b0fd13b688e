"""The participant list for the cohort's organisation: who sees it, the access log it leaves
(GDPR-06), and formula-safe exports (IMP-08)."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse

from livslang.accounts.models import User
from livslang.catalog.models import Cohort, Offering
from livslang.catalog.testing import make_cohort, make_offering
from livslang.enrolments import services
from livslang.enrolments.tests.conftest import as_user
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation, make_user
from livslang.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_cohort(offering: Offering, kari: User, ola: User) -> Cohort:
    cohort = make_cohort(offering, seats=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.enrol(learner=kari, cohort=cohort)
        services.enrol(learner=ola, cohort=cohort)
    return cohort


def test_editor_sees_participants_and_waitlist(full_cohort: Cohort, eli: User) -> None:
    response = as_user(eli).get(reverse("enrolments:participants", args=[full_cohort.public_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kari Nordmann" in body and "kari@example.org" in body
    assert "Ola Hansen" in body
    assert body.index("Kari Nordmann") < body.index("Ola Hansen")
    assert "1 of 1 seats taken; 1 on the waitlist." in body


def test_viewers_and_other_organisations_do_not_see_it(
    full_cohort: Cohort, vera: User, kari: User
) -> None:
    url = reverse("enrolments:participants", args=[full_cohort.public_id])
    assert as_user(vera).get(url).status_code == 403
    stranger = make_member(make_organisation(Kind.CENTRE, "5530"), Role.ADMIN).user
    assert as_user(stranger).get(url).status_code == 404
    assert as_user(kari).get(url).status_code == 404
    csv_url = reverse("enrolments:participants_export", args=[full_cohort.public_id, "csv"])
    assert as_user(stranger).get(csv_url).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_each_view_and_export_is_logged(
    full_cohort: Cohort, eli: User, kari: User, ola: User
) -> None:
    client = as_user(eli)
    client.get(reverse("enrolments:participants", args=[full_cohort.public_id]))
    client.get(reverse("enrolments:participants_export", args=[full_cohort.public_id, "csv"]))
    entries = list(AccessLogEntry.objects.order_by("occurred_at", "pk"))
    assert [e.purpose for e in entries] == ["participant_list", "participant_export"]
    for entry in entries:
        assert entry.actor == eli and entry.organisation == full_cohort.offering.owner
        assert set(entry.learners.all()) == {kari, ola}
    with pytest.raises(ValueError):
        entries[0].save()
    with pytest.raises(ValueError):
        entries[0].delete()
    assert AccessLogEntry.objects.count() == 2


def test_exports_neutralise_formulas(offering: Offering, eli: User) -> None:
    cohort = make_cohort(offering, seats=5)
    sly = make_user("sly@example.org", full_name='=HYPERLINK("http://evil.example","x")')
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.enrol(learner=sly, cohort=cohort)
    client = as_user(eli)
    text = client.get(
        reverse("enrolments:participants_export", args=[cohort.public_id, "csv"])
    ).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["status", "waitlist_position", "name", "email"]
    assert rows[1][2].startswith("'=HYPERLINK")
    data = client.get(
        reverse("enrolments:participants_export", args=[cohort.public_id, "xlsx"])
    ).content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.active["C2"].value.startswith("=HYPERLINK")
    assert workbook.active["C2"].data_type == "s"


def test_unknown_export_format_is_404(full_cohort: Cohort, eli: User) -> None:
    url = reverse("enrolments:participants_export", args=[full_cohort.public_id, "pdf"])
    assert as_user(eli).get(url).status_code == 404


def test_offering_edit_page_links_to_participants(full_cohort: Cohort, eli: User) -> None:
    body = (
        as_user(eli)
        .get(reverse("catalog:offering_edit", args=[full_cohort.offering.public_id]))
        .content.decode()
    )
    assert reverse("enrolments:participants", args=[full_cohort.public_id]) in body


def test_other_centres_offerings_are_not_listed(eli: User) -> None:
    other = make_offering(make_organisation(Kind.CENTRE, "5530"))
    cohort = make_cohort(other, seats=3)
    url = reverse("enrolments:participants", args=[cohort.public_id])
    assert as_user(eli).get(url).status_code == 404
