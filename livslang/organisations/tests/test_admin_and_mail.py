"""Django admin for platform administrators, and e-mail delivered by the task worker."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from livslang.audit.models import AuditEntry
from livslang.organisations import services
from livslang.organisations.models import Invitation, Membership, Role


@pytest.mark.django_db
def test_admin_pages_and_audited_changes(client: Client, world, platform_admin) -> None:
    client.force_login(platform_admin)
    membership = Membership.objects.get(user=world.viewer)
    for path in (
        "/admin/organisations/organisation/",
        f"/admin/organisations/organisation/{world.own.pk}/change/",
        "/admin/organisations/membership/",
        f"/admin/organisations/membership/{membership.pk}/change/",
        "/admin/organisations/invitation/",
    ):
        assert client.get(path).status_code == 200, path
    response = client.post(
        f"/admin/organisations/membership/{membership.pk}/change/",
        {"user": world.viewer.pk, "organisation": world.own.pk, "role": "editor"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR
    entry = AuditEntry.objects.get(action="organisation.admin_change")
    assert entry.actor == platform_admin
    assert entry.changes == {"fields": ["membership.role"]}


@pytest.mark.django_db
def test_admin_is_for_platform_admins_only(client: Client, world) -> None:
    client.force_login(world.admin)
    response = client.get("/admin/organisations/organisation/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# The worker closes and reopens database connections, as in production: real commits.
@pytest.mark.django_db(transaction=True)
def test_invitation_is_delivered_by_the_worker(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite(
            actor=world.admin, organisation=world.own, email="kari@example.no", role=Role.EDITOR
        )
    assert mailoutbox == []
    call_command("db_worker", batch=True, verbosity=0)
    [message] = mailoutbox
    assert message.to == ["kari@example.no"]
    assert "Senja Centre" in message.subject
    link = re.search(r"http://127\.0\.0\.1:8000/organisations/invitations/([\w-]+)/", message.body)
    assert link and link.group(1) == token
    assert "Ada Admin" in message.body
    expected = timezone.now() + timedelta(days=7)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    assert Invitation.objects.get().token_hash != token
