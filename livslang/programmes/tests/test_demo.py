"""The demo programme: Region Sjælland with its 17 municipalities, five tracks, measurements
over several years (some computed), idempotent and re-dated with the world."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from livslang.catalog import demo as catalogue_demo
from livslang.organisations import demo as organisations_demo
from livslang.programmes import demo, matrix
from livslang.programmes.demo_data import AGREEMENT_SLUG, PROGRAMME_SLUG
from livslang.programmes.models import (
    Action,
    Agreement,
    CoordinationGroup,
    Experience,
    Measurement,
    MeasurementSource,
    PartnerRole,
    Programme,
)
from livslang.programmes.queries import progress_of
from livslang.programmes.rules import roles_in

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 5)


def test_the_demo_programme(django_user_model) -> None:
    call_command("load_geo", verbosity=0)
    organisations_demo.build(today=TODAY, shift=timedelta(0))
    catalogue_demo.build(today=TODAY, shift=timedelta(0))
    result = demo.build(today=TODAY, shift=timedelta(0))
    assert "1 programme created with 5 tracks" in result.summary
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert programme.region is not None and programme.region.code == "1085"
    assert (programme.end_date - programme.start_date).days >= 3650 - 3
    municipalities = programme.partners.filter(
        organisation__kind="municipality", role=PartnerRole.PARTNER
    )
    assert municipalities.count() == 17
    tracks = list(programme.tracks.order_by("position"))
    assert len(tracks) == 5
    assert all(track.owners.exists() for track in tracks)
    owner_kinds = {o.kind for t in tracks for o in t.owners.all()}
    assert {"provider", "centre", "labour_market_party", "guidance_service"} <= owner_kinds
    measurements = Measurement.objects.filter(indicator__goal__programme=programme)
    years = {m.measured_on.year for m in measurements}
    assert len(years) >= 3
    assert measurements.filter(source=MeasurementSource.COMPUTED).count() == 2
    assert programme.initiatives.count() == 3
    view = progress_of(programme, TODAY)
    states = {p.state for p in view.by_goal.values()}
    assert {"missing", "in_progress"} <= states
    assert any(p.is_late for p in view.by_goal.values())
    assert all(p.contributions for p in view.top[:2])

    # The demo users play the programme roles.
    admin = django_user_model.objects.get(email="programme_admin@demo.livslang.test")
    owner = django_user_model.objects.get(email="track_owner@demo.livslang.test")
    assert roles_in(admin, programme).is_admin
    owner_roles = roles_in(owner, programme)
    assert not owner_roles.is_admin and owner_roles.can_edit_track(tracks[2])
    assert not owner_roles.can_edit_track(tracks[0])

    # Idempotent; re-dated with the world.
    due = {a.pk: a.due_date for a in Action.objects.filter(track__programme=programme)}
    again = demo.build(today=TODAY, shift=timedelta(0))
    assert again.summary == "1 programme unchanged"
    assert Programme.objects.count() == 1
    moved = demo.build(today=TODAY + timedelta(days=30), shift=timedelta(days=30))
    assert moved.summary == "1 programme unchanged"
    for action in Action.objects.filter(track__programme=programme):
        before = due[action.pk]
        assert before is not None and action.due_date == before + timedelta(days=30)
    programme.refresh_from_db()
    assert programme.start_date == date(TODAY.year - 3, 1, 1) + timedelta(days=30)

    page = Client(HTTP_ACCEPT_LANGUAGE="da").get(programme.get_absolute_url())
    assert page.status_code == 200
    assert "Spor 3: Voksen- og efteruddannelse" in page.content.decode()


def test_the_demo_group_agreement_and_experiences(django_user_model) -> None:
    call_command("load_geo", verbosity=0)
    organisations_demo.build(today=TODAY, shift=timedelta(0))
    catalogue_demo.build(today=TODAY, shift=timedelta(0))
    result = demo.build(today=TODAY, shift=timedelta(0))
    assert "1 coordination group, 1 agreement and 12 experiences added" in result.summary
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    group = CoordinationGroup.objects.get(programme=programme)
    represented = set(group.members.values_list("represents", flat=True))
    assert {"primary", "upper_secondary", "vocational_college", "higher", "adult"} <= represented
    assert group.meetings.count() == 3
    follow_ups = Action.objects.filter(decision__meeting__group=group)
    assert follow_ups.count() == 4
    assert any(a.is_overdue(TODAY) for a in follow_ups)
    agreement = Agreement.objects.get(slug=AGREEMENT_SLUG)
    assert agreement.parties.count() == 2
    view = matrix.agreement_matrix(agreement, TODAY)
    assert len(view.regions) == 5 and all(r.country_id == "NO" for r in view.regions)
    statuses = {cell.status for row in view.rows for cell in row.cells}
    assert {matrix.DONE, matrix.OVERDUE, matrix.NO_PLAN, matrix.PLANNED} <= statuses
    assert Experience.objects.filter(programme=programme).count() == 12
    member = django_user_model.objects.get(email="group_member@demo.livslang.test")
    assert group.members.filter(user=member).exists()
    # Idempotent, and re-dated with the world.
    held = {m.pk: m.held_on for m in group.meetings.all()}
    again = demo.build(today=TODAY + timedelta(days=7), shift=timedelta(days=7))
    assert again.summary == "1 programme unchanged"
    assert CoordinationGroup.objects.count() == 1 and Agreement.objects.count() == 1
    for meeting in group.meetings.all():
        assert meeting.held_on == held[meeting.pk] + timedelta(days=7)
