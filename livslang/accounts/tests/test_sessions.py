"""Session lifecycle (SEC-09): password change, deactivation, idle and absolute timeouts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from livslang.accounts import services
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import EMAIL, NEW_PASSWORD
from livslang.audit.models import AuditEntry

PROFILE = "/account/profile/"


def signed_in_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions_only(kari: User) -> None:
    here, elsewhere = signed_in_client(), signed_in_client()
    response = here.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


@pytest.mark.django_db
def test_deactivation_ends_every_session_and_is_audited(kari: User, platform_admin: User) -> None:
    first, second = signed_in_client(), signed_in_client()
    services.deactivate_user(actor=platform_admin, user=kari)
    assert not is_signed_in(first)
    assert not is_signed_in(second)
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.actor == platform_admin
    assert entry.object_id == str(kari.public_id)
    assert entry.changes == {"is_active": {"old": True, "new": False}}


@pytest.mark.django_db
def test_deactivation_in_the_admin_goes_through_the_service(
    kari: User, platform_admin: User
) -> None:
    session = signed_in_client()
    admin = Client()
    admin.force_login(platform_admin)
    url = f"/admin/accounts/user/{kari.pk}/change/"
    page = admin.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert kari.email_verified_at is not None
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "email": kari.email,
            "email_verified_at_0": kari.email_verified_at.strftime("%Y-%m-%d"),
            "email_verified_at_1": kari.email_verified_at.strftime("%H:%M:%S"),
            "date_joined_0": kari.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": kari.date_joined.strftime("%H:%M:%S"),
            "home_municipality": "",
            "is_active": "",  # unticked
            "is_staff": "on",  # and made platform staff at the same time
        }
    )
    data.pop("is_superuser", None)
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kari.refresh_from_db()
    assert not kari.is_active
    assert kari.is_staff
    assert not is_signed_in(session)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"user.deactivate", "user.roles"} <= actions
    roles = AuditEntry.objects.get(action="user.roles")
    assert roles.changes == {"is_staff": {"old": False, "new": True}}


@pytest.mark.django_db
def test_idle_timeout(kari: User, caplog) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in_client()
        # Activity keeps it alive, well past the idle limit in total.
        for _ in range(3):
            clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 120))
            assert is_signed_in(client)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 1))
        caplog.clear()
        response = client.get(PROFILE)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")
    expired = [r for r in caplog.records if getattr(r, "event", "") == "session_expired"]
    assert len(expired) == 1
    assert expired[0].reason == "idle"
    assert expired[0].user == str(kari.public_id)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_absolute_timeout(kari: User, caplog) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in_client()
        steps = settings.SESSION_ABSOLUTE_TIMEOUT // (settings.SESSION_IDLE_TIMEOUT // 2)
        for _ in range(steps):
            clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2))
            assert is_signed_in(client)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2))
        assert not is_signed_in(client)
    reasons = [r.reason for r in caplog.records if getattr(r, "event", "") == "session_expired"]
    assert reasons == ["absolute"]


@pytest.mark.django_db
def test_the_session_is_not_written_on_every_request(kari: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in_client()
        seen = client.session["last_seen_at"]
        clock.shift(timedelta(seconds=30))
        response = client.get(PROFILE)
        assert settings.SESSION_COOKIE_NAME not in response.cookies  # not saved
        assert client.session["last_seen_at"] == seen
        clock.shift(timedelta(seconds=31))
        client.get(PROFILE)
        assert client.session["last_seen_at"] == seen + 61


@pytest.mark.django_db
def test_every_way_of_signing_in_starts_the_clocks(kari: User) -> None:
    client = Client()
    client.force_login(kari)  # like the admin's login page: login() without our view
    assert isinstance(client.session["auth_started_at"], int)


@pytest.mark.django_db
def test_sessions_without_clocks_get_them(kari: User) -> None:
    """Sessions from before the clocks existed start counting at their next request."""
    client = Client()
    client.force_login(kari)
    session = client.session
    del session["auth_started_at"]
    del session["last_seen_at"]
    session.save()
    assert is_signed_in(client)
    assert isinstance(client.session["auth_started_at"], int)


@pytest.mark.django_db
def test_reactivation_is_audited(kari: User, platform_admin: User) -> None:
    services.deactivate_user(actor=platform_admin, user=kari)
    services.reactivate_user(actor=platform_admin, user=kari)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "user.deactivate",
        "user.reactivate",
    ]
    kari.refresh_from_db()
    assert kari.is_active
    assert is_signed_in(signed_in_client())
    assert User.objects.get(pk=kari.pk).is_active
