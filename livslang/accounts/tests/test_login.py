"""Signing in and out: verification, open redirects, session keys, throttling (SEC-07/09/11)."""

from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from conftest import PASSWORD
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import EMAIL, moment

LOGIN = "/account/login/"
LOGOUT = "/account/logout/"
GENERIC = "The e-mail address or the password is not correct."
ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.9"


def sign_in(client: Client, email: str = EMAIL, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


@pytest.mark.django_db
def test_sign_in_rotates_the_session_key_and_stamps_the_start(en: Client, kari: User) -> None:
    en.get(LOGIN)
    en.session["something"] = "anonymous"  # make sure an anonymous session exists
    session = en.session
    session["before"] = 1
    session.save()
    before = en.cookies[settings.SESSION_COOKIE_NAME].value

    response = sign_in(en, email="  Kari.Nordmann@EXAMPLE.no ")
    assert response.status_code == 302
    assert response["Location"] == "/account/profile/"
    after = en.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert isinstance(en.session["auth_started_at"], int)
    # The UI switches to the person's language.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == kari.language


@pytest.mark.django_db
@pytest.mark.parametrize("email", [EMAIL, "nobody@example.no"])
def test_failures_have_one_generic_message(en: Client, kari: User, email: str) -> None:
    response = sign_in(en, email=email, password="wrong password, long enough")
    assert response.status_code == 200
    assert GENERIC in response.content.decode()
    assert "_auth_user_id" not in en.session


@pytest.mark.django_db
def test_unverified_people_cannot_sign_in_and_are_told_how(en: Client, unverified: User) -> None:
    response = sign_in(en, email=unverified.email)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have not confirmed your e-mail address yet" in html
    assert 'href="/account/verify/resend/"' in html
    assert "_auth_user_id" not in en.session


@pytest.mark.django_db
def test_unverified_message_needs_the_right_password(en: Client, unverified: User) -> None:
    html = sign_in(en, email=unverified.email, password="wrong password!!").content.decode()
    assert GENERIC in html
    assert "not confirmed" not in html


@pytest.mark.django_db
def test_inactive_people_cannot_sign_in(en: Client, kari: User) -> None:
    User.objects.filter(pk=kari.pk).update(is_active=False)
    response = sign_in(en)
    assert response.status_code == 200
    assert GENERIC in response.content.decode()
    assert "_auth_user_id" not in en.session


@pytest.mark.django_db
def test_safe_next_is_honoured(en: Client, kari: User) -> None:
    form = en.get(f"{LOGIN}?next=/cookies/").content.decode()
    assert 'name="next" value="/cookies/"' in form
    response = en.post(
        f"{LOGIN}?next=/privacy/", {"username": EMAIL, "password": PASSWORD, "next": "/privacy/"}
    )
    assert response["Location"] == "/privacy/"
    # Already signed in, a safe next is followed at once.
    assert en.get(f"{LOGIN}?next=/cookies/")["Location"] == "/cookies/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example", "/\\evil.example", "http:evil.example"],
)
def test_no_open_redirect_on_login(en: Client, kari: User, target: str) -> None:
    in_query = en.post(f"{LOGIN}?next={target}", {"username": EMAIL, "password": PASSWORD})
    assert in_query.status_code == 302
    assert in_query["Location"] == "/account/profile/"
    en.post(LOGOUT)
    in_form = en.post(LOGIN, {"username": EMAIL, "password": PASSWORD, "next": target})
    assert in_form["Location"] == "/account/profile/"
    # An unsafe target is not even carried along in the form.
    assert f'value="{target}"' not in en.get(f"{LOGIN}?next={target}").content.decode()
    # Already signed in: an unsafe next does not redirect either.
    assert en.get(f"{LOGIN}?next={target}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example"])
def test_no_open_redirect_on_logout(en: Client, kari: User, target: str) -> None:
    en.force_login(kari)
    response = en.post(f"{LOGOUT}?next={target}", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_logout_is_post_only_and_the_old_cookie_is_worthless(en: Client, kari: User) -> None:
    assert sign_in(en).status_code == 302
    old_cookie = en.cookies[settings.SESSION_COOKIE_NAME].value
    assert en.get(LOGOUT).status_code == 405
    assert en.get("/account/profile/").status_code == 200  # still signed in after the GET

    response = en.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"

    replay = Client(HTTP_ACCEPT_LANGUAGE="en")
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    profile = replay.get("/account/profile/")
    assert profile.status_code == 302
    assert profile["Location"].startswith("/account/login/?next=")


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored(en: Client, kari: User) -> None:
    en.force_login(kari)
    response = en.get("/account/profile/")
    assert "no-store" in response["Cache-Control"]


# --- Throttling (SEC-11) ------------------------------------------------------------------


def fail(client: Client, address: str, **extra):
    return sign_in(client, password="not the password at all", REMOTE_ADDR=address, **extra)


@pytest.mark.django_db
def test_lockout_is_per_account_and_address(en: Client, kari: User) -> None:
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = fail(en, ADDRESS_A)
        expected = 429 if attempt == settings.AXES_FAILURE_LIMIT else 200
        assert response.status_code == expected, attempt
    locked = sign_in(en, REMOTE_ADDR=ADDRESS_A)  # even the right password
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME * 3600))
    assert "Too many requests" in locked.content.decode()
    assert "_auth_user_id" not in en.session

    # The same person from another address is not affected (no lockout from everywhere) ...
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert sign_in(elsewhere, REMOTE_ADDR=ADDRESS_B).status_code == 302
    # ... nor is another account from the locked address.
    User.objects.create_user(
        email="other@example.no", password=PASSWORD, email_verified_at=kari.email_verified_at
    )
    neighbour = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert sign_in(neighbour, email="other@example.no", REMOTE_ADDR=ADDRESS_A).status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(en: Client, kari: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(en, ADDRESS_A)
    assert sign_in(en, REMOTE_ADDR=ADDRESS_A).status_code == 429
    # The counters expire with their cache entry (the database cache compares with the clock).
    with time_machine.travel(moment(hours=settings.AXES_COOLOFF_TIME, seconds=5)):
        assert sign_in(en, REMOTE_ADDR=ADDRESS_A).status_code == 302


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_change_the_counter(
    en: Client, kari: User, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        fail(en, ADDRESS_A, HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    response = sign_in(en, REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


@pytest.mark.django_db
def test_a_success_resets_the_count(en: Client, kari: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail(en, ADDRESS_A)
    assert sign_in(en, REMOTE_ADDR=ADDRESS_A).status_code == 302
    en.post(LOGOUT, REMOTE_ADDR=ADDRESS_A)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail(en, ADDRESS_A).status_code == 200


@pytest.mark.django_db
def test_signing_out_when_not_signed_in_leads_to_the_sign_in_page(en: Client) -> None:
    response = en.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN


@pytest.mark.django_db
def test_forms_need_the_csrf_token(kari: User) -> None:
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    assert sign_in(strict).status_code == 403
    page = strict.get(LOGIN)
    token = page.context["csrf_token"]
    response = strict.post(
        LOGIN, {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    assert strict.post(LOGOUT).status_code == 403  # still signed in
    assert strict.get("/account/profile/").status_code == 200
