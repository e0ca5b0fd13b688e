"""Model-level facts: addresses, derived values, database constraints (CON-02 backstop)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from livslang.catalog.models import Cohort, Mode
from livslang.catalog.testing import make_cohort, make_offering

pytestmark = pytest.mark.django_db


def test_short_id_and_absolute_url() -> None:
    offering = make_offering(title="Sjømat og havbruk")
    assert offering.short_id == offering.public_id.hex[:8]
    assert offering.slug == "sjomat-og-havbruk"
    try:
        url = offering.get_absolute_url()
    except Exception:
        pytest.skip("catalog:offering URL not installed")
    assert url == f"/offerings/sjomat-og-havbruk-{offering.short_id}/"


def test_derived_values() -> None:
    offering = make_offering(topics=["helse", " ", "omsorg"], prerequisites="")
    cohort = make_cohort(
        offering, seats=10, confirmed_count=4, schedule_kinds=["weekend", "daytime"]
    )
    assert offering.topic_list == ["helse", "omsorg"]
    assert not offering.has_prerequisites
    assert cohort.seats_left == 6
    assert not cohort.is_full
    assert cohort.schedule_kind_list == ["daytime", "weekend"]
    assert cohort.is_public
    unknown = make_cohort(offering, mode=Mode.ONLINE, seats=None)
    assert unknown.seats_left is None
    assert not unknown.has_place


def test_unsafe_addresses_are_not_links() -> None:
    offering = make_offering(external_url="javascript:alert(1)")
    cohort = make_cohort(offering, application_url="JAVASCRIPT:alert(1)")
    assert offering.safe_external_url == ""
    assert cohort.safe_application_url == ""


def test_confirmed_can_never_exceed_seats() -> None:
    cohort = make_cohort(make_offering(), seats=10, confirmed_count=10)
    assert cohort.is_full
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(confirmed_count=11)


@pytest.mark.parametrize(
    "changes", [{"confirmed_count": -1}, {"price": -5}, {"end_date": "2000-01-01"}]
)
def test_other_constraints(changes: dict[str, object]) -> None:
    cohort = make_cohort(make_offering())
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(**changes)
