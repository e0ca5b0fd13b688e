"""Pledges and the counter toward a cohort's minimum: pledged participants, pre-registrations
and confirmed enrolments count; waitlisted, withdrawn and cancelled do not."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.brokerage.tests.conftest import as_user, make_need
from livslang.catalog.models import CohortStatus, EnrolmentMethod, Offering
from livslang.catalog.testing import make_cohort
from livslang.enrolments import queries, services
from livslang.enrolments.models import Pledge, PledgeStatus
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_pledges_pre_registrations_and_confirmed_count_toward_the_minimum(
    own_offering: Offering, employer: Organisation, mona: User, kari: User, ola: User
) -> None:
    cohort = make_cohort(own_offering, seats=1, minimum_participants=10)
    services.enrol(learner=kari, cohort=cohort)  # the one seat
    services.enrol(learner=ola, cohort=cohort)  # waitlisted: does not count
    services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=4)
    external = make_cohort(
        own_offering,
        minimum_participants=3,
        enrolment_method=EnrolmentMethod.EXTERNAL,
        application_url="https://example.org/apply",
    )
    services.pre_register(learner=kari, cohort=external)
    services.pre_register(learner=ola, cohort=external)

    progress = queries.minimum_progress(cohort)
    assert (progress.confirmed, progress.pledged, progress.pre_registered) == (1, 4, 0)
    assert progress.total == 5
    assert not progress.reached
    assert progress.short_by == 5
    assert queries.minimum_progress(external).total == 2

    page = as_user(None).get(own_offering.get_absolute_url()).content.decode()
    assert "5 of 10 toward the minimum" in page
    assert "2 of 3 toward the minimum" in page


def test_pledging_again_changes_the_number_and_withdrawing_stops_counting(
    own_offering: Offering, employer: Organisation, mona: User
) -> None:
    cohort = make_cohort(own_offering, minimum_participants=8)
    first = services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=3)
    again = services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=6)
    assert again.pk == first.pk
    assert queries.minimum_progress(cohort).pledged == 6
    services.withdraw_pledge(actor=mona, pledge=again)
    assert queries.minimum_progress(cohort).pledged == 0
    assert Pledge.objects.get(pk=first.pk).status == PledgeStatus.WITHDRAWN
    actions = AuditEntry.objects.filter(object_type="enrolments.pledge").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["pledge.create", "pledge.update", "pledge.withdraw"]


@pytest.mark.parametrize(
    "status", [CohortStatus.WILL_RUN, CohortStatus.RUNNING, CohortStatus.CANCELLED]
)
def test_pledges_only_to_planned_or_open_cohorts(
    own_offering: Offering, employer: Organisation, mona: User, status: str
) -> None:
    cohort = make_cohort(own_offering, status=status)
    with pytest.raises(ValidationError):
        services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=2)
    assert not Pledge.objects.exists()
    planned = make_cohort(own_offering, status=CohortStatus.PLANNED)
    assert services.pledge(actor=mona, organisation=employer, cohort=planned, participants=2)


def test_only_editors_of_an_employer_pledge(
    own_offering: Offering, employer: Organisation, emil: User, eli: User, centre: Organisation
) -> None:
    cohort = make_cohort(own_offering)
    with pytest.raises(PermissionDenied):
        services.pledge(actor=emil, organisation=employer, cohort=cohort, participants=2)
    with pytest.raises(PermissionDenied):  # a centre is not an employer
        services.pledge(actor=eli, organisation=centre, cohort=cohort, participants=2)
    with pytest.raises(PermissionDenied):
        services.pledge(actor=make_user(), organisation=employer, cohort=cohort, participants=2)
    municipality = make_organisation(Kind.MUNICIPALITY, name="Senja kommune")
    hr = make_member(municipality, Role.ADMIN).user
    assert services.pledge(actor=hr, organisation=municipality, cohort=cohort, participants=1)
    assert Pledge.objects.count() == 1


def test_a_pledge_links_only_its_own_organisations_need(
    own_offering: Offering, employer: Organisation, mona: User
) -> None:
    other = make_organisation(Kind.EMPLOYER, name="Other AS")
    need = make_need(organisation=other)
    with pytest.raises(PermissionDenied):
        services.pledge(
            actor=mona,
            organisation=employer,
            cohort=make_cohort(own_offering),
            participants=1,
            need=need,
        )


def test_pledge_page_and_my_pledges(
    own_offering: Offering, employer: Organisation, mona: User, emil: User
) -> None:
    cohort = make_cohort(own_offering, minimum_participants=6)
    need = make_need(organisation=employer, participants=4)
    client = as_user(mona)
    url = reverse("enrolments:pledge", args=[cohort.public_id])
    page = client.get(f"{url}?need={need.public_id}")
    assert page.status_code == 200
    assert 'value="4"' in page.content.decode()
    invalid = client.post(url, {"organisation": employer.slug, "participants": "0"})
    assert invalid.status_code == 200
    assert not Pledge.objects.exists()
    done = client.post(
        url, {"organisation": employer.slug, "participants": "4", "need": str(need.public_id)}
    )
    assert done.status_code == 302
    made = Pledge.objects.get()
    assert (made.participants, made.need_id, made.pledged_by_id) == (4, need.pk, mona.pk)
    mine = client.get(reverse("enrolments:pledges")).content.decode()
    assert own_offering.title in mine
    # A viewer may read the page but has no employer to pledge for, and cannot withdraw.
    assert "Only editors and administrators" in as_user(emil).get(url).content.decode()
    withdraw = reverse("enrolments:withdraw_pledge", args=[made.public_id])
    assert as_user(emil).post(withdraw).status_code == 404
    assert client.post(withdraw).status_code == 302
    assert Pledge.objects.get().status == PledgeStatus.WITHDRAWN


def test_paid_empty_seats_is_recorded_on_the_cohort_and_shown(own_offering: Offering) -> None:
    make_cohort(own_offering, minimum_participants=12, paid_empty_seats=True)
    page = as_user(None).get(own_offering.get_absolute_url()).content.decode()
    assert "empty seats paid for" in page
    assert "0 of 12 toward the minimum" in page


def test_the_counter_is_on_the_sign_up_page(
    own_offering: Offering, employer: Organisation, mona: User, kari: User
) -> None:
    cohort = make_cohort(own_offering, minimum_participants=9)
    services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=3)
    page = as_user(kari).get(reverse("enrolments:sign_up", args=[cohort.public_id]))
    assert "3 of 9 toward the minimum" in page.content.decode()


def test_a_pledge_is_e_mailed_to_the_editors_of_the_cohorts_organiser(
    own_offering: Offering,
    employer: Organisation,
    mona: User,
    eli: User,
    vera: User,
    django_capture_on_commit_callbacks,
) -> None:
    from livslang.brokerage.tests.conftest import mails

    cohort = make_cohort(own_offering, minimum_participants=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=4)
    sent = mails()
    assert [m["to"] for m in sent] == [[eli.email]]  # editors only: Vera is a viewer
    assert sent[0]["subject"] == "A pledge for Fiskehelse"
    assert "Fisk AS has pledged 4 participants to Fiskehelse" in sent[0]["body"]
    assert "Toward the minimum: 4 of 10" in sent[0]["body"]
    # The same number again changes nothing and tells nobody; a new number is told.
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=4)
        services.pledge(actor=mona, organisation=employer, cohort=cohort, participants=6)
    assert len(mails()) == 2
    assert "has pledged 6 participants" in mails()[1]["body"]
