"""Security headers, cookies and exposure (SEC-02, SEC-13) on the embedded profile over HTTPS."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from livslang.accounts.models import User


def assert_baseline_headers(response) -> None:
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "charset=" in response["Content-Type"]
    assert "Access-Control-Allow-Origin" not in response


@pytest.fixture
def errors_urlconf(settings) -> None:
    settings.ROOT_URLCONF = "tests.urls_errors"


@pytest.mark.django_db
def test_anonymous_page_headers(client: Client) -> None:
    response = client.get("/", secure=True, HTTP_ORIGIN="https://random.example")
    assert_baseline_headers(response)


@pytest.mark.django_db
def test_not_found_headers(client: Client) -> None:
    response = client.get("/nothing-here/", secure=True)
    assert response.status_code == 404
    assert_baseline_headers(response)


@pytest.mark.django_db
def test_forced_500_headers_and_no_leak(errors_urlconf: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/", secure=True)
    assert response.status_code == 500
    assert_baseline_headers(response)
    body = response.content.decode()
    assert "forced error" not in body
    assert "Traceback" not in body
    assert "SECRET_KEY" not in body
    assert response["X-Request-ID"] in body  # the reference a user can quote


@pytest.mark.django_db
def test_500_page_renders_without_the_database(errors_urlconf: None, django_db_blocker) -> None:
    client = Client(raise_request_exception=False)
    with django_db_blocker.block():
        response = client.get("/test-errors/500/", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 500
    assert '<html lang="da"' in response.content.decode()


@pytest.mark.django_db
def test_authenticated_responses_are_never_stored(client: Client, learner: User) -> None:
    client.force_login(learner)
    response = client.get("/", secure=True)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert_baseline_headers(response)


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_same_site(
    client: Client, platform_admin: User, settings
) -> None:
    response = client.post(
        "/admin/login/", {"username": platform_admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_script_in_path_is_not_reflected(client: Client) -> None:
    response = client.get("/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/healthz", "/privacy/"])
def test_trace_is_refused(client: Client, path: str) -> None:
    assert client.generic("TRACE", path).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/.git/HEAD", "/.env", "/static/", "/static/vendor/"])
def test_no_exposure_of_files_or_listings(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_admin_requires_login(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_405_and_429_get_the_translated_page(client: Client, errors_urlconf: None) -> None:
    not_allowed = client.post("/", HTTP_ACCEPT_LANGUAGE="en")
    assert not_allowed.status_code == 405
    assert "Method not allowed" in not_allowed.content.decode()
    assert not_allowed["Allow"]
    throttled = client.get("/test-errors/429/", HTTP_ACCEPT_LANGUAGE="da")
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "60"
    assert '<html lang="da"' in throttled.content.decode()


@pytest.mark.django_db
def test_personal_page_headers(client: Client, learner: User) -> None:
    """SEC-02 on a page with personal data: never stored by a cache, and the baseline."""
    client.force_login(learner)
    response = client.get("/account/profile/", secure=True)
    assert response.status_code == 200
    assert learner.email in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert_baseline_headers(response)


@pytest.mark.django_db
def test_sign_in_sets_a_fresh_http_only_session_cookie(
    client: Client, learner: User, settings
) -> None:
    client.get("/account/login/")
    response = client.post("/account/login/", {"username": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "no-store" in client.get("/", secure=True)["Cache-Control"]
