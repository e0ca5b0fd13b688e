"""Course requests: every state transition, the refused ones, the history both sides see, and
an accepted request becoming a planned cohort."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from livslang.accounts.models import User
from livslang.brokerage import services
from livslang.brokerage.models import CourseRequest, RequestKind, RequestStatus
from livslang.brokerage.tests.conftest import as_user, mails, make_need
from livslang.catalog.models import CohortStatus, Mode, Offering
from livslang.organisations.models import Organisation
from livslang.organisations.testing import ensure_municipality, make_user

pytestmark = pytest.mark.django_db


def _data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "kind": RequestKind.LOCAL_DELIVERY,
        "municipality": ensure_municipality("5530"),
        "venue_name": "Finnsnes, room 2",
        "start_date": today + timedelta(days=60),
        "end_date": today + timedelta(days=120),
        "application_deadline": today + timedelta(days=40),
        "minimum_participants": 8,
        "seats": 20,
        "message": "Twelve fish farmers want this in Finnsnes.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(
    centre: Organisation, eli: User, university_offering: Offering, employer: Organisation
) -> CourseRequest:
    return services.create_request(
        actor=eli,
        centre=centre,
        offering=university_offering,
        data=_data(),
        needs=[make_need(organisation=employer, participants=7)],
    )


def test_draft_sent_accepted_becomes_a_planned_cohort_then_go(
    draft: CourseRequest, eli: User, una: User, django_capture_on_commit_callbacks: Any
) -> None:
    assert draft.status == RequestStatus.DRAFT
    assert draft.provider == draft.offering.owner
    with django_capture_on_commit_callbacks(execute=True):
        services.send_request(actor=eli, course_request=draft)
    assert [m["to"] for m in mails()] == [[una.email]]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.answer_request(
            actor=una, course_request=draft, answer="accepted", terms="NOK 9000 per head."
        )
    assert accepted.status == RequestStatus.ACCEPTED
    cohort = accepted.cohort
    assert cohort is not None
    assert cohort.status == CohortStatus.PLANNED
    assert (cohort.start_date, cohort.minimum_participants) == (draft.start_date, 8)
    assert cohort.municipality is not None
    assert cohort.municipality.code == "5530"
    assert mails()[-1]["to"] == [eli.email]
    assert "accepted" in mails()[-1]["body"]
    with pytest.raises(ValidationError) as early:
        services.decide_request(actor=eli, course_request=accepted, go=True)
    assert "deadline" in str(early.value)
    decided = services.decide_request(
        actor=eli, course_request=accepted, go=True, today=draft.application_deadline
    )
    assert decided.status == RequestStatus.GO
    history = list(decided.events.values_list("status", flat=True))
    assert history == ["draft", "sent", "accepted", "go"]


def test_counter_proposal_goes_back_and_is_sent_again(
    draft: CourseRequest, eli: User, una: User
) -> None:
    services.send_request(actor=eli, course_request=draft)
    later = draft.start_date + timedelta(days=14)
    countered = services.answer_request(
        actor=una,
        course_request=draft,
        answer="countered",
        terms="We can start two weeks later.",
        start_date=later,
        end_date=later + timedelta(days=60),
    )
    assert countered.status == RequestStatus.COUNTERED
    assert countered.start_date == later
    assert countered.application_deadline <= later
    resent = services.send_request(actor=eli, course_request=countered)
    assert resent.status == RequestStatus.SENT
    declined = services.answer_request(
        actor=una, course_request=resent, answer="declined", terms="No teacher free."
    )
    assert declined.status == RequestStatus.DECLINED
    assert declined.cohort is None


def test_no_go_and_withdrawal(draft: CourseRequest, eli: User, una: User) -> None:
    services.send_request(actor=eli, course_request=draft)
    accepted = services.answer_request(actor=una, course_request=draft, answer="accepted")
    no_go = services.decide_request(
        actor=eli, course_request=accepted, go=False, today=draft.start_date
    )
    assert no_go.status == RequestStatus.NO_GO
    other = services.create_request(
        actor=eli, centre=draft.centre, offering=draft.offering, data=_data()
    )
    assert services.withdraw_request(actor=eli, course_request=other).status == "withdrawn"


@pytest.mark.parametrize(
    ("setup", "step"),
    [
        ([], "accept"),  # a draft is not answered
        ([], "decide"),  # nor decided
        (["send"], "send"),  # sent twice
        (["send", "decline"], "accept"),  # a declined request stays declined
        (["send", "decline"], "send"),
        (["send", "accept"], "withdraw"),  # an accepted request is decided, not withdrawn
        (["send", "accept"], "accept"),
        (["withdraw"], "send"),
    ],
)
def test_refused_transitions_change_nothing(
    draft: CourseRequest, eli: User, una: User, setup: list[str], step: str
) -> None:
    far = draft.start_date

    def run(name: str) -> None:
        found = CourseRequest.objects.get(pk=draft.pk)
        if name == "send":
            services.send_request(actor=eli, course_request=found)
        elif name == "withdraw":
            services.withdraw_request(actor=eli, course_request=found)
        elif name == "accept":
            services.answer_request(actor=una, course_request=found, answer="accepted")
        elif name == "decline":
            services.answer_request(actor=una, course_request=found, answer="declined")
        elif name == "decide":
            services.decide_request(actor=eli, course_request=found, go=True, today=far)

    for name in setup:
        run(name)
    before = CourseRequest.objects.get(pk=draft.pk)
    events = before.events.count()
    with pytest.raises(ValidationError):
        run(step)
    after = CourseRequest.objects.get(pk=draft.pk)
    assert after.status == before.status
    assert after.events.count() == events


def test_only_each_side_moves_its_steps(
    draft: CourseRequest, eli: User, una: User, vera: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.send_request(actor=una, course_request=draft)  # the provider does not send
    with pytest.raises(PermissionDenied):
        services.send_request(actor=vera, course_request=draft)  # a viewer does not
    services.send_request(actor=eli, course_request=draft)
    with pytest.raises(PermissionDenied):
        services.answer_request(actor=eli, course_request=draft, answer="accepted")
    assert CourseRequest.objects.get(pk=draft.pk).status == RequestStatus.SENT


def test_a_request_for_the_centres_own_offering_is_refused(
    centre: Organisation, eli: User, own_offering: Offering
) -> None:
    with pytest.raises(ValidationError):
        services.create_request(actor=eli, centre=centre, offering=own_offering, data=_data())
    assert not CourseRequest.objects.exists()


def test_a_study_group_request_becomes_an_online_cohort(
    centre: Organisation, eli: User, una: User, university_offering: Offering
) -> None:
    made = services.create_request(
        actor=eli,
        centre=centre,
        offering=university_offering,
        data=_data(kind=RequestKind.STUDY_GROUP),
    )
    services.send_request(actor=eli, course_request=made)
    accepted = services.answer_request(actor=una, course_request=made, answer="accepted")
    assert accepted.cohort is not None
    assert accepted.cohort.mode == Mode.ONLINE


def test_pages_for_both_sides_and_nobody_else(
    centre: Organisation,
    eli: User,
    una: User,
    university_offering: Offering,
    employer: Organisation,
) -> None:
    need = make_need(organisation=employer, participants=7)
    centre_client = as_user(eli)
    form = centre_client.get(reverse("brokerage:request_create", args=[centre.slug]))
    assert form.status_code == 200
    today = timezone.localdate()
    post = {
        "offering": str(university_offering.public_id),
        "kind": "local",
        "municipality": str(ensure_municipality("5530").pk),
        "venue_name": "Finnsnes",
        "start_date": (today + timedelta(days=60)).isoformat(),
        "end_date": (today + timedelta(days=90)).isoformat(),
        "application_deadline": (today + timedelta(days=70)).isoformat(),
        "minimum_participants": "8",
        "seats": "20",
        "needs": [str(need.public_id)],
    }
    invalid = centre_client.post(reverse("brokerage:request_create", args=[centre.slug]), post)
    assert invalid.status_code == 200  # the deadline is after the start
    assert "error-summary" in invalid.content.decode() or "Deadline" in invalid.content.decode()
    post["application_deadline"] = (today + timedelta(days=40)).isoformat()
    created = centre_client.post(reverse("brokerage:request_create", args=[centre.slug]), post)
    assert created.status_code == 302
    made = CourseRequest.objects.get()
    assert list(made.needs.all()) == [need]
    url = made.get_absolute_url()
    centre_client.post(reverse("brokerage:request_send", args=[made.public_id]))
    provider_page = as_user(una).get(url).content.decode()
    assert "Your answer" in provider_page
    assert "7 people" in provider_page
    answer = as_user(una).post(
        reverse("brokerage:request_answer", args=[made.public_id]),
        {"answer": "accepted", "terms": "Fine by us."},
    )
    assert answer.status_code == 302
    page = centre_client.get(url).content.decode()
    assert "Fine by us." in page and "accepted" in page
    assert as_user(make_user()).get(url).status_code == 404


def test_an_accepted_requests_cohort_is_on_the_centres_dashboard_decided_on_the_request(
    draft: CourseRequest, eli: User, una: User
) -> None:
    from livslang.brokerage.queries import cohorts_to_decide

    services.send_request(actor=eli, course_request=draft)
    accepted = services.answer_request(actor=una, course_request=draft, answer="accepted")
    rows = cohorts_to_decide(draft.centre, today=timezone.localdate())
    assert [(r.cohort, r.own) for r in rows] == [(accepted.cohort, False)]
    html = as_user(eli).get(reverse("brokerage:dashboard", args=[draft.centre.slug]))
    assert "Decided on the course request" in html.content.decode()


def test_an_unknown_answer_is_refused(draft: CourseRequest, eli: User, una: User) -> None:
    services.send_request(actor=eli, course_request=draft)
    with pytest.raises(ValidationError):
        services.answer_request(actor=una, course_request=draft, answer="maybe")
    assert CourseRequest.objects.get(pk=draft.pk).status == RequestStatus.SENT


def test_a_persons_need_behind_a_request_shows_no_title(
    centre: Organisation, eli: User, una: User, university_offering: Offering, kari: User
) -> None:
    need = make_need(person=kari, participants=1, title="Kari Nordmann wants aquaculture")
    client = as_user(eli)
    form = client.get(reverse("brokerage:request_create", args=[centre.slug])).content.decode()
    assert str(need.public_id) in form and "Kari" not in form
    made = services.create_request(
        actor=eli, centre=centre, offering=university_offering, data=_data(), needs=[need]
    )
    services.send_request(actor=eli, course_request=made)
    page = as_user(una).get(made.get_absolute_url()).content.decode()
    assert "a person&#x27;s need" in page or "a person's need" in page
    assert "Kari" not in page
