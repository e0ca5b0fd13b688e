"""Matches are stored with their reasons, recomputed by the worker after the catalogue
changes (through the change log), and counted by the "needs met per region" indicator."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from livslang.catalog import services as catalog_services
from livslang.catalog.testing import make_cohort, make_offering
from livslang.matching.models import Match, MatchRun
from livslang.matching.tasks import refresh_matches
from livslang.needs import services as needs_services
from livslang.needs.models import NeedStatus
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db
REFRESH = "livslang.matching.tasks.refresh_matches"


def run_queued_refreshes() -> int:
    """Run the queued refresh tasks as the worker would (the worker itself closes the test's
    database connection); how many there were."""
    rows = list(DBTaskResult.objects.filter(task_path=REFRESH, status="READY"))
    for _row in rows:
        refresh_matches.call()
    DBTaskResult.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)


def register(actor: Any, organisation: Any) -> Any:
    today = timezone.localdate()
    return needs_services.register_need(
        actor=actor,
        organisation=organisation,
        title="Velferdsteknologi",
        text="Vi trenger opplæring i velferdsteknologi og digitalt tilsyn.",
        language="nb",
        participants=4,
        country="NO",
        postcode="9300",
        earliest_start=today,
        latest_start=today + timedelta(days=120),
        modes=["on_site"],
        schedules=["evening"],
        max_travel_km=50,
    )


def test_worker_rematches_after_a_cohort_changes(
    geo: None, django_capture_on_commit_callbacks: Any
) -> None:
    centre = make_organisation(kind=Kind.CENTRE)
    editor = make_member(centre, role=Role.EDITOR).user
    employer = make_organisation(kind=Kind.EMPLOYER)
    manager = make_member(employer, role=Role.EDITOR).user
    offering = make_offering(
        centre, title="Velferdsteknologi i praksis", topics=["velferdsteknologi"]
    )
    # Too late to start: the need is a gap, the course a near miss.
    late = make_cohort(offering, start_date=timezone.localdate() + timedelta(days=300))
    need = register(manager, employer)
    first = Match.objects.get(need=need, offering=offering)
    assert not first.fits
    assert MatchRun.objects.get(need=need).gap
    assert any(r["code"] == "starts_too_late" for r in first.reasons)

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_cohort(
            actor=editor,
            cohort=late,
            data={"start_date": timezone.localdate() + timedelta(days=30)},
        )
    assert run_queued_refreshes() == 1

    again = Match.objects.get(need=need, offering=offering)
    assert again.fits
    latest = MatchRun.objects.filter(need=need).order_by("-pk").first()
    assert latest is not None and not latest.gap
    assert MatchRun.objects.filter(need=need).count() == 2


def test_withdrawn_needs_are_not_rematched(
    geo: None, django_capture_on_commit_callbacks: Any
) -> None:
    employer = make_organisation(kind=Kind.EMPLOYER)
    manager = make_member(employer, role=Role.EDITOR).user
    need = register(manager, employer)
    needs_services.set_status(actor=manager, need=need, status=NeedStatus.WITHDRAWN)
    runs = MatchRun.objects.filter(need=need).count()
    offering = make_offering(title="Velferdsteknologi")
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_cohort(
            actor=make_member(offering.owner, role=Role.EDITOR).user,
            cohort=make_cohort(offering),
            data={"seats": 30},
        )
    run_queued_refreshes()
    assert MatchRun.objects.filter(need=need).count() == runs


def test_indicator_counts_needs_met_in_the_region(geo: None) -> None:
    from livslang.programmes import computed
    from livslang.programmes.models import IndicatorSource
    from livslang.programmes.testing import make_goal, make_programme

    employer = make_organisation(kind=Kind.EMPLOYER)
    manager = make_member(employer, role=Role.EDITOR).user
    met = register(manager, employer)
    needs_services.set_status(actor=manager, need=met, status=NeedStatus.MET)
    register(manager, employer)  # still open: not counted
    region = met.municipality.region
    programme = make_programme(region=region)
    goal = make_goal(
        programme,
        indicator={"source": IndicatorSource.COMPUTED, "computed_kind": "needs_met_in_region"},
    )
    assert computed.compute(goal.indicator, timezone.localdate()) == Decimal(1)
    assert computed.compute(goal.indicator, date(2000, 1, 1)) == Decimal(0)
