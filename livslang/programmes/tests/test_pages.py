"""The programme pages over HTTP, per role: the secretariat keeps the structure, track owners
their own track's goals and actions, partners read, the public reads public programmes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from livslang.audit.models import AuditEntry
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.programmes.models import (
    Action,
    ActionStatus,
    Goal,
    Indicator,
    PartnerRole,
    Programme,
    ProgrammePartner,
    Track,
)
from livslang.programmes.testing import make_action, make_goal, make_programme, make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """Sara of the secretariat (Region), Tor who edits for a track's owner (VUC), Vera who
    only views at VUC, and Ola of an organisation with no part in the programme."""
    region = make_organisation(Kind.REGION, "340", slug="region", name="Region")
    vuc = make_organisation(Kind.CENTRE, "370", slug="vuc", name="VUC")
    outsider = make_organisation(Kind.CENTRE, "370", slug="outsider", name="Outsider")
    programme = make_programme(region, name="Kompetenceløft", is_public=False)
    track = make_track(programme, [vuc], name="Adult education")
    other_track = make_track(programme, [region], name="Higher education")
    return {
        "programme": programme,
        "track": track,
        "other_track": other_track,
        "region": region,
        "vuc": vuc,
        "sara": make_member(region, Role.EDITOR).user,
        "tor": make_member(vuc, Role.EDITOR).user,
        "vera": make_member(vuc, Role.VIEWER).user,
        "ola": make_member(outsider, Role.ADMIN).user,
    }


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_a_private_programme_exists_only_for_its_partners(cast) -> None:
    url = cast["programme"].get_absolute_url()
    assert _client().get(url).status_code == 404
    assert _client(cast["ola"]).get(url).status_code == 404
    assert _client(cast["vera"]).get(url).status_code == 200
    cast["programme"].is_public = True
    cast["programme"].save()
    assert _client().get(url).status_code == 200
    overview = reverse("programmes:overview", kwargs={"slug": cast["programme"].slug})
    assert _client(cast["ola"]).get(overview).status_code == 404


def test_the_secretariat_creates_a_programme_and_adds_a_track(cast) -> None:
    client = _client(cast["sara"])
    response = client.post(
        reverse("programmes:create"),
        {
            "owner": "region",
            "name": "Ny indsats",
            "start_date": "2026-01-01",
            "end_date": "2035-12-31",
            "status": "active",
            "is_public": "on",
        },
    )
    programme = Programme.objects.get(name="Ny indsats")
    assert response["Location"] == f"/programmes/{programme.slug}/overview/"
    assert programme.partners.get().role == PartnerRole.SECRETARIAT
    response = client.post(
        reverse("programmes:track_create", kwargs={"slug": programme.slug}),
        {"name": "Spor 1", "purpose": "", "owners": ["vuc"], "position": "1"},
    )
    track = Track.objects.get(programme=programme)
    assert response["Location"] == track.get_absolute_url()
    assert list(track.owners.values_list("slug", flat=True)) == ["vuc"]
    assert AuditEntry.objects.filter(
        action="track.created", object_id=str(track.public_id)
    ).exists()


def test_a_track_needs_an_owner(cast) -> None:
    response = _client(cast["sara"]).post(
        reverse("programmes:track_create", kwargs={"slug": cast["programme"].slug}),
        {"name": "Spor", "position": "1"},
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert Track.objects.filter(name="Spor").count() == 0


def test_the_track_owner_adds_a_goal_with_an_indicator_and_records_a_value(cast) -> None:
    overall = make_goal(cast["programme"], name="Attainment")
    client = _client(cast["tor"])
    response = client.post(
        reverse("programmes:track_goal_create", kwargs={"track_id": cast["track"].public_id}),
        {
            "name": "More seats",
            "parent": str(overall.public_id),
            "weight": "2",
            "position": "0",
            "indicator-name": "Seats",
            "indicator-unit": "seats",
            "indicator-direction": "higher",
            "indicator-baseline_value": "40",
            "indicator-baseline_date": "2025-12-31",
            "indicator-target_value": "400",
            "indicator-target_date": "2035-12-31",
            "indicator-source": "manual",
            "indicator-interval_months": "12",
        },
    )
    goal = Goal.objects.get(name="More seats")
    assert response["Location"] == goal.get_absolute_url()
    assert goal.parent == overall and str(goal.weight) == "2.00"
    assert goal.indicator.target_value == 400
    response = client.post(
        reverse("programmes:measurement_create", kwargs={"goal_id": goal.public_id}),
        {"measured_on": "2026-06-30", "value": "130", "comment": "first count"},
    )
    assert response.status_code == 302
    assert goal.indicator.measurements.get().value == 130
    page = _client(cast["tor"]).get(goal.get_absolute_url()).content.decode()
    assert "first count" in page
    assert "25 %" in page  # (130 - 40) / (400 - 40)


def test_an_indicator_whose_target_is_on_the_wrong_side_is_refused(cast) -> None:
    response = _client(cast["sara"]).post(
        reverse("programmes:goal_create", kwargs={"slug": cast["programme"].slug}),
        {
            "name": "Fewer dropouts",
            "position": "0",
            "indicator-name": "Dropouts",
            "indicator-direction": "lower",
            "indicator-baseline_value": "10",
            "indicator-baseline_date": "2025-12-31",
            "indicator-target_value": "12",
            "indicator-target_date": "2035-12-31",
            "indicator-source": "manual",
            "indicator-interval_months": "12",
        },
    )
    assert response.status_code == 200
    assert "When lower is better, the target must be below the baseline." in (
        response.content.decode()
    )
    assert not Goal.objects.filter(name="Fewer dropouts").exists()
    assert not Indicator.objects.exists()


def test_a_track_owner_cannot_touch_another_track_or_the_structure(cast) -> None:
    client = _client(cast["tor"])
    other = make_action(cast["other_track"], title="Theirs")
    response = client.post(
        reverse("programmes:action_status", kwargs={"action_id": other.public_id}),
        {"status": "done"},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == ActionStatus.NOT_STARTED
    edit = reverse("programmes:track_edit", kwargs={"track_id": cast["track"].public_id})
    assert client.get(edit).status_code == 403


def test_inline_status_update_with_htmx_returns_the_row(cast) -> None:
    action = make_action(cast["track"], title="Evening classes")
    response = _client(cast["tor"]).post(
        reverse("programmes:action_status", kwargs={"action_id": action.public_id}),
        {"status": "delayed", "progress": "30", "with_track": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="action-{action.public_id}" class="updated">')
    assert 'data-status="delayed"' in body
    assert "<html" not in body
    assert body.count("<td") == 5  # track, responsible, due, progress, status: as in the plan
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DELAYED, 30)
    entry = AuditEntry.objects.get(action="action.updated")
    assert entry.changes["status"] == {"old": "not_started", "new": "delayed"}


def test_status_update_without_javascript_goes_back_to_the_action_plan(cast) -> None:
    action = make_action(cast["track"], title="Evening classes")
    client = _client(cast["tor"])
    response = client.post(
        reverse("programmes:action_status", kwargs={"action_id": action.public_id}),
        {"status": "done", "progress": "100"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/programmes/{cast['programme'].slug}/actions/"
    assert "Evening classes: the status is now “done”." in response.content.decode()


def test_a_bad_status_is_refused_and_changes_nothing(cast) -> None:
    action = make_action(cast["track"])
    response = _client(cast["tor"]).post(
        reverse("programmes:action_status", kwargs={"action_id": action.public_id}),
        {"status": "finished", "progress": "300"},
        HTTP_HX_REQUEST="true",
    )
    assert 'role="alert"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_the_action_plan_filters_by_status_responsible_and_due(cast) -> None:
    today = timezone.localdate()
    make_action(
        cast["track"],
        title="Overdue one",
        due_date=today - timedelta(days=3),
        status=ActionStatus.IN_PROGRESS,
        responsible_organisation=cast["vuc"],
    )
    make_action(cast["track"], title="Done one", due_date=today - timedelta(days=3), status="done")
    make_action(
        cast["other_track"],
        title="Upcoming one",
        due_date=today + timedelta(days=10),
        responsible_organisation=cast["region"],
    )
    url = reverse("programmes:actions", kwargs={"slug": cast["programme"].slug})
    client = _client(cast["vera"])

    def titles(**query: str) -> set[str]:
        page = client.get(url, query).content.decode()
        return {t for t in ("Overdue one", "Done one", "Upcoming one") if t in page}

    assert titles() == {"Overdue one", "Done one", "Upcoming one"}
    assert titles(due="overdue") == {"Overdue one"}
    assert titles(due="upcoming") == {"Upcoming one"}
    assert titles(status="done") == {"Done one"}
    assert titles(responsible="region") == {"Upcoming one"}
    # Vera only views: no status forms.
    assert "programmes/actions/" not in client.get(url).content.decode().split("<table")[1]


def test_partners_can_be_added_and_the_last_secretariat_stays(cast) -> None:
    client = _client(cast["sara"])
    url = reverse("programmes:partners", kwargs={"slug": cast["programme"].slug})
    client.post(url, {"organisation": "vuc", "role": "partner"})
    assert ProgrammePartner.objects.filter(organisation=cast["vuc"]).exists()
    response = client.post(url, {"remove": "region"})
    assert response.status_code == 200
    assert "at least one organisation as secretariat" in response.content.decode()
    assert ProgrammePartner.objects.filter(organisation=cast["region"]).exists()
    client.post(url, {"remove": "vuc"})
    assert not ProgrammePartner.objects.filter(organisation=cast["vuc"]).exists()


def test_our_responsibilities_lists_tracks_and_actions(cast) -> None:
    make_action(cast["other_track"], title="Ours to do", responsible_organisation=cast["vuc"])
    url = reverse("programmes:responsibilities", kwargs={"slug": "vuc"})
    page = _client(cast["vera"]).get(url).content.decode()
    assert "Adult education" in page and "Ours to do" in page
    assert _client(cast["ola"]).get(url).status_code == 404


def test_the_sitemap_lists_public_programmes_only(cast) -> None:
    public = make_programme(cast["region"], name="Open programme", is_public=True)
    body = _client().get("/sitemap-programmes.xml").content.decode()
    assert public.get_absolute_url() in body
    assert cast["programme"].get_absolute_url() not in body


def test_chart_specs_are_json_for_readers_only(cast) -> None:
    goal = make_goal(cast["programme"], cast["track"], name="Seats")
    url = reverse("programmes:goal_chart", kwargs={"goal_id": goal.public_id})
    assert _client().get(url).status_code == 404
    spec = _client(cast["vera"]).get(url).json()
    assert spec["$schema"].endswith("vega-lite/v6.json")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "rule", "point"]
    assert spec["layer"][1]["data"]["values"] == [{"value": 20.0}]


def test_every_change_is_audited(cast) -> None:
    client = _client(cast["sara"])
    client.post(
        reverse("programmes:initiative_create", kwargs={"slug": cast["programme"].slug}),
        {"name": "Study rooms", "tracks": [str(cast["track"].public_id)], "is_new": "on"},
    )
    action = make_action(cast["track"])
    client.post(
        reverse("programmes:action_edit", kwargs={"action_id": action.public_id}),
        {"title": "Renamed", "status": "in_progress", "progress": "5"},
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"initiative.created", "action.updated"} <= actions
    assert Action.objects.get(pk=action.pk).title == "Renamed"
