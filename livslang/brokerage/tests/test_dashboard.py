"""The centre's dashboard: demand aggregated by topic and municipality on hand-built worlds,
privacy of adults, searches and gaps, proposing a cohort, and deciding at the deadline
(the minimum, guaranteed starts and paid empty seats) with everyone told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from livslang.accounts.models import User
from livslang.brokerage import queries, services
from livslang.brokerage.models import CohortProposal
from livslang.brokerage.tests.conftest import as_user, mails, make_need
from livslang.catalog.models import Cohort, CohortStatus, EnrolmentMethod, Offering
from livslang.catalog.testing import make_cohort
from livslang.enrolments import services as enrolment_services
from livslang.enrolments.models import SavedSearch
from livslang.matching.models import MatchRun
from livslang.needs.models import NeedStatus
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import (
    ensure_municipality,
    make_member,
    make_organisation,
    make_user,
)
from livslang.search.models import SearchLogEntry

pytestmark = pytest.mark.django_db


def _interest(user: User, offering: Offering, municipality: str = "5530") -> None:
    user.home_country = "NO"
    user.home_municipality = ensure_municipality(municipality)
    user.save()
    SavedSearch.objects.create(
        user=user, offering=offering, name=offering.title, checked_until=timezone.now()
    )


@pytest.fixture
def world(
    centre: Organisation, employer: Organisation, own_offering: Offering, kari: User, ola: User
) -> dict[str, Any]:
    """Two employers and a person need fish health in Senja; aquaculture in Sørreisa; Tromsø
    is outside the area; a withdrawn need is gone; Kari in Senja has an interest."""
    other = make_organisation(Kind.EMPLOYER, "5530", name="Laks AS")
    first = make_need(organisation=employer, participants=5, days=40)
    second = make_need(organisation=other, participants=3, days=20, topics=["Fish  Health"])
    person = make_need(
        person=ola, participants=1, days=90, title="Ola wants fish health", text="Ola's own text"
    )
    sorreisa = make_need(organisation=employer, municipality="5526", topics=["aquaculture"])
    make_need(organisation=employer, municipality="5501", participants=50)
    gone = make_need(organisation=other, participants=40)
    gone.status = NeedStatus.WITHDRAWN
    gone.save()
    _interest(kari, own_offering)
    return {"first": first, "second": second, "person": person, "sorreisa": sorreisa}


def test_demand_is_aggregated_by_topic_and_municipality(
    centre: Organisation, world: dict[str, Any]
) -> None:
    rows = {(r.topic.casefold(), r.municipality.code): r for r in queries.demand(centre)}
    assert set(rows) == {("fish health", "5530"), ("aquaculture", "5526")}
    fish = rows[("fish health", "5530")]
    assert fish.people == 9  # 5 + 3 + 1; Tromsø and the withdrawn need are left out
    assert fish.interested == 1
    assert fish.employer_names == ["Fisk AS", "Laks AS"]
    assert fish.earliest_start == world["second"].earliest_start
    assert sorted(fish.need_ids) == sorted(
        [world["first"].pk, world["second"].pk, world["person"].pk]
    )
    assert rows[("aquaculture", "5526")].people == 5


def test_a_centre_serving_nothing_sees_no_demand(world: dict[str, Any]) -> None:
    lonely = make_organisation(Kind.CENTRE, "5530", name="Lonely Centre")
    assert queries.demand(lonely) == []


def test_the_dashboard_shows_aggregates_never_adults(
    centre: Organisation, vera: User, world: dict[str, Any], kari: User, ola: User
) -> None:
    page = as_user(vera).get(reverse("brokerage:dashboard", args=[centre.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fisk AS" in html and "Laks AS" in html
    for secret in (kari.full_name, kari.email, ola.full_name, ola.email, "Ola wants", "own text"):
        assert secret not in html
    assert "Propose a cohort" not in html  # a viewer reads only


def test_searches_below_the_threshold_are_not_shown(
    centre: Organisation, eli: User, world: dict[str, Any]
) -> None:
    today = timezone.localdate()
    for _ in range(5):
        SearchLogEntry.objects.create(searched_on=today, query="tareforedling", result_count=0)
    for _ in range(4):
        SearchLogEntry.objects.create(searched_on=today, query="sjopolse", result_count=0)
    html = as_user(eli).get(reverse("brokerage:dashboard", args=[centre.slug])).content.decode()
    assert "tareforedling" in html
    assert "sjopolse" not in html


def test_gaps_from_matching_are_marked(centre: Organisation, world: dict[str, Any]) -> None:
    MatchRun.objects.create(need=world["sorreisa"], gap=True, fitting_count=0)
    MatchRun.objects.create(need=world["first"], gap=True, fitting_count=0)
    MatchRun.objects.create(need=world["first"], gap=False, fitting_count=2)  # latest
    rows = {r.municipality.code: r for r in queries.demand(centre)}
    assert rows["5526"].gap
    assert not rows["5530"].gap


def test_only_members_of_a_centre_see_its_dashboard(
    centre: Organisation, employer: Organisation, mona: User
) -> None:
    assert as_user(mona).get(reverse("brokerage:dashboard", args=[centre.slug])).status_code == 404
    assert (
        as_user(mona).get(reverse("brokerage:dashboard", args=[employer.slug])).status_code == 404
    )


def test_propose_a_cohort_for_a_cluster_tells_employers_and_adults(
    centre: Organisation,
    eli: User,
    mona: User,
    own_offering: Offering,
    world: dict[str, Any],
    kari: User,
    ola: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    fish = next(r for r in queries.demand(centre) if r.municipality.code == "5530")
    client = as_user(eli)
    url = reverse("brokerage:propose", args=[centre.slug])
    assert client.get(f"{url}?cluster={fish.key}").status_code == 200
    today = timezone.localdate()
    post = {
        "cluster": fish.key,
        "offering": str(own_offering.public_id),
        "venue_name": "Finnsnes",
        "start_date": (today + timedelta(days=50)).isoformat(),
        "end_date": (today + timedelta(days=80)).isoformat(),
        "application_deadline": (today + timedelta(days=30)).isoformat(),
        "minimum_participants": "10",
        "seats": "16",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, post)
    assert response.status_code == 302
    proposal = CohortProposal.objects.get()
    assert proposal.cohort.status == CohortStatus.PLANNED
    assert proposal.cohort.minimum_participants == 10
    assert sorted(n.pk for n in proposal.needs.all()) == sorted(fish.need_ids)
    told = sorted(m["to"][0] for m in mails())
    assert mona.email in told  # the employer behind the first need
    assert ola.email in told  # the person behind their own need
    assert kari.email in told  # the interest in Senja
    # The employer sees the proposal on the need's page and may accept by pledging.
    need_page = as_user(mona).get(world["first"].get_absolute_url()).content.decode()
    assert "A centre proposes a cohort for your need" in need_page
    assert reverse("enrolments:pledge", args=[proposal.cohort.public_id]) in need_page


def _below(offering: Offering, **kw: Any) -> Cohort:
    return make_cohort(offering, minimum_participants=6, seats=10, **kw)


def test_confirming_below_the_minimum_is_refused(
    centre: Organisation, eli: User, own_offering: Offering, kari: User
) -> None:
    cohort = _below(own_offering)
    enrolment_services.enrol(learner=kari, cohort=cohort)
    with pytest.raises(ValidationError):
        services.decide_cohort(actor=eli, centre=centre, cohort=cohort, go=True)
    assert Cohort.objects.get(pk=cohort.pk).status == CohortStatus.OPEN


@pytest.mark.parametrize("flag", ["guaranteed_start", "paid_empty_seats"])
def test_guaranteed_and_paid_seat_cohorts_run_below_the_minimum(
    centre: Organisation, eli: User, own_offering: Offering, flag: str
) -> None:
    cohort = _below(own_offering, **{flag: True})
    decided = services.decide_cohort(actor=eli, centre=centre, cohort=cohort, go=True)
    assert decided.status == CohortStatus.WILL_RUN


def test_confirm_when_pledges_and_sign_ups_reach_the_minimum_tells_everyone(
    centre: Organisation,
    eli: User,
    employer: Organisation,
    mona: User,
    own_offering: Offering,
    kari: User,
    ola: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cohort = make_cohort(own_offering, minimum_participants=2, seats=2)
    enrolment_services.enrol(learner=kari, cohort=cohort)
    with pytest.raises(ValidationError):
        services.decide_cohort(actor=eli, centre=centre, cohort=cohort, go=True)
    enrolment_services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=1)
    per = make_user("per@example.org", language="en")
    external = make_cohort(
        own_offering,
        minimum_participants=2,
        enrolment_method=EnrolmentMethod.EXTERNAL,
        application_url="https://example.org/apply",
    )
    before = len(mails())
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(eli).post(
            reverse("brokerage:decide_cohort", args=[centre.slug, cohort.public_id]),
            {"decision": "go"},
        )
    assert response.status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).status == CohortStatus.WILL_RUN
    sent = mails()[before:]
    assert sorted(m["to"][0] for m in sent) == sorted([kari.email, mona.email])
    assert all("will run" in m["body"] for m in sent)
    # The waitlist is told too (a full cohort has reached its minimum).
    full = make_cohort(own_offering, minimum_participants=1, seats=1)
    enrolment_services.enrol(learner=kari, cohort=full)
    enrolment_services.enrol(learner=ola, cohort=full)
    before = len(mails())
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_cohort(actor=eli, centre=centre, cohort=full, go=True)
    waiting = [m for m in mails()[before:] if m["to"] == [ola.email]]
    assert len(waiting) == 1 and "still on the waitlist" in waiting[0]["body"]
    # Cancelling reaches the pre-registered too.
    enrolment_services.pre_register(learner=per, cohort=external)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_cohort(actor=eli, centre=centre, cohort=external, go=False)
    assert Cohort.objects.get(pk=external.pk).status == CohortStatus.CANCELLED
    assert mails()[-1]["to"] == [per.email]
    assert "cancelled" in mails()[-1]["subject"].casefold()


def test_cohorts_below_the_minimum_on_the_dashboard_with_days_to_deadline(
    centre: Organisation, eli: User, own_offering: Offering
) -> None:
    today = timezone.localdate()
    _below(own_offering, application_deadline=today + timedelta(days=9))
    rows = queries.cohorts_to_decide(centre, today=today)
    assert [(r.progress.total, r.days_to_deadline) for r in rows] == [(0, 9)]
    html = as_user(eli).get(reverse("brokerage:dashboard", args=[centre.slug])).content.decode()
    assert "0 of 6" in html and "below the minimum" in html


def test_only_the_centres_own_cohorts_are_decided(
    centre: Organisation, eli: User, university_offering: Offering
) -> None:
    foreign = _below(university_offering, guaranteed_start=True)
    response = as_user(eli).post(
        reverse("brokerage:decide_cohort", args=[centre.slug, foreign.public_id]),
        {"decision": "go"},
    )
    assert response.status_code == 404
    assert Cohort.objects.get(pk=foreign.pk).status == CohortStatus.OPEN
    viewer = make_member(centre, Role.VIEWER).user
    own = _below(make_cohort.__globals__["make_offering"](centre), guaranteed_start=True)
    response = as_user(viewer).post(
        reverse("brokerage:decide_cohort", args=[centre.slug, own.public_id]),
        {"decision": "go"},
    )
    assert response.status_code == 403


def test_members_find_the_dashboard_on_the_centres_page(centre: Organisation, vera: User) -> None:
    page = as_user(vera).get(reverse("organisations:detail", args=[centre.slug])).content.decode()
    assert reverse("brokerage:dashboard", args=[centre.slug]) in page
    assert reverse("brokerage:requests", args=[centre.slug]) in page


def test_searches_that_found_little_near_the_centre_are_listed_apart(
    centre: Organisation, eli: User, world: dict[str, Any]
) -> None:
    today = timezone.localdate()
    senja, tromso = ensure_municipality("5530"), ensure_municipality("5501")
    for _ in range(5):
        SearchLogEntry.objects.create(
            searched_on=today, query="tareforedling", result_count=0, municipality=senja
        )
        SearchLogEntry.objects.create(
            searched_on=today, query="isbading", result_count=1, municipality=tromso
        )
    html = as_user(eli).get(reverse("brokerage:dashboard", args=[centre.slug])).content.decode()
    near, anywhere = html.split('id="searches-near"')[1].split('id="searches-anywhere"')
    assert "tareforedling" in near and "isbading" not in near  # Tromsø is not served
    assert "tareforedling" in anywhere and "isbading" in anywhere
