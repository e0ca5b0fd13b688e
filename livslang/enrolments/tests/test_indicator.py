"""The programmes' computed kind "enrolments in a track's tagged offerings" (Enrolment adds it)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from livslang.audit.models import AuditEntry
from livslang.catalog.models import Cohort, CohortStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.enrolments import services
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation, make_user
from livslang.programmes import computed
from livslang.programmes import services as programme_services
from livslang.programmes.models import IndicatorSource
from livslang.programmes.testing import make_goal, make_programme, make_track

pytestmark = pytest.mark.django_db
ON = timezone.localdate()


def test_the_kind_is_registered() -> None:
    kind = computed.KINDS["enrolments_in_track"]
    assert kind.needs == "tag"


def test_counts_confirmed_sign_ups_in_the_tracks_offerings_in_the_window() -> None:
    region_org = make_organisation(Kind.REGION, "340", name="Region Sjælland")
    admin = make_member(region_org, Role.ADMIN).user
    programme = make_programme(region_org)
    track = make_track(programme, [region_org], tag="Kompetenceløft")
    goal = make_goal(
        programme,
        track,
        indicator={"source": IndicatorSource.COMPUTED, "computed_kind": "enrolments_in_track"},
    )
    tagged = make_offering(campaign_tags=["kompetenceløft"])
    untagged = make_offering(campaign_tags=["andet"])
    in_window = make_cohort(tagged, seats=2, start_date=ON + timedelta(days=20))
    people = [make_user() for _ in range(4)]
    with TestCase.captureOnCommitCallbacks(execute=True):
        for person in people[:3]:  # two seats, one waiting: 2 count
            services.enrol(learner=person, cohort=in_window)
        services.enrol(learner=people[3], cohort=make_cohort(untagged, seats=5))
    # A tagged cohort that started over a year before the date does not count.
    old = make_cohort(tagged, seats=5)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.enrol(learner=people[3], cohort=old)
    Cohort.objects.filter(pk=old.pk).update(start_date=ON - timedelta(days=400))
    on = ON + timedelta(days=30)
    measurement = programme_services.record_measurement(
        actor=admin, indicator=goal.indicator, measured_on=on
    )
    assert measurement.value == Decimal(2)
    assert AuditEntry.objects.filter(action__startswith="measurement").exists()
    Cohort.objects.filter(pk=in_window.pk).update(status=CohortStatus.CANCELLED)
    assert computed.KINDS["enrolments_in_track"].compute(goal.indicator, on) == 0
