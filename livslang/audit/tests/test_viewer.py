from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from livslang.accounts.models import User
from livslang.audit.services import record


@pytest.fixture
def entries(platform_admin: User) -> None:
    with time_machine.travel("2026-11-01 10:00 +00:00"):
        record(
            actor=platform_admin,
            action="organisation.update",
            object_type="organisations.organisation",
            object_id="studiesenteret-finnsnes",
            object_repr="Studiesenteret Finnsnes",
            changes={"name": {"old": "Studiesenteret", "new": "Studiesenteret Finnsnes"}},
        )
    with time_machine.travel("2026-11-20 10:00 +00:00"):
        record(
            actor_label="load_geo", action="reference_data.load", object_type="geo.referencedata"
        )


@pytest.mark.django_db
def test_platform_admin_filters_by_object_user_and_date(
    client: Client, platform_admin: User, entries: None
) -> None:
    client.force_login(platform_admin)
    everything = client.get("/platform/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Studiesenteret Finnsnes" in everything
    assert "reference_data.load" in everything
    by_type = client.get("/platform/audit/", {"object_type": "geo.referencedata"})
    assert "reference_data.load" in by_type.content.decode()
    assert "Studiesenteret Finnsnes" not in by_type.content.decode()
    by_user = client.get("/platform/audit/", {"actor": "petra"})
    assert "organisation.update" in by_user.content.decode()
    assert "reference_data.load" not in by_user.content.decode()
    by_date = client.get("/platform/audit/", {"since": "2026-11-15", "until": "2026-11-30"})
    assert "reference_data.load" in by_date.content.decode()
    assert "organisation.update" not in by_date.content.decode()
    by_object = client.get("/platform/audit/", {"object_id": "finnsnes"})
    assert "Studiesenteret → Studiesenteret Finnsnes" in by_object.content.decode()


@pytest.mark.django_db
def test_bad_filter_is_explained_and_shows_everything(
    client: Client, platform_admin: User, entries: None
) -> None:
    client.force_login(platform_admin)
    response = client.get(
        "/platform/audit/",
        {"since": "2026-11-30", "until": "2026-11-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert "The end date is before the start date." in body
    assert 'aria-invalid="true"' in body


@pytest.mark.django_db
def test_audit_log_is_only_for_platform_admins(client: Client, learner: User) -> None:
    anonymous = client.get("/platform/audit/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/account/login/")
    client.force_login(learner)
    assert client.get("/platform/audit/").status_code == 404


@pytest.mark.django_db
def test_query_count_does_not_grow_with_entries(
    client: Client, platform_admin: User, django_assert_max_num_queries
) -> None:
    client.force_login(platform_admin)
    for i in range(60):
        record(actor=platform_admin, action="x.update", object_type="x", object_id=str(i))
    with django_assert_max_num_queries(8):
        response = client.get("/platform/audit/")
    assert response.status_code == 200
