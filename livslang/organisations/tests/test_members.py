"""Members and invitations: inviting, accepting, roles, handing over, removing, leaving."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from livslang.audit.models import AuditEntry
from livslang.organisations.models import Invitation, Membership, Role
from livslang.organisations.testing import make_member, make_user

pytestmark = pytest.mark.django_db

MEMBERS = "/organisations/senja-centre/members/"


def invite(client: Client, capture, email: str, role: str = "editor") -> str:
    """Invite ``email`` through the page; returns the token from the queued e-mail."""
    with capture(execute=True):
        response = client.post(f"{MEMBERS}invite/", {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()
    task = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert task is not None
    body = task.args_kwargs["kwargs"]["body"]
    match = re.search(r"/organisations/invitations/([\w-]+)/", body)
    assert match
    return match.group(1)


@pytest.fixture
def admin_client(client: Client, world, django_capture_on_commit_callbacks) -> Client:
    client.force_login(world.admin)
    return client


def test_members_page_for_viewer_has_no_controls(client: Client, world) -> None:
    client.force_login(world.viewer)
    response = client.get(MEMBERS)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada Admin" in body
    assert "Invite a colleague" not in body
    assert "/role/" not in body
    assert "ada.admin@example.org" not in body  # addresses are for administrators
    assert "/organisations/senja-centre/leave/" in body


def test_members_page_for_admin_has_controls(admin_client: Client, world) -> None:
    body = admin_client.get(MEMBERS).content.decode()
    assert "Invite a colleague" in body
    assert body.count("/role/") == 3
    assert "ada.admin@example.org" in body


def test_non_members_get_404(client: Client, world, learner) -> None:
    for user in (learner, world.other_admin):
        client.force_login(user)
        assert client.get(MEMBERS).status_code == 404


def test_invite_and_accept(admin_client: Client, world, django_capture_on_commit_callbacks) -> None:
    token = invite(
        admin_client, django_capture_on_commit_callbacks, "New.Person@Example.org", "editor"
    )
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org"
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert token not in str(AuditEntry.objects.values_list("changes", flat=True))
    assert "new.person@example.org" in admin_client.get(MEMBERS).content.decode()

    newcomer = make_user("new.person@example.org")
    client = Client(headers={"accept-language": "en"})
    client.force_login(newcomer)
    page = client.get(f"/organisations/invitations/{token}/")
    assert page.status_code == 200
    assert "You are invited to join Senja Centre" in page.content.decode()
    response = client.post(f"/organisations/invitations/{token}/", {"accept": "1"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.role == Role.EDITOR
    assert membership.organisation == world.own
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None
    assert AuditEntry.objects.filter(action="organisation.invitation_accept").exists()
    assert client.get("/organisations/senja-centre/edit/").status_code == 200

    # Single use: the same link no longer works, for anyone.
    again = client.post(f"/organisations/invitations/{token}/", {"accept": "1"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_the_wrong_person_cannot_accept(
    admin_client: Client, world, learner, django_capture_on_commit_callbacks
) -> None:
    token = invite(admin_client, django_capture_on_commit_callbacks, "someone.else@example.org")
    client = Client(headers={"accept-language": "en"})
    client.force_login(learner)
    page = client.get(f"/organisations/invitations/{token}/")
    assert page.status_code == 403
    assert "sent to another e-mail address" in page.content.decode()
    assert "someone.else@example.org" not in page.content.decode()
    response = client.post(f"/organisations/invitations/{token}/", {"accept": "1"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=learner).exists()
    assert Invitation.objects.get().accepted_at is None


def test_address_compare_ignores_case(
    admin_client: Client, world, django_capture_on_commit_callbacks
) -> None:
    token = invite(admin_client, django_capture_on_commit_callbacks, "Case.Person@example.org")
    person = make_user("case.person@EXAMPLE.org")
    client = Client()
    client.force_login(person)
    assert client.post(f"/organisations/invitations/{token}/", {"accept": "1"}).status_code == 302
    assert Membership.objects.filter(user=person).exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "declined"])
def test_expired_revoked_or_declined_links_are_refused(
    admin_client: Client, world, django_capture_on_commit_callbacks, state: str
) -> None:
    token = invite(admin_client, django_capture_on_commit_callbacks, "late@example.org")
    invitation = Invitation.objects.get()
    late = make_user("late@example.org")
    client = Client(headers={"accept-language": "en"})
    client.force_login(late)
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        message = "has expired"
    elif state == "revoked":
        response = admin_client.post(
            f"/organisations/senja-centre/invitations/{invitation.public_id}/revoke/"
        )
        assert response.status_code == 302
        message = "withdrawn"
    else:
        assert (
            client.post(f"/organisations/invitations/{token}/", {"decline": "1"}).status_code == 302
        )
        message = "already been used"
    response = client.post(f"/organisations/invitations/{token}/", {"accept": "1"})
    assert response.status_code == 410
    assert message in response.content.decode()
    assert not Membership.objects.filter(user=late).exists()


def test_unknown_token_is_404(client: Client, learner) -> None:
    client.force_login(learner)
    assert client.get("/organisations/invitations/not-a-real-token/").status_code == 404
    assert client.post("/organisations/invitations/not-a-real-token/").status_code == 404


def test_invite_refuses_members_and_duplicates(
    admin_client: Client, world, django_capture_on_commit_callbacks
) -> None:
    response = admin_client.post(
        f"{MEMBERS}invite/", {"email": "ELI.editor@example.org", "role": "viewer"}
    )
    assert response.status_code == 200
    assert "is already a member" in response.content.decode()
    invite(admin_client, django_capture_on_commit_callbacks, "twice@example.org")
    response = admin_client.post(
        f"{MEMBERS}invite/", {"email": "twice@example.org", "role": "viewer"}
    )
    assert response.status_code == 200
    assert "already has an invitation" in response.content.decode()
    response = admin_client.post(f"{MEMBERS}invite/", {"email": "not an address", "role": "viewer"})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert Invitation.objects.count() == 1


def test_only_admins_invite(client: Client, world) -> None:
    client.force_login(world.editor)
    response = client.post(f"{MEMBERS}invite/", {"email": "x@example.org", "role": "admin"})
    assert response.status_code == 403
    client.force_login(world.other_admin)
    response = client.post(f"{MEMBERS}invite/", {"email": "x@example.org", "role": "admin"})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_hand_over_the_admin_role_then_step_down(admin_client: Client, world) -> None:
    editor = Membership.objects.get(user=world.editor)
    admin = Membership.objects.get(user=world.admin)
    # Stepping down first is refused: there would be no administrator.
    response = admin_client.post(f"{MEMBERS}{admin.public_id}/role/", {"role": "editor"})
    assert response.status_code == 200
    assert "must always have an administrator" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN

    response = admin_client.post(f"{MEMBERS}{editor.public_id}/role/", {"role": "admin"})
    assert response.status_code == 302
    response = admin_client.post(f"{MEMBERS}{admin.public_id}/role/", {"role": "viewer"})
    assert response.status_code == 302
    editor.refresh_from_db()
    admin.refresh_from_db()
    assert (editor.role, admin.role) == (Role.ADMIN, Role.VIEWER)
    changes = [
        e.changes["role"] for e in AuditEntry.objects.filter(action="organisation.role_change")
    ]
    assert {"old": "editor", "new": "admin"} in changes
    assert {"old": "admin", "new": "viewer"} in changes
    # The former admin is now a viewer, without the controls.
    assert (
        admin_client.post(
            f"{MEMBERS}invite/", {"email": "a@example.org", "role": "viewer"}
        ).status_code
        == 403
    )


def test_the_last_admin_cannot_leave_or_be_removed(admin_client: Client, world) -> None:
    admin = Membership.objects.get(user=world.admin)
    response = admin_client.post("/organisations/senja-centre/leave/")
    assert response.status_code == 200
    assert "only administrator" in response.content.decode()
    response = admin_client.post(f"{MEMBERS}{admin.public_id}/remove/")
    assert response.status_code == 200
    assert "must always have an administrator" in response.content.decode()
    assert Membership.objects.filter(pk=admin.pk, role=Role.ADMIN).exists()


def test_members_leave_and_admins_remove(client: Client, world) -> None:
    client.force_login(world.viewer)
    response = client.post("/organisations/senja-centre/leave/")
    assert response.status_code == 302
    assert response["Location"] == "/organisations/mine/"
    assert not Membership.objects.filter(user=world.viewer).exists()
    assert AuditEntry.objects.filter(action="organisation.member_leave").exists()

    editor = Membership.objects.get(user=world.editor)
    client.force_login(world.admin)
    response = client.post(f"{MEMBERS}{editor.public_id}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=editor.pk).exists()


def test_member_ids_of_another_organisation_are_404(client: Client, world) -> None:
    other_admin = Membership.objects.get(user=world.other_admin)
    client.force_login(world.admin)
    response = client.post(f"{MEMBERS}{other_admin.public_id}/remove/")
    assert response.status_code == 404
    response = client.post(f"{MEMBERS}{other_admin.public_id}/role/", {"role": "viewer"})
    assert response.status_code == 404
    other_admin.refresh_from_db()
    assert other_admin.role == Role.ADMIN


def test_invitation_ids_of_another_organisation_are_404(
    client: Client, world, django_capture_on_commit_callbacks
) -> None:
    client.force_login(world.other_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/organisations/tromso-fish/members/invite/",
            {"email": "f@example.org", "role": "viewer"},
        )
    invitation = Invitation.objects.get()
    client.force_login(world.admin)
    response = client.post(
        f"/organisations/senja-centre/invitations/{invitation.public_id}/revoke/"
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_editors_cannot_manage_members(client: Client, world) -> None:
    viewer = Membership.objects.get(user=world.viewer)
    client.force_login(world.editor)
    response = client.post(f"{MEMBERS}{viewer.public_id}/role/", {"role": "admin"})
    assert response.status_code == 403
    assert client.post(f"{MEMBERS}{viewer.public_id}/remove/").status_code == 403
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER


def test_a_non_member_cannot_leave(client: Client, world, learner) -> None:
    client.force_login(learner)
    assert client.post("/organisations/senja-centre/leave/").status_code == 404


def test_second_admin_may_leave(client: Client, world) -> None:
    make_member(world.own, Role.ADMIN, "second.admin@example.org")
    client.force_login(world.admin)
    assert client.post("/organisations/senja-centre/leave/").status_code == 302
    assert Membership.objects.filter(organisation=world.own, role=Role.ADMIN).count() == 1
