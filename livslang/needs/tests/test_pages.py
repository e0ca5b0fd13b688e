"""Registering a need and seeing its matches with reasons; who sees what; edits and status."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from livslang.audit.models import AuditEntry
from livslang.catalog.models import Mode
from livslang.catalog.testing import make_cohort, make_offering
from livslang.needs.models import Need, NeedStatus
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(geo: None) -> Any:
    return make_organisation(kind=Kind.EMPLOYER, slug="senja-omsorg", name="Senja omsorg")


@pytest.fixture
def manager(employer: Any) -> Any:
    return make_member(employer, role=Role.EDITOR).user


@pytest.fixture
def catalogue(geo: None) -> dict[str, Any]:
    start = timezone.localdate() + timedelta(days=40)
    welfare = make_offering(
        title="Velferdsteknologi i hjemmetjenesten",
        description="Digitalt tilsyn, trygghetsalarmer og medisindispensere i praksis.",
        topics=["velferdsteknologi", "hjemmetjeneste"],
    )
    near = make_cohort(welfare, start_date=start, schedule_kinds=["evening"])
    danish = make_offering(
        title="Velfærdsteknologi i ældreplejen",
        description="Online kursus om velfærdsteknologi i hjemmeplejen.",
        topics=["velfærdsteknologi"],
        language="da",
    )
    online = make_cohort(
        danish,
        mode=Mode.ONLINE,
        country="DK",
        price=Decimal("900"),
        start_date=start,
        schedule_kinds=["evening"],
    )
    welding = make_offering(title="Sveisekurs", description="MIG/MAG.", topics=["sveising"])
    make_cohort(welding, start_date=start)
    return {"welfare": welfare, "near": near, "danish": danish, "online": online}


def need_form(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "owner": "senja-omsorg",
        "title": "Velferdsteknologi for nye ansatte",
        "text": "Åtte nye ansatte i hjemmetjenesten skal bruke digitalt tilsyn og "
        "trygghetsalarmer, men har ikke fått opplæring.",
        "language": "nb",
        "participants": "8",
        "country": "NO",
        "postcode": "9300",
        "earliest_start": today.isoformat(),
        "latest_start": (today + timedelta(days=200)).isoformat(),
        "modes": ["on_site", "online"],
        "schedules": ["evening"],
        "max_travel_km": "60",
        "max_price": "2000",
        "visibility": "private",
    }
    data.update(changes)
    return data


def test_register_and_see_matches_with_reasons(
    client: Client, manager: Any, catalogue: dict[str, Any]
) -> None:
    client.force_login(manager)
    response = client.post("/needs/new/", need_form())
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.organisation is not None and need.organisation.slug == "senja-omsorg"
    assert need.municipality is not None and need.currency == "NOK"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Courses that fit" in body
    assert "Velferdsteknologi i hjemmetjenesten" in body
    # The Danish online course is among the matches, its price converted with the rate named.
    assert "Velfærdsteknologi i ældreplejen" in body
    assert "at the fixed rate of" in body
    assert "Sveisekurs" not in body.split("Less related courses")[0]
    assert AuditEntry.objects.filter(action="need.register").count() == 1


def test_invalid_need_changes_nothing_and_says_why(client: Client, manager: Any) -> None:
    client.force_login(manager)
    today = timezone.localdate()
    response = client.post(
        "/needs/new/",
        need_form(
            postcode="0000",
            modes=[],
            latest_start=(today - timedelta(days=1)).isoformat(),
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please correct the following" in body
    assert "Acceptable modes" in body and "latest start must be on or after" in body
    assert Need.objects.count() == 0


def test_unknown_postcode_is_explained(client: Client, manager: Any) -> None:
    client.force_login(manager)
    response = client.post("/needs/new/", need_form(postcode="9999"))
    assert response.status_code == 200
    assert "No postcode 9999" in response.content.decode()
    assert Need.objects.count() == 0


def test_gap_is_said_plainly(client: Client, manager: Any, catalogue: dict[str, Any]) -> None:
    client.force_login(manager)
    response = client.post(
        "/needs/new/", need_form(modes=["on_site"], max_travel_km="5", schedules=["weekend"])
    )
    page = client.get(response["Location"]).content.decode()
    assert "This is a gap" in page
    assert "Near misses" in page
    assert "not a time you accept" in page


def test_suggestions_follow_the_text(client: Client, manager: Any) -> None:
    client.force_login(manager)
    response = client.post(
        "/needs/_suggest/", {"text": "Vi trenger opplæring i velferdsteknologi og trygghetsalarmer"}
    )
    assert response.status_code == 200
    assert 'name="topics"' in response.content.decode()
    # Without JavaScript, the "Suggest topics" button re-renders the form and saves nothing.
    page = client.post("/needs/new/", {**need_form(), "suggest": "1"})
    assert page.status_code == 200 and Need.objects.count() == 0
    assert 'type="checkbox" name="topics"' in page.content.decode()


def test_private_need_is_hidden_from_others(
    client: Client, manager: Any, catalogue: dict[str, Any]
) -> None:
    client.force_login(manager)
    client.post("/needs/new/", need_form())
    need = Need.objects.get()
    client.logout()
    assert client.get(need.get_absolute_url()).status_code == 404
    stranger = make_member(make_organisation(kind=Kind.EMPLOYER), role=Role.ADMIN).user
    client.force_login(stranger)
    assert client.get(need.get_absolute_url()).status_code == 404
    assert need.title not in client.get("/needs/").content.decode()
    # A centre serving the municipality sees it.
    centre = make_organisation(kind=Kind.CENTRE)
    assert need.municipality is not None
    centre.centre_profile.municipalities_served.add(need.municipality)
    client.force_login(make_member(centre, role=Role.VIEWER).user)
    assert client.get(need.get_absolute_url()).status_code == 200


def test_public_need_is_listed_for_everyone(
    client: Client, manager: Any, catalogue: dict[str, Any]
) -> None:
    client.force_login(manager)
    client.post("/needs/new/", need_form(visibility="public"))
    client.logout()
    listing = client.get("/needs/").content.decode()
    assert "Velferdsteknologi for nye ansatte" in listing
    need = Need.objects.get()
    assert client.get(need.get_absolute_url()).status_code == 200


def test_edit_status_and_history(client: Client, manager: Any, catalogue: dict[str, Any]) -> None:
    client.force_login(manager)
    client.post("/needs/new/", need_form())
    need = Need.objects.get()
    response = client.post(f"/needs/{need.public_id}/edit/", need_form(participants="3"))
    assert response.status_code == 302
    client.post(f"/needs/{need.public_id}/status/", {"status": "met"})
    need.refresh_from_db()
    assert need.participants == 3 and need.status == NeedStatus.MET
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Matches over time" in page
    assert [e.kind for e in need.events.all()] == ["registered", "updated", "status"]
    mine = client.get("/my/needs/").content.decode()
    assert "Velferdsteknologi for nye ansatte" in mine


def test_personal_need_is_exported_and_erased_with_the_account(
    client: Client, catalogue: dict[str, Any]
) -> None:
    from livslang.organisations.testing import make_user
    from livslang.privacy.queries import export_of
    from livslang.privacy.services import request_erasure

    person = make_user("pia@example.org", language="en")
    client.force_login(person)
    client.post("/needs/new/", need_form(owner="__me__"))
    need = Need.objects.get()
    assert need.organisation is None and need.registered_by == person
    assert [n["title"] for n in export_of(person)["competence_needs"]] == [need.title]
    outcome = request_erasure(user=person)
    assert outcome.erased
    assert not Need.objects.filter(pk=need.pk).exists()
