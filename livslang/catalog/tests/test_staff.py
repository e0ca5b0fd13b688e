"""The staff pages: an organisation keeps its offerings and cohorts through Livslang's pages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.catalog.models import (
    Cohort,
    CohortStatus,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingStatus,
)
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import ensure_municipality, make_member, make_organisation

pytestmark = pytest.mark.django_db

START = date(2031, 3, 3)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Staff:
    centre: Organisation
    editor: User
    viewer: User
    other: Organisation
    other_editor: User
    offering: Offering
    cohort: Cohort
    other_offering: Offering
    other_cohort: Cohort


@pytest.fixture
def staff(db: None) -> Staff:
    centre = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    other = make_organisation(Kind.CENTRE, "5501", slug="tromso-centre", name="Tromsø Centre")
    offering = make_offering(centre, title="Sveising", delivering_centres=[centre])
    other_offering = make_offering(other, title="Andres kurs")
    return Staff(
        centre=centre,
        editor=make_member(centre, Role.EDITOR, "eli@example.org").user,
        viewer=make_member(centre, Role.VIEWER, "vera@example.org").user,
        other=other,
        other_editor=make_member(other, Role.EDITOR, "otto@example.org").user,
        offering=offering,
        cohort=make_cohort(offering, start_date=START),
        other_offering=other_offering,
        other_cohort=make_cohort(other_offering, start_date=START),
    )


def as_user(user: User | None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def offering_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Helsefagarbeider for voksne",
        "description": "Et kurs.",
        "language": "nb",
        "provider": "senja-centre",
        "delivering_centres": ["senja-centre"],
        "isced_field": "",
        "topics": "helse, omsorg",
        "level_framework": "",
        "level": "",
        "level_text": "",
        "credits_value": "",
        "credits_unit": "",
        "duration_text": "",
        "target_group": "",
        "prerequisites": "",
        "admission_requirements": "",
        "campaign_tags": "",
        "external_url": "",
    }
    data.update(overrides)
    return data


def cohort_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "mode": "on_site",
        "delivering_centre": "senja-centre",
        "country": "NO",
        "municipality": "5530",
        "postcode": "",
        "venue_name": "Storgata 1",
        "start_date": START.isoformat(),
        "end_date": (START + timedelta(days=60)).isoformat(),
        "schedule_kinds": ["evening", "weekend"],
        "schedule_text": "Tuesdays 18-21",
        "pace": "",
        "workload_text": "",
        "price": "2500",
        "currency": "NOK",
        "seats": "15",
        "minimum_participants": "8",
        "application_deadline": "",
        "step_free_access": "true",
        "hearing_loop": "unknown",
        "enrolment_method": "livslang",
        "application_url": "",
    }
    data.update(overrides)
    return data


def state() -> tuple[Any, ...]:
    return (
        list(Offering.objects.order_by("pk").values_list()),
        list(Cohort.objects.order_by("pk").values_list()),
        list(LocalStudyGroup.objects.order_by("pk").values_list()),
    )


# --- The list --------------------------------------------------------------------------------


def test_manage_lists_the_organisations_offerings(staff: Staff) -> None:
    url = "/organisations/senja-centre/offerings/"
    response = as_user(staff.viewer).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sveising" in html and "Andres kurs" not in html
    assert "New offering" not in html
    html = as_user(staff.editor).get(url).content.decode()
    assert "New offering" in html and f"/offerings/{staff.offering.public_id}/edit/" in html


def test_manage_refuses_outsiders(staff: Staff, caplog: pytest.LogCaptureFixture) -> None:
    url = "/organisations/senja-centre/offerings/"
    response = as_user(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    with caplog.at_level(logging.WARNING, logger="livslang.security"):
        assert as_user(staff.other_editor).get(url).status_code == 404
    assert any(r.getMessage() == "foreign_object_access" for r in caplog.records)


# --- Offerings -------------------------------------------------------------------------------


def test_editor_creates_an_offering(staff: Staff) -> None:
    client = as_user(staff.editor)
    url = "/organisations/senja-centre/offerings/new/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="checkbox" name="delivering_centres"' in page.content.decode()
    response = client.post(url, offering_data())
    assert response.status_code == 302
    created = Offering.objects.get(title="Helsefagarbeider for voksne")
    assert response["Location"] == f"/offerings/{created.public_id}/edit/"
    assert created.status == OfferingStatus.DRAFT
    assert created.owner == staff.centre and created.provider == staff.centre
    assert list(created.delivering_centres.all()) == [staff.centre]
    assert created.topics == ["helse", "omsorg"]
    assert AuditEntry.objects.filter(action="offering.create").exists()


def test_bad_offering_input_changes_nothing(staff: Staff) -> None:
    client = as_user(staff.editor)
    before = state()
    response = client.post(
        "/organisations/senja-centre/offerings/new/", offering_data(title="", level="9")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_title"' in html
    # A service rule (a level needs its framework) is shown on its field.
    response = client.post("/organisations/senja-centre/offerings/new/", offering_data(level="4"))
    assert response.status_code == 200
    assert "Qualifications framework: choose NKR or EQF" in response.content.decode()
    assert state() == before


def test_viewers_and_outsiders_cannot_create(staff: Staff) -> None:
    url = "/organisations/senja-centre/offerings/new/"
    before = state()
    assert as_user(staff.viewer).post(url, offering_data()).status_code == 403
    assert as_user(staff.other_editor).post(url, offering_data()).status_code == 404
    response = as_user(None).post(url, offering_data())
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert state() == before


def test_editor_edits_an_offering(staff: Staff) -> None:
    client = as_user(staff.editor)
    url = f"/offerings/{staff.offering.public_id}/edit/"
    page = client.get(url).content.decode()
    assert 'value="Sveising"' in page
    assert f"/cohorts/{staff.cohort.public_id}/edit/" in page
    response = client.post(url, offering_data(title="Sveising 2"))
    assert response.status_code == 302
    staff.offering.refresh_from_db()
    assert staff.offering.title == "Sveising 2"
    assert staff.offering.slug == "sveising"  # the address stays


def test_another_organisations_offering_is_404_and_unchanged(staff: Staff) -> None:
    client = as_user(staff.editor)
    before = state()
    base = f"/offerings/{staff.other_offering.public_id}"
    assert client.get(f"{base}/edit/").status_code == 404
    assert client.post(f"{base}/edit/", offering_data(title="Hijacked")).status_code == 404
    for action in ("publish", "unpublish", "archive", "copy"):
        assert client.post(f"{base}/{action}/").status_code == 404
    assert client.get(f"{base}/cohorts/new/").status_code == 404
    assert client.post(f"{base}/cohorts/new/", cohort_data()).status_code == 404
    cohort = f"/cohorts/{staff.other_cohort.public_id}"
    assert client.get(f"{cohort}/edit/").status_code == 404
    assert client.post(f"{cohort}/copy/").status_code == 404
    assert client.post(f"{cohort}/status/", {"status": "will_run"}).status_code == 404
    assert state() == before


def test_viewer_gets_403(staff: Staff) -> None:
    client = as_user(staff.viewer)
    before = state()
    base = f"/offerings/{staff.offering.public_id}"
    assert client.get(f"{base}/edit/").status_code == 403
    assert client.post(f"{base}/unpublish/").status_code == 403
    assert client.post(f"/cohorts/{staff.cohort.public_id}/copy/").status_code == 403
    assert state() == before


def test_publish_unpublish_archive_copy(staff: Staff) -> None:
    client = as_user(staff.editor)
    base = f"/offerings/{staff.offering.public_id}"
    assert client.get(f"{base}/unpublish/").status_code == 405
    assert client.post(f"{base}/unpublish/").status_code == 302
    staff.offering.refresh_from_db()
    assert staff.offering.status == OfferingStatus.DRAFT
    assert as_user(None).get(staff.offering.get_absolute_url()).status_code == 404
    assert client.post(f"{base}/publish/").status_code == 302
    staff.offering.refresh_from_db()
    assert staff.offering.status == OfferingStatus.PUBLISHED
    response = client.post(f"{base}/copy/")
    copy = Offering.objects.exclude(pk__in=[staff.offering.pk, staff.other_offering.pk]).get()
    assert response["Location"] == f"/offerings/{copy.public_id}/edit/"
    assert copy.status == OfferingStatus.DRAFT and copy.cohorts.count() == 1
    response = client.post(f"{base}/archive/")
    assert response["Location"] == "/organisations/senja-centre/offerings/"
    staff.offering.refresh_from_db()
    assert staff.offering.status == OfferingStatus.ARCHIVED
    # An archived offering cannot be published again: a message, nothing changes.
    response = client.post(f"{base}/publish/", follow=True)
    assert "cannot be published again" in response.content.decode()
    staff.offering.refresh_from_db()
    assert staff.offering.status == OfferingStatus.ARCHIVED


# --- Cohorts ---------------------------------------------------------------------------------


def test_editor_adds_an_on_site_cohort(staff: Staff) -> None:
    client = as_user(staff.editor)
    url = f"/offerings/{staff.offering.public_id}/cohorts/new/"
    page = client.get(url).content.decode()
    assert 'type="date"' in page and '<optgroup label="Troms">' in page
    response = client.post(url, cohort_data())
    assert response.status_code == 302
    cohort = staff.offering.cohorts.exclude(pk=staff.cohort.pk).get()
    assert cohort.schedule_kind_list == ["evening", "weekend"]
    assert cohort.municipality is not None and cohort.municipality.code == "5530"
    assert cohort.step_free_access is True and cohort.hearing_loop is None
    assert cohort.seats == 15 and cohort.minimum_participants == 8


def test_editor_adds_an_online_cohort_with_a_study_room(staff: Staff) -> None:
    ensure_municipality("5526")
    client = as_user(staff.editor)
    url = f"/offerings/{staff.offering.public_id}/cohorts/new/"
    data = cohort_data(
        mode="online",
        municipality="",
        venue_name="",
        group_1_centre="senja-centre",
        group_1_municipality="5526",
        group_1_room="Rom 2",
        group_1_contact_email="rom@example.org",
    )
    assert client.post(url, data).status_code == 302
    cohort = staff.offering.cohorts.get(mode=Mode.ONLINE)
    group = cohort.study_groups.get()
    assert group.centre == staff.centre and group.municipality.code == "5526"
    page = as_user(None).get(staff.offering.get_absolute_url()).content.decode()
    assert "Online course with a local study room in Sørreisa" in page


def test_bad_cohort_input_re_renders_and_changes_nothing(staff: Staff) -> None:
    client = as_user(staff.editor)
    url = f"/offerings/{staff.offering.public_id}/cohorts/new/"
    before = state()
    response = client.post(
        url,
        cohort_data(end_date=(START - timedelta(days=1)).isoformat(), minimum_participants="99"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "End date: the cohort cannot end before it starts." in html
    assert "Minimum participants: the minimum cannot be above the number of seats." in html
    # A study room for an on-site cohort is refused by the service (shown on top).
    response = client.post(
        url, cohort_data(group_1_centre="senja-centre", group_1_municipality="5530")
    )
    assert "only online and blended cohorts" in response.content.decode()
    # A study room row without a centre is refused by the form.
    response = client.post(url, cohort_data(mode="online", group_1_room="Rom 2"))
    assert "Choose the centre that hosts the room." in response.content.decode()
    assert state() == before


def test_editor_edits_copies_and_moves_a_cohort(staff: Staff) -> None:
    client = as_user(staff.editor)
    url = f"/cohorts/{staff.cohort.public_id}/edit/"
    page = client.get(url).content.decode()
    assert f'value="{START.isoformat()}"' in page
    assert client.post(url, cohort_data(seats="30")).status_code == 302
    staff.cohort.refresh_from_db()
    assert staff.cohort.seats == 30

    response = client.post(f"/cohorts/{staff.cohort.public_id}/copy/")
    copy = staff.offering.cohorts.exclude(pk=staff.cohort.pk).get()
    assert response["Location"] == f"/cohorts/{copy.public_id}/edit/"
    assert copy.status == CohortStatus.PLANNED

    status_url = f"/cohorts/{staff.cohort.public_id}/status/"
    assert client.get(status_url).status_code == 405
    assert client.post(status_url, {"status": "will_run"}).status_code == 302
    staff.cohort.refresh_from_db()
    assert staff.cohort.status == CohortStatus.WILL_RUN
    response = client.post(status_url, {"status": "planned"}, follow=True)
    assert "cannot go from" in response.content.decode()
    response = client.post(status_url, {"status": "nonsense"}, follow=True)
    assert "Choose one of the statuses." in response.content.decode()
    staff.cohort.refresh_from_db()
    assert staff.cohort.status == CohortStatus.WILL_RUN
