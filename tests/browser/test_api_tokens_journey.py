"""An organisation administrator makes an API token, sees it once, uses it, revokes it; the
tokens page is clean for axe, the HTML checker and the console in every state."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser


def sign_in(visit: Visit, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    visit.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": visit.base_url}]
    )


def _token_info(visit: Visit, token: str) -> int:
    request = urllib.request.Request(
        f"{visit.base_url}/api/v1/token", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_make_use_and_revoke_a_token(visit: Visit) -> None:
    centre = make_organisation(Kind.CENTRE, "5530", slug="finnsnes", name="Studiesenteret")
    admin = make_member(centre, Role.ADMIN, "ada@example.org", full_name="Ada Admin").user
    visit.use_language("en")
    sign_in(visit, admin)
    visit.open("/organisations/finnsnes/members/")
    visit.page.get_by_role("link", name="API tokens").click()
    visit.page.wait_for_load_state()
    visit.check()
    visit.page.get_by_role("button", name="Create token").click()  # no name: the summary
    visit.page.wait_for_load_state()
    assert visit.page.locator("#error-summary").is_visible()
    visit.check()
    visit.page.get_by_label("Name").fill("Student system")
    visit.page.get_by_label("read and write").check()
    visit.page.get_by_role("button", name="Create token").click()
    visit.page.wait_for_load_state()
    visit.check()
    token = visit.page.locator("#new-token").inner_text()
    assert token.startswith("lvs_")
    assert _token_info(visit, token) == 200
    visit.open("/organisations/finnsnes/api-tokens/")
    assert token not in visit.page.content()  # shown once only
    visit.page.get_by_role("button", name="Revoke Student system").click()
    visit.page.wait_for_load_state()
    visit.check()
    assert _token_info(visit, token) == 401


def test_api_docs_run_under_the_sites_csp_from_our_own_origin(visit: Visit) -> None:
    """Swagger UI (vendored) draws the OpenAPI document with no console error, so no CSP
    violation, and requests nothing from another host. Its markup is the library's own, so
    axe and the HTML checker are not asked about it."""
    visit.open("/api/v1/docs", check=False)
    visit.page.wait_for_selector(".swagger-ui .information-container", timeout=30_000)
    visit.page.wait_for_selector('[data-path="/api/v1/offerings"]', timeout=30_000)
    assert visit.watch.console_errors == []
    assert visit.watch.foreign_requests == []
