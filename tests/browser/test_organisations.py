"""The organisation pages in a real browser: clean for axe, the HTML checker and the
console, in their richest state (errors shown, controls for administrators)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from livslang.organisations import services
from livslang.organisations.models import CentreProfile, Kind, Role, Status
from livslang.organisations.testing import (
    ensure_municipality,
    make_member,
    make_organisation,
    make_user,
)
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

CANARY = '"><svg onload=alert(1)>'


def sign_in(visit: Visit, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    visit.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": visit.base_url}]
    )


@pytest.fixture
def rich_world(visit: Visit) -> Iterator[dict[str, Any]]:
    for code in ("5526", "5524", "370"):
        ensure_municipality(code)
    centre = make_organisation(
        Kind.CENTRE,
        "5530",
        slug="finnsnes",
        name=f"Studiesenteret Finnsnes {CANARY}",
        description=f"Første avsnitt {CANARY}.\n\nAndre avsnitt.",
        website="https://finnsnes.example.no",
    )
    provider = make_organisation(Kind.PROVIDER, "5501", slug="uit", name="UiT")
    profile = CentreProfile.objects.get(organisation=centre)
    profile.has_study_rooms = True
    profile.other_facilities = "Verksted"
    profile.ownership = "foundation"
    profile.save()
    profile.municipalities_served.set([ensure_municipality("5530"), ensure_municipality("5526")])
    profile.partner_providers.set([provider])
    admin = make_member(centre, Role.ADMIN, "ada@example.org", full_name="Ada Admin").user
    make_member(centre, Role.VIEWER, "vera@example.org")
    requester = make_user("rita@example.org")
    make_organisation(
        Kind.EMPLOYER, "370", slug="waiting", status=Status.PENDING, requested_by=requester
    )
    _invitation, token = services.invite(
        actor=admin, organisation=centre, email="new@example.org", role=Role.EDITOR
    )
    yield {"admin": admin, "token": token, "requester": requester}


def test_public_pages(visit: Visit, rich_world: dict[str, Any]) -> None:
    visit.open("/organisations/")
    visit.open("/organisations/?kind=centre&region=55&q=finnsnes")
    visit.open("/organisations/?kind=castle")  # an error summary
    visit.open("/organisations/finnsnes/")
    assert visit.page.locator("svg[onload]").count() == 0
    # With htmx, choosing a filter replaces the results and keeps the address in step.
    visit.open("/organisations/")
    with visit.page.expect_response(lambda r: "kind=provider" in r.url):
        visit.page.locator("#id_kind").select_option("provider")
    visit.page.wait_for_function("document.querySelectorAll('.organisation-list li').length == 1")
    assert "kind=provider" in visit.page.url
    assert visit.page.locator(".organisation-list").inner_text().startswith("UiT")
    visit.check()


def test_member_pages(visit: Visit, rich_world: dict[str, Any]) -> None:
    sign_in(visit, rich_world["admin"])
    visit.open("/organisations/finnsnes/")
    visit.open("/organisations/finnsnes/edit/")
    visit.open("/organisations/mine/")
    visit.open("/organisations/finnsnes/members/")
    # A refused action re-renders the members page with its error summary.
    visit.page.locator("form[action$='/leave/'] button").click()
    visit.page.wait_for_load_state()
    assert visit.page.locator("#error-summary").count() == 1
    visit.check()
    # Bad input on the edit page.
    visit.open("/organisations/finnsnes/edit/")
    visit.page.locator("#id_website").fill("javascript:alert(1)")
    visit.page.locator("form.stack button[type=submit]").click()
    visit.page.wait_for_load_state()
    assert visit.page.locator("#error-summary").count() == 1
    visit.check()


def test_onboarding_pages(visit: Visit, rich_world: dict[str, Any], platform_admin: Any) -> None:
    sign_in(visit, rich_world["requester"])
    visit.open("/organisations/register/")
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check()
    visit.open("/organisations/waiting/")
    sign_in(visit, platform_admin)
    visit.open("/organisations/requests/")


def test_invitation_pages(visit: Visit, rich_world: dict[str, Any]) -> None:
    sign_in(visit, make_user("new@example.org"))
    visit.open(f"/organisations/invitations/{rich_world['token']}/")
    visit.open("/organisations/invitations/no-such-token/", status=404)
    sign_in(visit, make_user("other@example.org"))
    visit.open(f"/organisations/invitations/{rich_world['token']}/", status=403)
