from __future__ import annotations

import pytest

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.audit.services import record


@pytest.mark.django_db
def test_record_names_a_person_or_a_system_actor(platform_admin: User) -> None:
    by_person = record(
        actor=platform_admin,
        action="municipality.rename",
        object_type="geo.municipality",
        object_id="5501",
        object_repr="Tromsø",
        changes={"name": {"old": "Tromsø", "new": "Romsa"}},
    )
    by_command = record(actor_label="load_geo", action="reference_data.load", object_type="geo")
    assert by_person.actor == platform_admin
    assert by_person.actor_label == platform_admin.email
    assert by_command.actor is None
    assert by_command.actor_label == "load_geo"
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted() -> None:
    entry = record(actor_label="test", action="x.create", object_type="x")
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(summary="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().summary == ""


@pytest.mark.django_db
def test_admin_shows_the_log_read_only(client, platform_admin: User) -> None:
    entry = record(actor_label="test", action="x.create", object_type="x")
    client.force_login(platform_admin)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    change = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert change.status_code == 200
    assert b'name="summary"' not in change.content  # no editable field
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
