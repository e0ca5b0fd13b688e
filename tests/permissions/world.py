"""The cast and objects the permission matrix runs against: an "own" organisation whose
members hold the org roles, an "other" organisation, and a pending request."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone

from livslang.accounts.models import User
from livslang.api import services as api_services
from livslang.api.models import ApiToken
from livslang.catalog.imports import ImportReport
from livslang.catalog.imports.jobs import report_data
from livslang.catalog.models import Cohort, EnrolmentMethod, ImportJob, ImportStage, Offering
from livslang.catalog.testing import make_cohort, make_offering
from livslang.enrolments.models import Enrolment, EnrolmentStatus, PreRegistration, SavedSearch
from livslang.needs.models import Need
from livslang.organisations import services as organisation_services
from livslang.organisations.models import Invitation, Kind, Membership, Organisation, Role, Status
from livslang.organisations.testing import ensure_municipality, make_organisation
from livslang.programmes.models import (
    Action,
    Agreement,
    CoordinationGroup,
    Evidence,
    Experience,
    Goal,
    Initiative,
    Meeting,
    Programme,
    Track,
)
from livslang.programmes.testing import (
    make_action,
    make_agreement,
    make_experience,
    make_follow_up,
    make_goal,
    make_group,
    make_meeting,
    make_programme,
    make_track,
)

ROLES = ("anonymous", "learner", "org_viewer", "org_editor", "org_admin", "platform_admin")
PASSWORD = "the matrix passphrase"


@functools.cache
def _password_hash() -> str:
    # Hashed once: Argon2 is slow on purpose, and the cast is rebuilt for every URL.
    return make_password(PASSWORD)


def _person(email: str, **fields: Any) -> User:
    user = User(email=email, full_name=email.split("@")[0].title(), **fields)
    user.password = _password_hash()
    user.save()
    return user


@dataclass
class World:
    users: dict[str, User]
    own: Organisation
    other: Organisation
    pending: Organisation
    own_target: Membership
    other_target: Membership
    own_invitation: Invitation
    other_invitation: Invitation
    own_offering: Offering
    other_offering: Offering
    own_cohort: Cohort
    other_cohort: Cohort
    own_import_job: ImportJob
    other_import_job: ImportJob
    # Sign-ups: "own" is the learner's (Lars's), "other" someone else's (Tina's).
    external_cohort: Cohort
    own_enrolment: Enrolment
    other_enrolment: Enrolment
    own_pre_registration: PreRegistration
    other_pre_registration: PreRegistration
    # Saved searches: "own" is the learner's (Lars's), "other" someone else's.
    own_saved_search: SavedSearch
    other_saved_search: SavedSearch
    programmes: dict[str, Programme]
    tracks: dict[tuple[str, str], Track]
    goals: dict[tuple[str, str], Goal]
    actions: dict[tuple[str, str], Action]
    initiatives: dict[str, Initiative]
    # Competence needs by (relation, visibility): "own" registered for the own organisation.
    needs: dict[tuple[str, str], Need]
    # Programmes II, by programme state (secretariat / partner / private): each programme's
    # coordination group (the own org_editor sits in the secretariat programme's group),
    # a meeting, a decision's follow-up and an experience.
    groups: dict[str, CoordinationGroup]
    meetings: dict[str, Meeting]
    follow_ups: dict[str, Action]
    evidence: dict[str, Evidence]  # a document of each follow-up
    experiences: dict[str, Experience]
    # Agreements by state: "party" (private; own follows up region one, other region two),
    # "public" (the other organisation's) and "private" (the other organisation's).
    agreements: dict[str, Agreement]
    agreement_regions: dict[tuple[str, str], tuple[Agreement, str]]
    # API tokens of each organisation (made by its administrator).
    own_api_token: ApiToken
    other_api_token: ApiToken
    # Brokerage: an employer's pledge to the own cohort (nobody in the cast may withdraw it);
    # course requests by (relation, state): ("own", "sent") the own centre asks the other,
    # ("own", "received") the other asks the own centre, ("other", "sent") strangers.
    pledge: Any = None
    course_requests: Any = None

    def organisation(self, relation: str, state: str) -> Organisation:
        if state == "pending":
            return self.pending
        return self.own if relation == "own" else self.other

    def offering(self, relation: str) -> Offering:
        return self.own_offering if relation == "own" else self.other_offering

    def cohort(self, relation: str) -> Cohort:
        return self.own_cohort if relation == "own" else self.other_cohort

    def import_job(self, relation: str) -> ImportJob:
        return self.own_import_job if relation == "own" else self.other_import_job

    def enrolment(self, relation: str) -> Enrolment:
        return self.own_enrolment if relation == "own" else self.other_enrolment

    def pre_registration(self, relation: str) -> PreRegistration:
        return self.own_pre_registration if relation == "own" else self.other_pre_registration

    def saved_search(self, relation: str) -> SavedSearch:
        return self.own_saved_search if relation == "own" else self.other_saved_search

    def programme(self, relation: str, state: str) -> Programme:
        return self.programmes[state]

    def track(self, relation: str, state: str) -> Track:
        return self.tracks[(relation, state)]


def _enrolment(cohort: Cohort, learner: User) -> Enrolment:
    """A confirmed place, written directly (the counter kept right by hand)."""
    Cohort.objects.filter(pk=cohort.pk).update(confirmed_count=F("confirmed_count") + 1)
    return Enrolment.objects.create(
        cohort=cohort, learner=learner, status=EnrolmentStatus.CONFIRMED
    )


def _saved_search(user: User) -> SavedSearch:
    return SavedSearch.objects.create(
        user=user, name="kurs", query="q=kurs", checked_until=timezone.now()
    )


def _checked_job(organisation: Organisation, actor: User) -> ImportJob:
    """A file its uploader checked cleanly and may now confirm."""
    return ImportJob.objects.create(
        organisation=organisation,
        actor=actor,
        filename="offerings.csv",
        format="csv",
        mode="all-or-nothing",
        language="en",
        content=b"offering_identifier\r\n",
        stage=ImportStage.CHECKED,
        report=report_data(ImportReport(total_items=1, created=1)),
    )


def _programmes(own: Organisation, other: Organisation) -> dict[str, Any]:
    """Three programmes: a public one the own organisation runs (with a track of the other
    organisation), a private one of the other organisation in which the own organisation owns
    a track, and a private one the own organisation has no part in."""
    run = make_programme(own, name="Own programme", is_public=True)
    shared = make_programme(other, name="Shared programme")
    foreign = make_programme(other, name="Foreign programme")
    tracks = {
        ("own", "secretariat"): make_track(run, [other], name="Their track in our programme"),
        ("own", "track_owner"): make_track(shared, [own], name="Our track"),
        ("other", "partner"): make_track(shared, [other], name="Their track"),
        ("other", "private"): make_track(foreign, [other], name="Foreign track"),
    }
    return {
        "programmes": {"secretariat": run, "partner": shared, "private": foreign},
        "tracks": tracks,
        "goals": {key: make_goal(track.programme, track) for key, track in tracks.items()},
        "actions": {key: make_action(track) for key, track in tracks.items()},
        "initiatives": {
            state: Initiative.objects.create(
                programme=programme, name=f"{programme.name} initiative"
            )
            for state, programme in (
                ("secretariat", run),
                ("partner", shared),
                ("private", foreign),
            )
        },
    }


_EVIDENCE_DOCUMENT = "programmes/evidence/matrix.txt"


def _programmes_two(
    own: Organisation, other: Organisation, users: dict[str, User], found: dict[str, Any]
) -> dict[str, Any]:
    """Groups, meetings, follow-ups, experiences and agreements (see ``World``)."""
    from datetime import timedelta

    today = timezone.localdate()
    programmes = found["programmes"]
    otto = User.objects.get(email="otto.other@example.org")
    groups = {
        "secretariat": make_group(programmes["secretariat"], ((users["org_editor"], own),)),
        "partner": make_group(programmes["partner"], ((otto, other),)),
        "private": make_group(programmes["private"], ((otto, other),)),
    }
    meetings = {
        state: make_meeting(group, today - timedelta(days=1)) for state, group in groups.items()
    }
    # The group's member updates the first; the own organisation answers for the second.
    follow_ups = {
        "secretariat": make_follow_up(meetings["secretariat"], other),
        "partner": make_follow_up(meetings["partner"], own),
        "private": make_follow_up(meetings["private"], other),
    }
    if not default_storage.exists(_EVIDENCE_DOCUMENT):
        default_storage.save(_EVIDENCE_DOCUMENT, ContentFile(b"Evidence from the matrix.\n"))
    evidence = {
        state: Evidence.objects.create(
            action=action, kind="document", description="Minutes", document=_EVIDENCE_DOCUMENT
        )
        for state, action in follow_ups.items()
    }
    experiences = {
        state: make_experience(programme, other, title=f"Experience of {programme.name}")
        for state, programme in programmes.items()
    }
    region_one = ensure_municipality("340").region
    region_two = ensure_municipality("101").region
    agreements = {
        "party": make_agreement(
            [(own, [region_one]), (other, [region_two])], ["A commitment"], title="Ours"
        ),
        "public": make_agreement([(other, [region_two])], ["A commitment"], is_public=True),
        "private": make_agreement([(other, [region_two])], ["A commitment"], title="Theirs"),
    }
    return {
        "groups": groups,
        "meetings": meetings,
        "follow_ups": follow_ups,
        "evidence": evidence,
        "experiences": experiences,
        "agreements": agreements,
        "agreement_regions": {
            ("own", "party"): (agreements["party"], region_one.code),
            ("other", "party"): (agreements["party"], region_two.code),
            ("other", "public"): (agreements["public"], region_two.code),
            ("other", "private"): (agreements["private"], region_two.code),
        },
    }


def _invitation(organisation: Organisation, inviter: User, email: str) -> Invitation:
    invitation, _token = organisation_services.invite(
        actor=inviter, organisation=organisation, email=email, role=Role.VIEWER
    )
    return invitation


def _needs(own: Organisation, other: Organisation, editor: User, other_admin: User) -> dict:
    from livslang.catalog.testing import make_postcode

    postcode = make_postcode()  # 9300, so forms that post a need can resolve it
    needs = {}
    for relation, organisation, author in (("own", own, editor), ("other", other, other_admin)):
        for visibility in ("private", "public"):
            needs[(relation, visibility)] = Need.objects.create(
                organisation=organisation,
                registered_by=author,
                title=f"{relation} {visibility} need",
                text="Vi trenger kurs i velferdsteknologi.",
                language="nb",
                participants=3,
                country="NO",
                postcode=postcode.code,
                latitude=postcode.lat,
                longitude=postcode.lon,
                earliest_start=date(2027, 1, 1),
                latest_start=date(2027, 12, 31),
                modes=["on_site", "online"],
                currency="NOK",
                visibility=visibility,
            )
    return needs


def build_world() -> World:
    from django.utils import timezone

    verified = {"email_verified_at": timezone.now()}
    users = {
        "learner": _person("lars.learner@example.org", **verified),
        "org_viewer": _person("vera.viewer@example.org", **verified),
        "org_editor": _person("eddie.editor@example.org", **verified),
        "org_admin": _person("ada.admin@example.org", **verified),
        "platform_admin": _person(
            "petra.platform@example.org", is_staff=True, is_superuser=True, **verified
        ),
    }
    own = make_organisation(Kind.CENTRE, slug="own-centre", name="Own centre")
    other = make_organisation(Kind.CENTRE, slug="other-centre", name="Other centre")
    requester = _person("rita.requester@example.org", **verified)
    pending = make_organisation(
        Kind.EMPLOYER,
        slug="pending-employer",
        name="Pending employer",
        status=Status.PENDING,
        requested_by=requester,
    )
    for role, name in (
        ("org_viewer", Role.VIEWER),
        ("org_editor", Role.EDITOR),
        ("org_admin", Role.ADMIN),
    ):
        Membership.objects.create(user=users[role], organisation=own, role=name)
    # A second admin, so the first may leave or hand over; a plain member to act on.
    Membership.objects.create(
        user=_person("alf.admin@example.org", **verified), organisation=own, role=Role.ADMIN
    )
    own_target = Membership.objects.create(
        user=_person("tina.target@example.org", **verified), organisation=own, role=Role.VIEWER
    )
    other_admin = _person("otto.other@example.org", **verified)
    Membership.objects.create(user=other_admin, organisation=other, role=Role.ADMIN)
    other_target = Membership.objects.create(
        user=_person("olga.other@example.org", **verified), organisation=other, role=Role.VIEWER
    )
    # A published offering with one open cohort in each organisation's catalogue.
    own_offering = make_offering(own, title="Own course")
    other_offering = make_offering(other, title="Other course")
    own_cohort = make_cohort(own_offering)
    external_cohort = make_cohort(
        other_offering,
        seats=None,
        enrolment_method=EnrolmentMethod.EXTERNAL,
        application_url="https://provider.example/apply",
    )
    programmes = _programmes(own, other)
    return World(
        users=users,
        own=own,
        other=other,
        pending=pending,
        own_target=own_target,
        other_target=other_target,
        own_invitation=_invitation(own, users["org_admin"], "invited.own@example.org"),
        other_invitation=_invitation(other, other_admin, "invited.other@example.org"),
        own_offering=own_offering,
        other_offering=other_offering,
        own_cohort=own_cohort,
        other_cohort=make_cohort(other_offering),
        own_import_job=_checked_job(own, users["org_editor"]),
        other_import_job=_checked_job(other, other_admin),
        external_cohort=external_cohort,
        own_enrolment=_enrolment(own_cohort, users["learner"]),
        other_enrolment=_enrolment(own_cohort, own_target.user),
        own_pre_registration=PreRegistration.objects.create(
            cohort=external_cohort, learner=users["learner"]
        ),
        other_pre_registration=PreRegistration.objects.create(
            cohort=external_cohort, learner=own_target.user
        ),
        own_saved_search=_saved_search(users["learner"]),
        other_saved_search=_saved_search(own_target.user),
        needs=_needs(own, other, users["org_editor"], other_admin),
        **programmes,
        **_programmes_two(own, other, users, programmes),
        own_api_token=api_services.create_token(
            actor=users["org_admin"], organisation=own, name="Own system", scope="write"
        )[0],
        other_api_token=api_services.create_token(
            actor=other_admin, organisation=other, name="Other system", scope="write"
        )[0],
        **_brokerage(own, other, own_cohort, other_offering, own_offering, other_admin),
    )


def _brokerage(
    own: Organisation,
    other: Organisation,
    own_cohort: Cohort,
    other_offering: Offering,
    own_offering: Offering,
    other_admin: User,
) -> dict[str, Any]:
    from livslang.brokerage.models import CourseRequest, RequestStatus
    from livslang.enrolments.models import Pledge
    from livslang.organisations.testing import ensure_municipality

    employer = make_organisation(Kind.EMPLOYER, slug="pledging-employer", name="Pledging AS")
    stranger = make_organisation(Kind.CENTRE, slug="stranger-centre", name="Stranger centre")
    municipality = ensure_municipality("5530")

    def request(centre: Organisation, offering: Offering) -> CourseRequest:
        return CourseRequest.objects.create(
            centre=centre,
            provider=offering.owner,
            offering=offering,
            municipality=municipality,
            start_date=date(2027, 3, 1),
            end_date=date(2027, 5, 1),
            application_deadline=date(2027, 2, 1),
            minimum_participants=5,
            seats=10,
            status=RequestStatus.SENT,
        )

    return {
        "pledge": Pledge.objects.create(organisation=employer, cohort=own_cohort, participants=2),
        "course_requests": {
            ("own", "sent"): request(own, other_offering),
            ("own", "received"): request(other, own_offering),
            ("other", "sent"): request(stranger, other_offering),
        },
    }
