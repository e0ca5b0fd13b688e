"""Services and queries below the pages: validation, slugs, the admin invariant, references."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from livslang.audit.models import AuditEntry
from livslang.geo.services import apply_changes
from livslang.organisations import queries, services
from livslang.organisations.models import CentreProfile, Kind, Membership, Organisation, Role
from livslang.organisations.testing import (
    ensure_municipality,
    make_member,
    make_organisation,
    make_user,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://example.org", "x"],
)
def test_only_http_websites(website: str) -> None:
    requester = make_user()
    with pytest.raises(ValidationError) as caught:
        services.request_organisation(
            requested_by=requester,
            name="Sneaky",
            kind=Kind.OTHER,
            country="NO",
            home_municipality=ensure_municipality("5530"),
            website=website,
        )
    assert "website" in caught.value.message_dict
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_home_municipality_must_be_in_the_country() -> None:
    with pytest.raises(ValidationError) as caught:
        services.request_organisation(
            requested_by=make_user(),
            name="Confused",
            kind=Kind.OTHER,
            country="DK",
            home_municipality=ensure_municipality("5530"),
        )
    assert "home_municipality" in caught.value.message_dict


@pytest.mark.django_db
def test_slugs_are_ascii_unique_and_never_a_fixed_path() -> None:
    assert services.unique_slug("Sorø Kommune") == "soro-kommune"
    assert services.unique_slug("Næstved Maskinfabrik A/S") == "naestved-maskinfabrik-as"
    assert services.unique_slug("Mine") == "mine-2"
    assert services.unique_slug("Requests") == "requests-2"
    assert services.unique_slug("!!!") == "organisation"
    make_organisation(Kind.OTHER, slug="tromso")
    assert services.unique_slug("Tromsø") == "tromso-2"


@pytest.mark.django_db
def test_role_queries(world) -> None:
    assert queries.role_in(world.editor, world.own) == Role.EDITOR
    assert queries.role_in(world.editor, world.other) is None
    assert list(queries.organisations_where(world.viewer, at_least=Role.VIEWER)) == [world.own]
    assert list(queries.organisations_where(world.viewer)) == []
    assert list(queries.organisations_where(world.editor)) == [world.own]
    assert list(queries.organisations_where(world.admin, at_least=Role.ADMIN)) == [world.own]
    assert [m.organisation for m in queries.memberships_of(world.other_admin)] == [world.other]


@pytest.mark.django_db
def test_services_check_the_role_themselves(world) -> None:
    viewer = Membership.objects.get(user=world.viewer)
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=world.viewer, organisation=world.own, name="X")
    with pytest.raises(PermissionDenied):
        services.change_role(actor=world.editor, membership=viewer, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.invite(
            actor=world.other_admin, organisation=world.own, email="a@b.no", role="admin"
        )
    with pytest.raises(TypeError):
        services.update_organisation(actor=world.admin, organisation=world.own, status="approved")


@pytest.mark.django_db
def test_the_last_admin_is_kept_by_every_service(world) -> None:
    admin = Membership.objects.get(user=world.admin)
    with pytest.raises(ValidationError) as caught:
        services.change_role(actor=world.admin, membership=admin, role=Role.EDITOR)
    assert caught.value.code == "last_admin"
    with pytest.raises(ValidationError):
        services.remove_member(actor=world.admin, membership=admin)
    with pytest.raises(ValidationError):
        services.leave(user=world.admin, organisation=world.own)
    assert Membership.objects.filter(organisation=world.own, role=Role.ADMIN).count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_membership_changes_lock_the_organisation_row(world) -> None:
    from django.test.utils import CaptureQueriesContext

    second = make_member(world.own, Role.ADMIN)
    with CaptureQueriesContext(connection) as captured:
        services.leave(user=second.user, organisation=world.own)
    first_sql = next(q["sql"] for q in captured if "organisations_organisation" in q["sql"])
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in first_sql
    else:  # SQLite: the IMMEDIATE transaction holds the database's write lock from BEGIN
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_two_admins_stepping_down_at_once_leave_one_admin() -> None:
    organisation = make_organisation(Kind.CENTRE, slug="race")
    first = make_member(organisation, Role.ADMIN).user
    second = make_member(organisation, Role.ADMIN).user
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def step_down(user) -> None:
        try:
            barrier.wait()
            services.leave(user=user, organisation=organisation)
            outcomes.append("left")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=step_down, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["last_admin", "left"]
    assert Membership.objects.filter(organisation=organisation, role=Role.ADMIN).count() == 1


@pytest.mark.django_db
def test_a_municipal_merger_moves_home_and_areas(world) -> None:
    sorreisa = ensure_municipality("5526")
    profile = CentreProfile.objects.get(organisation=world.own)
    profile.municipalities_served.set([ensure_municipality("5530"), sorreisa])
    apply_changes(
        text=(
            "effective_date,event,country,level,from_code,to_code,to_name,to_region_code\n"
            "2030-01-01,merge,NO,municipality,5530,5599,Midt-Senja,\n"
            "2030-01-01,merge,NO,municipality,5526,5599,Midt-Senja,\n"
        )
    )
    world.own.refresh_from_db()
    assert world.own.home_municipality.code == "5599"
    assert list(profile.municipalities_served.values_list("code", flat=True)) == ["5599"]
    entries = AuditEntry.objects.filter(action="organisation.repoint")
    assert entries.count() == 3  # the home municipality, and each of the two areas
    assert entries.filter(actor_label="load_geo").count() == 3
    assert date(2030, 1, 1) == world.own.home_municipality.valid_from


@pytest.mark.django_db
def test_demo_without_reference_geography_makes_only_the_users() -> None:
    from livslang.organisations import demo

    contribution = demo.build(today=date(2026, 1, 5), shift=timedelta(0))
    assert contribution.summary.startswith("organisations skipped")
    assert not Organisation.objects.exists()
    assert len(contribution.logins) == 5
