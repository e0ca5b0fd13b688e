"""Security events (SEC-14): one structured record each, and no secrets or addresses in any."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from livslang.accounts import tokens
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import EMAIL, NEW_PASSWORD, moment
from livslang.logging import JsonFormatter

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
FORMATTER = JsonFormatter()


def field(record: logging.LogRecord, name: str) -> Any:
    """An ``extra`` field of a record (they are set as attributes)."""
    return vars(record).get(name)


def events(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "livslang.security"]


def formatted(caplog) -> list[str]:
    return [FORMATTER.format(r) for r in caplog.records]


@pytest.mark.django_db
def test_every_account_event_is_one_clean_record(
    caplog, django_capture_on_commit_callbacks
) -> None:
    caplog.set_level(logging.INFO)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="192.0.2.10")
    secrets: list[str] = [PASSWORD, NEW_PASSWORD]

    def expect(event: str, *, user: User | None) -> None:
        found = [r for r in events(caplog) if field(r, "event") == event]
        assert len(found) == 1, (event, [field(r, "event") for r in events(caplog)])
        record = found[0]
        assert field(record, "ip") == "192.0.2.10"
        assert re.fullmatch(r"[0-9a-f]{32}", field(record, "request_id"))
        assert field(record, "user") == (str(user.public_id) if user else None)
        data = json.loads(FORMATTER.format(record))
        assert data["event"] == event
        offset = datetime.fromisoformat(data["time"]).utcoffset()
        assert offset is not None and offset.total_seconds() == 0
        caplog.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/account/register/",
            {
                "email": EMAIL,
                "full_name": "Kari",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "language": "en",
                "home_country": "NO",
            },
        )
    kari = User.objects.get(email=EMAIL)
    expect("registration", user=kari)

    token = tokens.make_verification_token(kari)
    secrets.append(token)
    client.post(reverse("accounts:verify", kwargs={"token": token}))
    expect("email_verified", user=kari)

    client.post("/account/login/", {"username": EMAIL, "password": PASSWORD + "x"})
    expect("login_failed", user=None)

    client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})
    secrets.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    expect("login_succeeded", user=kari)

    client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    secrets.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    expect("password_changed", user=kari)

    client.post("/account/email/", {"email": "kari@new.example.no", "password": NEW_PASSWORD})
    expect("email_change_requested", user=kari)
    change = tokens.make_email_change_token(kari, "kari@new.example.no")
    secrets.append(change)
    client.post(reverse("accounts:email_change_confirm", kwargs={"token": change}))
    expect("email_changed", user=kari)
    kari.refresh_from_db()

    client.post("/account/logout/")
    expect("logout", user=kari)

    client.post("/account/password/reset/", {"email": kari.email})
    expect("password_reset_requested", user=None)
    uidb64, reset = tokens.make_password_reset_parts(kari)
    secrets += [uidb64, reset]
    client.post(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": reset}),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    expect("password_reset_completed", user=kari)

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/login/", {"username": kari.email, "password": "guess guess guess"})
    assert [field(r, "event") for r in events(caplog)].count("login_failed") == (
        settings.AXES_FAILURE_LIMIT - 1
    )
    caplog.records[:] = [r for r in caplog.records if getattr(r, "event", "") != "login_failed"]
    expect("login_locked_out", user=None)

    signed_in = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="192.0.2.10")
    kari.refresh_from_db()  # its password was reset above
    signed_in.force_login(kari)
    secrets.append(signed_in.cookies[settings.SESSION_COOKIE_NAME].value)
    signed_in.get("/account/profile/")
    caplog.clear()
    with time_machine.travel(moment(seconds=settings.SESSION_IDLE_TIMEOUT + 120)):
        signed_in.get("/account/profile/")
    expect("session_expired", user=kari)


@pytest.mark.django_db
def test_no_record_holds_a_secret_or_an_address(caplog, kari: User) -> None:
    """Scans every record of every logger (axes' own included) over a busy session."""
    caplog.set_level(logging.INFO)
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post("/account/login/", {"username": EMAIL, "password": "wrong wrong wrong"})
    client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/account/email/", {"email": "x@y.example.no", "password": PASSWORD})
    token = tokens.make_email_change_token(kari, "x@y.example.no")
    client.get(reverse("accounts:email_change_confirm", kwargs={"token": token}))
    client.post(reverse("accounts:email_change_confirm", kwargs={"token": token}))
    uidb64, reset = tokens.make_password_reset_parts(kari)
    client.post(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": reset}),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.post("/account/logout/")
    lines = formatted(caplog)
    assert any('"event": "email_changed"' in line for line in lines)
    for line in lines:
        assert not EMAIL_PATTERN.search(line), line
        for secret in (PASSWORD, NEW_PASSWORD, session_key, token, reset, uidb64):
            assert secret not in line, line
    # The token-bearing routes are logged as their pattern.
    assert any('"path": "/account/email/confirm/<str:token>/"' in line for line in lines)


@pytest.mark.django_db
def test_a_forged_line_break_in_the_username_stays_in_one_line(caplog) -> None:
    caplog.set_level(logging.INFO)
    username = 'kari\r\nFAKE {"event": "login_succeeded"}\n'
    Client().post("/account/login/", {"username": username, "password": "whatever it is"})
    lines = formatted(caplog)
    assert any('"event": "login_failed"' in line for line in lines)
    for line in lines:
        assert "\r" not in line and "\n" not in line
        assert "\nFAKE" not in line
        json.loads(line)
