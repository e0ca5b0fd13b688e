"""SEC-08 for programmes: a canary in every user-editable text field is escaped on every page
that shows it, and the chart specifications are JSON (never HTML)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.programmes.models import Initiative
from livslang.programmes.testing import make_action, make_goal, make_programme, make_track, measure

CANARY = '"><svg onload=alert(1)></script><script>alert(2)</script>'
RAW = ("<svg onload=alert(1)>", "<script>alert(2)</script>")


@pytest.mark.django_db
def test_canary_is_escaped_on_every_programme_page() -> None:
    region = make_organisation(Kind.REGION, "340", slug="region", name="Region")
    admin = make_member(region, Role.ADMIN).user
    programme = make_programme(
        region, name=f"P {CANARY}", description=f"About {CANARY}", is_public=True
    )
    track = make_track(
        programme,
        [region],
        name=f"T {CANARY}",
        purpose=f"Why {CANARY}",
        tag=CANARY,
        contact_name=f"C {CANARY}",
    )
    overall = make_goal(programme, name=f"G {CANARY}", description=f"D {CANARY}")
    goal = make_goal(
        programme,
        track,
        parent=overall,
        name=f"TG {CANARY}",
        indicator={"name": f"I {CANARY}", "unit": CANARY},
    )
    measure(goal, "12", date(2026, 1, 31), comment=f"M {CANARY}")
    action = make_action(
        track,
        title=f"A {CANARY}",
        description=f"AD {CANARY}",
        responsible_person=f"R {CANARY}",
        responsible_organisation=region,
        due_date=date(2026, 12, 31),
    )
    initiative = Initiative.objects.create(
        programme=programme, name=f"In {CANARY}", description=f"ID {CANARY}", owner=region
    )
    initiative.tracks.set([track])
    base = f"/programmes/{programme.slug}"
    pages = [
        "/programmes/",
        f"{base}/",
        f"{base}/overview/",
        f"{base}/actions/",
        f"{base}/report/",
        f"{base}/edit/",
        f"{base}/partners/",
        f"{base}/initiatives/new/",
        track.get_absolute_url(),
        f"/programmes/tracks/{track.public_id}/edit/",
        overall.get_absolute_url(),
        goal.get_absolute_url(),
        f"/programmes/goals/{goal.public_id}/edit/",
        f"/programmes/goals/{goal.public_id}/measurements/new/",
        f"/programmes/actions/{action.public_id}/edit/",
        f"/programmes/initiatives/{initiative.public_id}/edit/",
        "/programmes/responsibilities/region/",
    ]
    client = Client()
    client.force_login(admin)
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        for raw in RAW:
            assert raw not in body, path
    for path in (f"{base}/progress.json", f"/programmes/goals/{goal.public_id}/chart.json"):
        response = client.get(path)
        assert response["Content-Type"] == "application/json"
        assert CANARY in str(response.json())
