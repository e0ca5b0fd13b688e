"""Organisation pages: visibility, what centres show, escaping, methods."""

from __future__ import annotations

import pytest
from django.test import Client

from livslang.organisations.models import CentreProfile, Kind, Status
from livslang.organisations.testing import ensure_municipality, make_organisation, make_user

pytestmark = pytest.mark.django_db

CANARY = '"><svg onload=alert(1)>'
ESCAPED = "&quot;&gt;&lt;svg onload=alert(1)&gt;"


def test_approved_organisation_is_public(client: Client, world) -> None:
    response = client.get("/organisations/senja-centre/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Senja Centre" in body
    assert "Members and invitations" not in body  # only members see the manage links


def test_members_see_their_links(client: Client, world) -> None:
    client.force_login(world.viewer)
    body = client.get("/organisations/senja-centre/").content.decode()
    assert "/organisations/senja-centre/members/" in body
    assert "/organisations/senja-centre/edit/" not in body
    client.force_login(world.editor)
    body = client.get("/organisations/senja-centre/").content.decode()
    assert "/organisations/senja-centre/edit/" in body


def test_unknown_organisation_is_404(client: Client) -> None:
    assert client.get("/organisations/no-such-thing/").status_code == 404


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED])
def test_unapproved_organisation_only_for_requester_and_platform_admin(
    client: Client, platform_admin, learner, status: str
) -> None:
    requester = make_user("rita.requester@example.org")
    make_organisation(Kind.PROVIDER, slug="hidden", status=status, requested_by=requester)
    assert client.get("/organisations/hidden/").status_code == 404
    client.force_login(learner)
    assert client.get("/organisations/hidden/").status_code == 404
    client.force_login(requester)
    assert client.get("/organisations/hidden/").status_code == 200
    client.force_login(platform_admin)
    assert client.get("/organisations/hidden/").status_code == 200


def test_centre_page_shows_areas_facilities_and_partners(client: Client) -> None:
    centre = make_organisation(
        Kind.CENTRE,
        "5530",
        slug="finnsnes",
        name="Studiesenteret Finnsnes",
        description="Første avsnitt.\n\nAndre avsnitt.",
        description_language="nn",
    )
    partner = make_organisation(Kind.PROVIDER, "5501", slug="uit", name="UiT")
    profile = CentreProfile.objects.get(organisation=centre)
    profile.has_study_rooms = True
    profile.has_video_rooms = True
    profile.save()
    profile.municipalities_served.set([ensure_municipality("5530"), ensure_municipality("5526")])
    profile.partner_providers.set([partner])
    body = client.get("/organisations/finnsnes/").content.decode()
    assert "<li>Senja</li>" in body and "<li>Sørreisa</li>" in body
    assert "Troms" in body
    assert "Study rooms" in body and "Video conference rooms" in body
    assert "Exam facilities" not in body
    assert 'href="/organisations/uit/"' in body
    assert (
        '<div class="prose" lang="nn"><p>Første avsnitt.</p>\n\n<p>Andre avsnitt.</p></div>' in body
    )


def test_xss_canary_is_escaped_in_directory_and_page(client: Client) -> None:
    make_organisation(
        Kind.CENTRE,
        "5530",
        slug="canary",
        name=f"Canary {CANARY}",
        description=f"About {CANARY}",
        website="https://example.org/?q=<svg>",
    )
    profile = CentreProfile.objects.get(organisation__slug="canary")
    profile.organisation_form = CANARY
    profile.other_facilities = CANARY
    profile.save()
    for path in ("/organisations/", "/organisations/?q=canary", "/organisations/canary/"):
        body = client.get(path).content.decode()
        assert CANARY not in body, path
        assert "<svg" not in body, path
        assert ESCAPED in body, path


def test_a_website_that_is_not_http_is_never_a_link(client: Client) -> None:
    organisation = make_organisation(Kind.EMPLOYER, "5530", slug="sneaky")
    # Stored behind validation's back (e.g. by an old import): still not rendered as a link.
    type(organisation).objects.filter(pk=organisation.pk).update(website="javascript:alert(1)")
    body = client.get("/organisations/sneaky/").content.decode()
    assert "javascript:" not in body


def test_mine_lists_memberships_and_requests(client: Client, world) -> None:
    make_organisation(
        Kind.PROVIDER, slug="asked-for", status=Status.PENDING, requested_by=world.viewer
    )
    client.force_login(world.viewer)
    response = client.get("/organisations/mine/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Senja Centre" in body and "viewer" in body
    assert "/organisations/asked-for/" in body
    assert "Tromsø Fish AS" not in body


def test_member_pages_need_sign_in(client: Client, world) -> None:
    for path in (
        "/organisations/mine/",
        "/organisations/register/",
        "/organisations/senja-centre/edit/",
        "/organisations/senja-centre/members/",
        "/organisations/invitations/some-token/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/login/"), path


ACTIONS = [
    "/organisations/requests/senja-centre/decide/",
    "/organisations/senja-centre/members/invite/",
    "/organisations/senja-centre/members/00000000-0000-0000-0000-000000000000/role/",
    "/organisations/senja-centre/members/00000000-0000-0000-0000-000000000000/remove/",
    "/organisations/senja-centre/invitations/00000000-0000-0000-0000-000000000000/revoke/",
    "/organisations/senja-centre/leave/",
]


@pytest.mark.parametrize("path", ACTIONS)
def test_get_on_an_action_is_405(client: Client, world, path: str) -> None:
    assert client.get(path).status_code == 405
    client.force_login(world.admin)
    assert client.get(path).status_code == 405


@pytest.mark.parametrize(
    "path", ["/organisations/", "/organisations/senja-centre/", "/organisations/mine/"]
)
def test_read_only_pages_refuse_post(client: Client, world, path: str) -> None:
    client.force_login(world.admin)
    assert client.post(path).status_code == 405


def test_sitemap_lists_approved_organisations(client: Client, world) -> None:
    make_organisation(Kind.PROVIDER, slug="not-yet", status=Status.PENDING)
    body = client.get("/sitemap-organisations.xml").content.decode()
    assert "/organisations/senja-centre/" in body
    assert "/organisations/</loc>" in body
    assert "not-yet" not in body
