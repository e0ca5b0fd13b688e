"""The demo world: idempotent, every county and Region Sjælland in the directory, demo users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from livslang.accounts.models import User
from livslang.geo.models import Region
from livslang.organisations import demo, queries
from livslang.organisations.demo_data import SJAELLAND_MUNICIPALITIES
from livslang.organisations.models import (
    CentreProfile,
    Kind,
    Membership,
    Organisation,
    Role,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Reference geography and the demo world, built once for the module inside a transaction
    that is rolled back afterwards (each test nests in it as a savepoint)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_geo", verbosity=0)
        demo.build(today=date(2026, 1, 5), shift=timedelta(0))
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _state() -> tuple:
    return (
        sorted(Organisation.objects.values_list("slug", "name", "status", "updated_at")),
        sorted(Membership.objects.values_list("user__email", "organisation__slug", "role")),
        sorted(
            (
                p.organisation.slug,
                tuple(sorted(p.municipalities_served.values_list("code", flat=True))),
            )
            for p in CentreProfile.objects.select_related("organisation")
        ),
        User.objects.count(),
    )


def test_building_again_changes_nothing(demo_world: None) -> None:
    before = _state()
    contribution = demo.build(today=date(2026, 3, 1), shift=timedelta(days=55))
    assert _state() == before
    assert contribution.summary.startswith("0 organisations created")
    assert "0 memberships created" in contribution.summary


def test_every_norwegian_county_and_region_sjaelland_has_results(
    demo_world: None, client: Client
) -> None:
    counties = list(Region.objects.valid_on().filter(country_id="NO"))
    assert len(counties) == 15
    for region in [*counties, Region.objects.get(country_id="DK", code="1085")]:
        assert queries.directory(region=region.code).exists(), region.name
        response = client.get(f"/organisations/?region={region.code}")
        assert response.context["page"].paginator.count > 0, region.name


def test_the_actors_of_the_seed_material(demo_world: None) -> None:
    approved = Organisation.objects.approved()
    assert approved.count() == Organisation.objects.count()
    assert not approved.filter(is_demo=False).exists()
    for slug in (
        "norske-utdanningssentre",
        "kompetanseforbundet",
        "region-sjaelland",
        "kkr-sjaelland",
    ):
        assert approved.filter(slug=slug).exists(), slug
    municipalities = approved.filter(kind=Kind.MUNICIPALITY, country="DK")
    assert sorted(municipalities.values_list("home_municipality__code", flat=True)) == sorted(
        SJAELLAND_MUNICIPALITIES
    )
    assert not municipalities.exclude(home_municipality__region__code="1085").exists()
    assert approved.get(slug="region-sjaelland").home_municipality.name == "Sorø"
    centres = approved.filter(kind=Kind.CENTRE, country="NO")
    assert centres.count() >= 12
    assert centres.filter(home_municipality__code="5607").exists()  # Vadsø
    assert centres.filter(home_municipality__code="4207").exists()  # Lister
    for centre in approved.filter(kind=Kind.CENTRE):
        profile = centre.centre_profile
        served = set(profile.municipalities_served.values_list("code", flat=True))
        assert centre.home_municipality.code in served, centre.slug
        assert len(served) > 1, centre.slug
        assert profile.partner_providers.exists(), centre.slug
        assert profile.facilities, centre.slug
        assert centre.description and centre.description_language in {"nb", "nn", "da"}
    languages = set(
        approved.filter(kind=Kind.CENTRE).values_list("description_language", flat=True)
    )
    assert languages == {"nb", "nn", "da"}
    assert approved.filter(kind=Kind.PROVIDER, country="NO").count() >= 13
    assert approved.filter(kind=Kind.CENTRE, country="DK").exists()
    assert approved.filter(kind=Kind.EMPLOYER).values("home_municipality").distinct().count() >= 5


def test_demo_users_and_their_roles(demo_world: None) -> None:
    def role(email: str, slug: str) -> str | None:
        membership = Membership.objects.filter(user__email=email, organisation__slug=slug).first()
        return membership.role if membership else None

    assert role("org_admin@demo.livslang.test", demo.CENTRE_SLUG) == Role.ADMIN
    assert role("org_editor@demo.livslang.test", demo.CENTRE_SLUG) == Role.EDITOR
    assert role("org_viewer@demo.livslang.test", demo.CENTRE_SLUG) == Role.VIEWER
    assert role("employer@demo.livslang.test", demo.EMPLOYER_SLUG) == Role.ADMIN
    learner = User.objects.get(email="learner@demo.livslang.test")
    assert learner.is_demo and not learner.is_staff
    assert not Membership.objects.filter(user=learner).exists()
    assert Organisation.objects.get(slug=demo.EMPLOYER_SLUG).home_municipality.name == "Senja"
    logins = demo.build(today=date(2026, 1, 5), shift=timedelta(0)).logins
    assert [login.role for login in logins] == [
        "org_admin",
        "org_editor",
        "org_viewer",
        "org_admin (employer)",
        "learner",
    ]
    assert all(login.email.endswith("@demo.livslang.test") for login in logins)


def test_demo_pages_render(demo_world: None, client: Client) -> None:
    for path in (
        "/organisations/",
        "/organisations/studiesenteret-finnsnes/",
        "/organisations/sunnfjord-studiesenter/",
        "/organisations/vuc-storstrom/",
        "/organisations/uit/",
    ):
        assert client.get(path).status_code == 200, path
    client.force_login(User.objects.get(email="org_editor@demo.livslang.test"))
    assert client.get("/organisations/studiesenteret-finnsnes/edit/").status_code == 200
    assert Organisation.objects.filter(status=Status.APPROVED).count() > 50
