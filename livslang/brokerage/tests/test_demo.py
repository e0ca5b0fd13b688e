"""The demo brokerage: a pledge and a sent course request around Finnsnes, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from livslang.brokerage.models import CourseRequest, RequestStatus
from livslang.brokerage.queries import demand
from livslang.enrolments.models import Pledge
from livslang.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_brokerage() -> None:
    call_command("load_geo", verbosity=0)
    call_command("demo", verbosity=0)
    pledge = Pledge.objects.get(is_demo=True)
    assert pledge.organisation.slug == "finnsnes-fiskeindustri"
    assert pledge.cohort.offering.owner.slug == "studiesenteret-finnsnes"
    request = CourseRequest.objects.get(is_demo=True)
    assert request.status == RequestStatus.SENT
    assert request.centre.slug == "studiesenteret-finnsnes"
    assert request.needs.count() == 1
    assert list(request.events.values_list("status", flat=True)) == ["draft", "sent"]
    # The demo employer's needs are demand on the centre's dashboard.
    centre = Organisation.objects.get(slug="studiesenteret-finnsnes")
    assert any("Fiskeindustri" in ", ".join(row.employer_names) for row in demand(centre))
    call_command("demo", verbosity=0)
    assert (Pledge.objects.count(), CourseRequest.objects.count()) == (1, 1)
