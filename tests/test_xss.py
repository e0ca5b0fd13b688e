"""SEC-08 baseline: a canary in every user-editable text field of Foundation II is escaped on
every page that shows it, for every role that sees those pages."""

from __future__ import annotations

import pytest
from django.test import Client

from livslang.audit.services import record
from livslang.organisations.models import CentreProfile, Kind, Membership, Role, Status
from livslang.organisations.testing import make_member, make_organisation, make_user

CANARY = '"><svg onload=alert(1)></script><script>alert(2)</script>'
RAW = ("<svg onload=alert(1)>", "<script>alert(2)</script>")


@pytest.mark.django_db
def test_canary_is_escaped_everywhere() -> None:
    centre = make_organisation(
        Kind.CENTRE,
        slug="canary-centre",
        name=f"Centre {CANARY}",
        description=f"About {CANARY}",
        website="https://example.org/?q=%22%3E",
    )
    CentreProfile.objects.filter(organisation=centre).update(
        organisation_form=f"Form {CANARY}", other_facilities=f"Kitchen {CANARY}"
    )
    admin = make_member(centre, Role.ADMIN, full_name=f"Ada {CANARY}").user
    make_member(centre, Role.VIEWER, full_name=f"Vera {CANARY}")
    requester = make_user(full_name=f"Rita {CANARY}")
    pending = make_organisation(
        Kind.EMPLOYER,
        slug="canary-pending",
        name=f"Pending {CANARY}",
        description=f"Why {CANARY}",
        status=Status.PENDING,
        requested_by=requester,
    )
    platform = make_user(is_staff=True, is_superuser=True, full_name=f"Petra {CANARY}")
    record(
        actor=admin,
        action="organisation.update",
        object_type="organisations.organisation",
        object_repr=centre.name,
        changes={"name": {"old": CANARY, "new": centre.name}},
        summary=CANARY,
    )
    pages_by_user = {
        None: ["/organisations/", f"/organisations/{centre.slug}/", "/organisations/?q=Centre"],
        admin: [
            f"/organisations/{centre.slug}/",
            f"/organisations/{centre.slug}/members/",
            f"/organisations/{centre.slug}/edit/",
            "/organisations/mine/",
            "/account/profile/",
        ],
        requester: [f"/organisations/{pending.slug}/", "/organisations/mine/"],
        platform: ["/organisations/requests/", "/platform/audit/", "/account/profile/"],
    }
    assert Membership.objects.count() == 2
    for user, paths in pages_by_user.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.content.decode()
            for raw in RAW:
                assert raw not in body, f"{path} shows {raw!r} unescaped"
            assert "&lt;svg onload=alert(1)&gt;" in body or path.startswith("/account/"), path


@pytest.mark.django_db
def test_javascript_urls_are_rejected_at_save(client: Client) -> None:
    centre = make_organisation(Kind.CENTRE, slug="own-centre")
    editor = make_member(centre, Role.EDITOR).user
    client.force_login(editor)
    response = client.post(
        f"/organisations/{centre.slug}/edit/",
        {
            "name": centre.name,
            "home_municipality": centre.home_municipality.code,
            "website": "javascript:alert(1)",
            "description": "",
            "description_language": "nb",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    centre.refresh_from_db()
    assert centre.website == ""
