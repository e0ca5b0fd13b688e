"""Asking to register an organisation; a platform administrator approves or rejects."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tasks_db.models import DBTaskResult

from livslang.audit.models import AuditEntry
from livslang.organisations import services
from livslang.organisations.models import Kind, Membership, Organisation, Role, Status
from livslang.organisations.testing import ensure_municipality, make_organisation, make_user

pytestmark = pytest.mark.django_db


def request_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Senja Sjømatsenter",
        "kind": Kind.EMPLOYER,
        "home_municipality": "5530",
        "website": "https://sjomat.example.no",
        "description": "Vi foredler fisk.",
        "description_language": "nb",
    }
    data.update(overrides)
    return data


@pytest.fixture
def places(db: None) -> None:
    ensure_municipality("5530")
    ensure_municipality("370")


def queued_mail() -> list[dict]:
    return [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.order_by("enqueued_at")]


def test_request_creates_a_pending_organisation(client: Client, learner, places) -> None:
    client.force_login(learner)
    assert client.get("/organisations/register/").status_code == 200
    response = client.post("/organisations/register/", request_data())
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.slug}/"
    assert organisation.slug == "senja-sjomatsenter"
    assert organisation.status == Status.PENDING
    assert organisation.country == "NO"
    assert organisation.requested_by == learner
    assert not Membership.objects.exists()
    entry = AuditEntry.objects.get(action="organisation.request")
    assert entry.actor == learner
    assert entry.object_id == str(organisation.public_id)
    page = client.get(response["Location"]).content.decode()
    assert "waiting for a platform administrator" in page


def test_a_danish_municipality_makes_a_danish_organisation(client: Client, learner, places) -> None:
    client.force_login(learner)
    client.post("/organisations/register/", request_data(home_municipality="370"))
    assert Organisation.objects.get().country == "DK"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "Enter a web address that starts with https://"),
        ("website", "data:text/html,hi", "Enter a web address that starts with https://"),
        ("name", "", "This field is required."),
        ("home_municipality", "9999", "Select a valid choice."),
        ("kind", "castle", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    client: Client, learner, places, field: str, value: str, message: str
) -> None:
    client.force_login(learner)
    response = client.post("/organisations/register/", request_data(**{field: value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert message in body
    assert 'aria-invalid="true"' in body
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_requests_page_is_for_platform_admins_only(
    client: Client, platform_admin, learner, world
) -> None:
    make_organisation(Kind.PROVIDER, name="Waiting College", status=Status.PENDING)
    for user in (learner, world.admin):
        client.force_login(user)
        assert client.get("/organisations/requests/").status_code == 404
    client.force_login(platform_admin)
    response = client.get("/organisations/requests/")
    assert response.status_code == 200
    assert "Waiting College" in response.content.decode()


def test_approve_makes_the_requester_admin_and_emails_them(
    client: Client, platform_admin, django_capture_on_commit_callbacks
) -> None:
    requester = make_user("rita@example.org", full_name="Rita", language="en")
    organisation = make_organisation(
        Kind.PROVIDER,
        slug="new-college",
        name="New College",
        status=Status.PENDING,
        requested_by=requester,
    )
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organisations/requests/new-college/decide/", {"decision": "approve"}
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.APPROVED
    assert organisation.decided_by == platform_admin
    assert organisation.decided_at is not None
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (requester, Role.ADMIN)
    [mail] = queued_mail()
    assert mail["to"] == ["rita@example.org"]
    assert mail["subject"] == "New College is approved in Livslang"
    assert "http://127.0.0.1:8000/organisations/new-college/" in mail["body"]
    entry = AuditEntry.objects.get(action="organisation.approve")
    assert entry.changes["status"] == {"old": "pending", "new": "approved"}
    # The new admin can manage the organisation straight away.
    client.force_login(requester)
    assert client.get("/organisations/new-college/members/").status_code == 200


def test_reject_needs_a_reason_and_emails_it(
    client: Client, platform_admin, django_capture_on_commit_callbacks
) -> None:
    requester = make_user("rita@example.org", language="en")
    organisation = make_organisation(
        Kind.PROVIDER,
        slug="doubtful",
        name="Doubtful",
        status=Status.PENDING,
        requested_by=requester,
    )
    client.force_login(platform_admin)
    response = client.post("/organisations/requests/doubtful/decide/", {"decision": "reject"})
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
    assert not DBTaskResult.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organisations/requests/doubtful/decide/",
            {"decision": "reject", "reason": "We found no such college."},
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.REJECTED
    assert organisation.rejection_reason == "We found no such college."
    assert not Membership.objects.exists()
    [mail] = queued_mail()
    assert mail["to"] == ["rita@example.org"]
    assert "We found no such college." in mail["body"]
    client.force_login(requester)
    page = client.get("/organisations/doubtful/").content.decode()
    assert "We found no such college." in page


def test_a_decided_request_cannot_be_decided_again(client: Client, platform_admin) -> None:
    organisation = make_organisation(Kind.PROVIDER, slug="done", status=Status.APPROVED)
    client.force_login(platform_admin)
    response = client.post(
        "/organisations/requests/done/decide/",
        {"decision": "reject", "reason": "changed my mind"},
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.status == Status.APPROVED


def test_the_service_refuses_a_second_decision(platform_admin) -> None:
    organisation = make_organisation(Kind.PROVIDER, slug="done", status=Status.PENDING)
    services.decide_request(
        decided_by=platform_admin, organisation=organisation, approve=False, reason="No."
    )
    with pytest.raises(ValidationError) as caught:
        services.decide_request(decided_by=platform_admin, organisation=organisation, approve=True)
    assert caught.value.code == "decided"


def test_only_platform_admins_decide(client: Client, world) -> None:
    requester = make_user("rita@example.org")
    organisation = make_organisation(
        Kind.PROVIDER, slug="wants-in", status=Status.PENDING, requested_by=requester
    )
    for user in (requester, world.admin):
        client.force_login(user)
        response = client.post("/organisations/requests/wants-in/decide/", {"decision": "approve"})
        assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
    assert not Membership.objects.filter(organisation=organisation).exists()
