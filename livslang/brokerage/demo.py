"""Demo brokerage around Finnsnes: the demo employer pledges participants toward the minimum
of a cohort at Studiesenteret Finnsnes (for its public need), and the centre has sent a
university a course request for its private need, asking for a local run in Finnsnes.
Clearly demo: rows carry ``is_demo`` and the request's message says so. Idempotent: a second
run only moves the request's dates with the demo world."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F

from livslang.accounts.models import User
from livslang.brokerage import services
from livslang.brokerage.models import CourseRequest, RequestKind
from livslang.catalog.models import Cohort, CohortStatus, Offering
from livslang.demo.services import DemoContribution
from livslang.enrolments import services as enrolment_services
from livslang.enrolments.models import Pledge
from livslang.needs.models import Need
from livslang.organisations.models import Kind, Organisation

ORDER = 50
CENTRE = "studiesenteret-finnsnes"
EMPLOYER = "finnsnes-fiskeindustri"


def build(*, today: date, shift: timedelta) -> DemoContribution:
    centre = Organisation.objects.filter(slug=CENTRE).first()
    employer = Organisation.objects.filter(slug=EMPLOYER).first()
    editor = User.objects.filter(email="org_editor@demo.livslang.test").first()
    manager = User.objects.filter(email="employer@demo.livslang.test").first()
    if centre is None or employer is None or editor is None or manager is None:
        return DemoContribution(app="brokerage", summary="skipped: no demo centre or employer")
    if CourseRequest.objects.filter(is_demo=True).exists():
        CourseRequest.objects.filter(is_demo=True).update(
            start_date=F("start_date") + shift,
            end_date=F("end_date") + shift,
            application_deadline=F("application_deadline") + shift,
        )
        return DemoContribution(app="brokerage", summary="course request moved")
    needs = list(Need.objects.filter(organisation=employer, is_demo=True).order_by("pk"))
    made = []
    cohort = (
        Cohort.objects.filter(
            offering__owner=centre,
            status__in=(CohortStatus.PLANNED, CohortStatus.OPEN),
            minimum_participants__isnull=False,
            start_date__gt=today,
        )
        .order_by("start_date", "pk")
        .first()
    )
    if cohort is not None:
        pledge = enrolment_services.pledge(
            actor=manager,
            organisation=employer,
            cohort=cohort,
            participants=4,
            need=needs[0] if needs else None,
        )
        Pledge.objects.filter(pk=pledge.pk).update(is_demo=True)
        made.append("a pledge of 4")
    offering = (
        Offering.objects.published()
        .exclude(owner=centre)
        .filter(provider__kind=Kind.PROVIDER, owner__country="NO")
        .order_by("title")
        .first()
    )
    senja = centre.home_municipality
    if offering is not None and senja is not None:
        request = services.create_request(
            actor=editor,
            centre=centre,
            offering=offering,
            data={
                "kind": RequestKind.LOCAL_DELIVERY,
                "municipality": senja,
                "venue_name": "Studiesenteret Finnsnes, rom 2",
                "start_date": today + timedelta(days=120),
                "end_date": today + timedelta(days=200),
                "application_deadline": today + timedelta(days=90),
                "minimum_participants": 8,
                "seats": 20,
                "message": "Demo: Finnsnes Fiskeindustri and others need this locally.",
            },
            needs=needs[1:2],
        )
        services.send_request(actor=editor, course_request=request)
        CourseRequest.objects.filter(pk=request.pk).update(is_demo=True)
        made.append("a course request")
    return DemoContribution(app="brokerage", summary=", ".join(made) or "nothing to broker")
