"""Token writes: scope, cross-organisation 404, mass assignment, round trips (SEC-05/06)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from livslang.api.models import ApiToken
from livslang.api.tests.conftest import World, bearer
from livslang.catalog.models import Cohort, Offering
from livslang.programmes.models import Measurement
from livslang.programmes.testing import make_goal, make_programme, make_track


def send(api: Client, method: str, url: str, body: Any, token: str) -> Any:
    return getattr(api, method)(
        url, data=json.dumps(body), content_type="application/json", **bearer(token)
    )


COHORT = {
    "mode": "blended",
    "country": "NO",
    "postcode": "9300",
    "venue_name": "Finnsnes skole",
    "latitude": 69.2,
    "longitude": 17.9,
    "start_date": (timezone.localdate() + timedelta(days=40)).isoformat(),
    "end_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
    "schedule_kinds": ["evening", "weekend"],
    "schedule_text": "Tirsdager 18-21",
    "pace": "part_time",
    "workload_text": "6 timer i uka",
    "price": "2500.5",
    "currency": "NOK",
    "seats": 12,
    "minimum_participants": 6,
    "guaranteed_start": True,
    "application_deadline": (timezone.localdate() + timedelta(days=20)).isoformat(),
    "step_free_access": True,
    "hearing_loop": False,
    "enrolment_method": "external",
    "application_url": "https://example.org/apply",
}


@pytest.mark.django_db
def test_cohort_round_trip_compares_every_field(api: Client, world: World) -> None:
    url = f"/api/v1/own/offerings/{world.offering.public_id}/cohorts"
    response = send(api, "post", url, COHORT, world.write_token)
    assert response.status_code == 201, response.content
    created = response.json()
    read = api.get(f"/api/v1/cohorts/{created['id']}", **bearer(world.read_token)).json()
    for field, value in COHORT.items():
        assert read[field] == value, field
    municipality = world.cohort.municipality
    assert municipality is not None
    assert read["municipality"] == municipality.code  # from the postcode
    assert read == created
    change = {"seats": 30, "schedule_kinds": ["daytime"], "price": "0"}
    updated = send(api, "patch", f"/api/v1/own/cohorts/{created['id']}", change, world.write_token)
    assert updated.status_code == 200
    again = api.get(f"/api/v1/cohorts/{created['id']}").json()
    assert {k: again[k] for k in change} == change
    assert {k: again[k] for k in COHORT if k not in change} == {
        k: v for k, v in COHORT.items() if k not in change
    }
    status = send(
        api,
        "post",
        f"/api/v1/own/cohorts/{created['id']}/status",
        {"status": "open"},
        world.write_token,
    )
    assert status.json()["status"] == "open"


OFFERING = {
    "title": "Truckførerkurs",
    "description": "Teori og praksis.",
    "language": "nb",
    "topics": ["truck", "lager"],
    "level_framework": "nkr",
    "level": 4,
    "level_text": "Fagbrev",
    "credits_value": "7.5",
    "credits_unit": "fagskolepoeng",
    "duration_text": "3 uker",
    "target_group": "Lagerarbeidere",
    "prerequisites": "Ingen",
    "admission_requirements": "Fylt 18 år",
    "funding_employer": True,
    "funding_public_grant": False,
    "funding_loan": True,
    "campaign_tags": ["industriløftet"],
    "external_url": "https://example.org/truck",
}


@pytest.mark.django_db
def test_offering_round_trip_and_publish(api: Client, world: World) -> None:
    response = send(api, "post", "/api/v1/own/offerings", OFFERING, world.write_token)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert created["provider"] == world.own.slug
    offering_id = created["id"]
    for field, value in OFFERING.items():
        assert created[field] == value, field
    assert api.get(f"/api/v1/offerings/{offering_id}").status_code == 404  # a draft
    published = send(
        api, "post", f"/api/v1/own/offerings/{offering_id}/publish", {}, world.write_token
    )
    assert published.json()["status"] == "published"
    public = api.get(f"/api/v1/offerings/{offering_id}").json()
    assert {k: public[k] for k in OFFERING} == OFFERING
    patched = send(
        api,
        "patch",
        f"/api/v1/own/offerings/{offering_id}",
        {"title": "Truck"},
        world.write_token,
    )
    assert patched.json()["title"] == "Truck"
    listed = api.get("/api/v1/own/offerings", **bearer(world.read_token)).json()
    assert offering_id in {o["id"] for o in listed["results"]}


@pytest.mark.django_db
def test_cross_organisation_writes_answer_404_and_change_nothing(api: Client, world: World) -> None:
    before = list(Cohort.objects.order_by("pk").values_list())
    offerings = list(Offering.objects.order_by("pk").values_list())
    token = world.foreign_write_token
    assert (
        send(
            api, "post", f"/api/v1/own/offerings/{world.offering.public_id}/cohorts", COHORT, token
        ).status_code
        == 404
    )
    assert (
        send(
            api, "patch", f"/api/v1/own/cohorts/{world.cohort.public_id}", {"seats": 1}, token
        ).status_code
        == 404
    )
    assert (
        send(
            api,
            "patch",
            f"/api/v1/own/offerings/{world.offering.public_id}",
            {"title": "Mine"},
            token,
        ).status_code
        == 404
    )
    assert (
        send(
            api, "post", f"/api/v1/own/offerings/{world.draft.public_id}/publish", {}, token
        ).status_code
        == 404
    )
    assert list(Cohort.objects.order_by("pk").values_list()) == before
    assert list(Offering.objects.order_by("pk").values_list()) == offerings
    listed = api.get("/api/v1/own/offerings", **bearer(token)).json()
    assert str(world.offering.public_id) not in {o["id"] for o in listed["results"]}


@pytest.mark.django_db
def test_read_scope_and_no_token_cannot_write(api: Client, world: World) -> None:
    url = f"/api/v1/own/cohorts/{world.cohort.public_id}"
    assert send(api, "patch", url, {"seats": 1}, world.read_token).status_code == 403
    anonymous = api.patch(url, data='{"seats": 1}', content_type="application/json")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"].startswith("application/problem+json")
    # A signed-in session is no API credential (no cookie auth, so no CSRF hole).
    api.force_login(world.admin)
    assert api.patch(url, data='{"seats": 1}', content_type="application/json").status_code == 401
    world.cohort.refresh_from_db()
    assert world.cohort.seats == 20


@pytest.mark.django_db
def test_extra_fields_are_refused_with_field_paths(api: Client, world: World) -> None:
    """SEC-06: mass assignment of ``status``, ``confirmed_count`` or an organisation."""
    url = f"/api/v1/own/cohorts/{world.cohort.public_id}"
    for extra in ({"status": "running"}, {"confirmed_count": 99}, {"offering": "x"}):
        response = send(api, "patch", url, extra, world.write_token)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == next(iter(extra))
    world.cohort.refresh_from_db()
    assert (world.cohort.status, world.cohort.confirmed_count) == ("open", 0)


@pytest.mark.django_db
def test_service_refusals_are_problems_with_fields(api: Client, world: World) -> None:
    url = f"/api/v1/own/cohorts/{world.cohort.public_id}"
    body = {"end_date": "2000-01-02", "start_date": "2000-01-03"}
    response = send(api, "patch", url, body, world.write_token)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"]


@pytest.mark.django_db
def test_measurement_write_and_cross_organisation(api: Client, world: World) -> None:
    programme = make_programme(world.own)
    goal = make_goal(programme, make_track(programme, owners=[world.own]))
    other_programme = make_programme(world.other)
    foreign_goal = make_goal(other_programme)
    url = f"/api/v1/own/goals/{goal.public_id}/measurements"
    body = {"measured_on": "2026-06-30", "value": "14.5", "comment": "Fra SSB"}
    response = send(api, "post", url, body, world.write_token)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "goal": str(goal.public_id),
        "measured_on": "2026-06-30",
        "value": "14.5",
        "source": "manual",
        "comment": "Fra SSB",
    }
    measurement = Measurement.objects.get(indicator__goal=goal)
    assert measurement.measured_on == date(2026, 6, 30)
    foreign = send(
        api,
        "post",
        f"/api/v1/own/goals/{foreign_goal.public_id}/measurements",
        body,
        world.write_token,
    )
    assert foreign.status_code == 404
    assert not Measurement.objects.filter(indicator__goal=foreign_goal).exists()
    missing = send(api, "post", url, {"measured_on": "2026-07-01"}, world.write_token)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "value"


@pytest.mark.django_db
def test_token_lifecycle(api: Client, world: World) -> None:
    """Created on the page (shown once), stored hashed, listed with last use, revoked."""
    api.force_login(world.admin)
    page = api.post(
        f"/organisations/{world.own.slug}/api-tokens/", {"name": "Studentsystem", "scope": "write"}
    )
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("no-store")
    raw = page.content.decode().split('<code id="new-token">')[1].split("</code>")[0]
    token = ApiToken.objects.get(name="Studentsystem")
    assert raw not in token.digest and token.digest != raw
    assert raw not in api.get(f"/organisations/{world.own.slug}/api-tokens/").content.decode()
    assert token.last_used_at is None
    assert api.get("/api/v1/token", **bearer(raw)).json()["scope"] == "write"
    token.refresh_from_db()
    assert token.last_used_at is not None
    listing = api.get(f"/organisations/{world.own.slug}/api-tokens/").content.decode()
    assert "Studentsystem" in listing and "never" in listing  # the fixture's tokens unused
    revoked = api.post(f"/organisations/{world.own.slug}/api-tokens/{token.public_id}/revoke/")
    assert revoked.status_code == 302
    assert api.get("/api/v1/token", **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_token_page_is_for_admins_of_the_organisation(api: Client, world: World) -> None:
    api.force_login(world.other_admin)
    assert api.get(f"/organisations/{world.own.slug}/api-tokens/").status_code == 404
    token = ApiToken.objects.filter(organisation=world.own).first()
    assert token is not None
    response = api.post(f"/organisations/{world.own.slug}/api-tokens/{token.public_id}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_invalid_token_form_shows_its_errors(api: Client, world: World) -> None:
    api.force_login(world.admin)
    response = api.post(f"/organisations/{world.own.slug}/api-tokens/", {"name": ""})
    assert response.status_code == 200
    assert b"error-summary" in response.content
