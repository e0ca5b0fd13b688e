"""Editing an organisation's profile and a centre's profile."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from livslang.audit.models import AuditEntry
from livslang.organisations.models import CentreProfile, Kind, Organisation
from livslang.organisations.testing import ensure_municipality, make_organisation

pytestmark = pytest.mark.django_db


def edit_data(organisation: Organisation, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": organisation.name,
        "home_municipality": organisation.home_municipality.code,
        "website": organisation.website,
        "description": organisation.description,
        "description_language": organisation.description_language,
        "ownership": "",
        "organisation_form": "",
        "other_facilities": "",
    }
    data.update(overrides)
    return data


def snapshot(organisation: Organisation) -> tuple:
    organisation.refresh_from_db()
    profile = CentreProfile.objects.get(organisation=organisation)
    return (
        organisation.name,
        organisation.website,
        organisation.description,
        profile.has_study_rooms,
        sorted(profile.municipalities_served.values_list("code", flat=True)),
        AuditEntry.objects.count(),
    )


def test_editor_edits_the_profile_and_the_change_is_audited(client: Client, world) -> None:
    ensure_municipality("5526")
    provider = make_organisation(Kind.PROVIDER, "5501", slug="uit", name="UiT")
    client.force_login(world.editor)
    page = client.get("/organisations/senja-centre/edit/")
    assert page.status_code == 200
    assert "Municipalities served" in page.content.decode()
    response = client.post(
        "/organisations/senja-centre/edit/",
        edit_data(
            world.own,
            name="Senja Learning Centre",
            website="https://senja.example.no",
            ownership="foundation",
            municipalities_served=["5530", "5526"],
            has_study_rooms="on",
            has_exam_facilities="on",
            partner_providers=["uit"],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisations/senja-centre/"
    world.own.refresh_from_db()
    assert world.own.name == "Senja Learning Centre"
    assert world.own.slug == "senja-centre"  # the address stays
    profile = CentreProfile.objects.get(organisation=world.own)
    assert profile.ownership == "foundation"
    assert profile.has_study_rooms and profile.has_exam_facilities and not profile.has_video_rooms
    assert sorted(profile.municipalities_served.values_list("code", flat=True)) == ["5526", "5530"]
    assert list(profile.partner_providers.all()) == [provider]

    update = AuditEntry.objects.get(action="organisation.update")
    assert update.actor == world.editor
    assert update.changes == {
        "name": {"old": "Senja Centre", "new": "Senja Learning Centre"},
        "website": {"old": "", "new": "https://senja.example.no"},
    }
    centre = AuditEntry.objects.get(action="organisation.centre_profile_update")
    assert centre.changes["ownership"] == {"old": "", "new": "foundation"}
    assert centre.changes["municipalities_served"] == {
        "old": [],
        "new": ["5526 Sørreisa", "5530 Senja"],
    }
    assert centre.changes["partner_providers"] == {"old": [], "new": ["uit"]}
    body = client.get("/organisations/senja-centre/").content.decode()
    assert "Senja Learning Centre" in body and "<li>Sørreisa</li>" in body


def test_saving_without_changes_writes_no_audit_entry(client: Client, world) -> None:
    client.force_login(world.admin)
    response = client.post("/organisations/senja-centre/edit/", edit_data(world.own))
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_viewer_gets_403_and_nothing_changes(client: Client, world) -> None:
    before = snapshot(world.own)
    client.force_login(world.viewer)
    assert client.get("/organisations/senja-centre/edit/").status_code == 403
    response = client.post(
        "/organisations/senja-centre/edit/", edit_data(world.own, name="Taken over")
    )
    assert response.status_code == 403
    assert snapshot(world.own) == before


def test_another_organisations_admin_gets_404_and_it_is_logged(
    client: Client, world, caplog
) -> None:
    before = snapshot(world.own)
    client.force_login(world.other_admin)
    with caplog.at_level(logging.WARNING, logger="livslang.security"):
        assert client.get("/organisations/senja-centre/edit/").status_code == 404
        response = client.post(
            "/organisations/senja-centre/edit/", edit_data(world.own, name="Taken over")
        )
    assert response.status_code == 404
    assert snapshot(world.own) == before
    events = [r for r in caplog.records if getattr(r, "event", "") == "foreign_object_access"]
    assert len(events) == 2
    assert "otto.other@example.org" not in caplog.text  # no e-mail addresses in the log


def test_platform_admin_is_no_member(client: Client, world, platform_admin) -> None:
    client.force_login(platform_admin)
    assert client.get("/organisations/senja-centre/edit/").status_code == 404
    assert client.get("/organisations/senja-centre/members/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "javascript:alert(1)"}, "Enter a web address that starts with https://"),
        ({"name": "   "}, "This field is required."),
        ({"home_municipality": "370"}, "Select a valid choice."),  # a Danish municipality
        ({"municipalities_served": ["370"]}, "Select a valid choice."),
        ({"partner_providers": ["tromso-fish"]}, "Select a valid choice."),  # not a provider
        ({"ownership": "empire"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_and_changes_nothing(
    client: Client, world, overrides: dict[str, object], message: str
) -> None:
    ensure_municipality("370")
    before = snapshot(world.own)
    client.force_login(world.editor)
    response = client.post(
        "/organisations/senja-centre/edit/",
        edit_data(world.own, name="Changed", **overrides)
        if "name" not in overrides
        else edit_data(world.own, **overrides),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert message in body
    assert snapshot(world.own) == before


def test_an_employer_has_no_centre_fields(client: Client, world) -> None:
    client.force_login(world.other_admin)
    body = client.get("/organisations/tromso-fish/edit/").content.decode()
    assert "Municipalities served" not in body
    response = client.post(
        "/organisations/tromso-fish/edit/",
        edit_data(world.other, description="Fresh fish\n\nevery day", description_language="en"),
    )
    assert response.status_code == 302
    world.other.refresh_from_db()
    assert world.other.description == "Fresh fish\n\nevery day"
    page = client.get("/organisations/tromso-fish/").content.decode()
    assert '<div class="prose" lang="en"><p>Fresh fish</p>' in page
