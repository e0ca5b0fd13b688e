"""LOAD-03 for programmes: the pages' query counts do not grow with the programme."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.programmes.models import Initiative, Programme
from livslang.programmes.testing import make_action, make_goal, make_programme, make_track, measure

pytestmark = pytest.mark.django_db


def _grow(programme: Programme, owner: Organisation, n: int) -> None:
    overall = make_goal(programme)
    for _ in range(n):
        track = make_track(programme, [owner])
        goal = make_goal(programme, track, parent=overall)
        measure(goal, "12", date(2026, 1, 31))
        make_action(track, responsible_organisation=owner)
        Initiative.objects.create(programme=programme, name="I", owner=owner).tracks.set([track])


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page", ["", "overview/", "actions/", "report/", "report.xlsx", "progress.json"]
)
def test_query_count_does_not_grow_with_the_programme(page: str) -> None:
    region = make_organisation(Kind.REGION, "340", slug="region")
    client = Client()
    client.force_login(make_member(region, Role.EDITOR).user)
    small = make_programme(region, is_public=True)
    _grow(small, region, 1)
    large = make_programme(region, is_public=True)
    _grow(large, region, 6)
    counts = [_count(client, f"/programmes/{p.slug}/{page}") for p in (small, large)]
    assert counts[0] == counts[1]
    assert counts[1] <= 25
