"""Each computed indicator kind is a real query over the catalogue, recorded through the
measurement service (with its audit entry)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from livslang.audit.models import AuditEntry
from livslang.catalog.models import CohortStatus, OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import ensure_municipality, make_member, make_organisation
from livslang.programmes import computed, services
from livslang.programmes.models import IndicatorSource, MeasurementSource
from livslang.programmes.testing import make_goal, make_programme, make_track

pytestmark = pytest.mark.django_db
ON = timezone.localdate()


@pytest.fixture
def world():
    region_org = make_organisation(Kind.REGION, "340", name="Region Sjælland")
    admin = make_member(region_org, Role.ADMIN).user
    naestved = ensure_municipality("370")
    programme = make_programme(region_org, region=naestved.region)
    centre = make_organisation(Kind.CENTRE, "370", name="VUC")
    elsewhere = make_organisation(Kind.CENTRE, "5530", name="Senja centre")
    return {
        "admin": admin,
        "programme": programme,
        "naestved": naestved,
        "centre": centre,
        "elsewhere": elsewhere,
    }


def _dk(offering, start: date, **kw):
    kw.setdefault("municipality", ensure_municipality("370"))
    return make_cohort(offering, country="DK", start_date=start, **kw)


def _computed_goal(world, kind: str, track=None):
    return make_goal(
        world["programme"],
        track,
        indicator={"source": IndicatorSource.COMPUTED, "computed_kind": kind},
    )


def _record(world, goal):
    return services.record_measurement(
        actor=world["admin"], indicator=goal.indicator, measured_on=ON
    )


def test_the_registry_has_the_three_kinds_and_refuses_a_duplicate() -> None:
    assert set(computed.KINDS) >= {
        "cohorts_started_in_region",
        "offerings_published_in_region",
        "seats_offered_in_track",
    }
    with pytest.raises(ValueError, match="twice"):
        computed.register(computed.KINDS["cohorts_started_in_region"])


def test_cohorts_started_in_the_region_in_the_twelve_months_up_to_the_date(world) -> None:
    offering = make_offering(world["centre"])
    _dk(offering, ON)  # counted: the last day
    _dk(offering, ON - timedelta(days=364))  # counted: the first day
    _dk(offering, ON - timedelta(days=365))  # before the window
    _dk(offering, ON + timedelta(days=1))  # after the date
    _dk(offering, ON - timedelta(days=10), status=CohortStatus.CANCELLED)
    make_cohort(make_offering(world["elsewhere"]), start_date=ON - timedelta(days=5))
    _dk(make_offering(world["centre"], status=OfferingStatus.DRAFT), ON - timedelta(days=5))
    goal = _computed_goal(world, "cohorts_started_in_region")
    measurement = _record(world, goal)
    assert measurement.value == Decimal(2)
    assert measurement.source == MeasurementSource.COMPUTED
    entry = AuditEntry.objects.get(action="measurement.recorded")
    assert entry.changes["value"] == {"old": None, "new": "2"}


def test_offerings_published_in_the_region(world) -> None:
    on_site = make_offering(world["centre"], title="On site in Næstved")
    _dk(on_site, ON + timedelta(days=30))
    _dk(on_site, ON + timedelta(days=60))  # the same offering counts once
    online = make_offering(world["elsewhere"], title="Online with a study room in Næstved")
    make_cohort(
        online,
        mode="online",
        study_groups=[{"centre": world["centre"], "municipality": world["naestved"]}],
    )
    _dk(make_offering(world["centre"], status=OfferingStatus.DRAFT), ON)
    later = make_offering(world["centre"], published_at=timezone.now() + timedelta(days=3650))
    _dk(later, ON)
    make_cohort(make_offering(world["elsewhere"]))
    goal = _computed_goal(world, "offerings_published_in_region")
    assert _record(world, goal).value == Decimal(2)


def test_seats_offered_in_the_tracks_tagged_offerings(world) -> None:
    track = make_track(world["programme"], [world["centre"]], tag="Kompetanseløftet")
    tagged = make_offering(world["centre"], campaign_tags=["kompetanseløftet", "other"])
    _dk(tagged, ON - timedelta(days=30), seats=12)
    make_cohort(tagged, start_date=ON - timedelta(days=40), seats=8)  # anywhere counts
    _dk(tagged, ON - timedelta(days=20), seats=30, status=CohortStatus.CANCELLED)
    _dk(tagged, ON - timedelta(days=400), seats=50)  # before the window
    _dk(make_offering(world["centre"], campaign_tags=["other"]), ON, seats=99)
    _dk(make_offering(world["centre"]), ON, seats=99)
    goal = _computed_goal(world, "seats_offered_in_track", track)
    assert _record(world, goal).value == Decimal(20)


def test_a_kind_says_what_it_needs(world) -> None:
    world["programme"].region = None
    world["programme"].save()
    goal = _computed_goal(world, "cohorts_started_in_region")
    with pytest.raises(ValidationError, match="region"):
        _record(world, goal)
    untagged = _computed_goal(world, "seats_offered_in_track", make_track(world["programme"]))
    with pytest.raises(ValidationError, match="tag"):
        _record(world, untagged)


def test_a_computed_indicator_takes_no_typed_value(world) -> None:
    goal = _computed_goal(world, "cohorts_started_in_region")
    with pytest.raises(ValidationError):
        services.record_measurement(
            actor=world["admin"], indicator=goal.indicator, measured_on=ON, value=Decimal(5)
        )
