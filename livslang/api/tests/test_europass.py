"""The Europass export: ELM-aligned JSON-LD of published offerings and their cohorts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from livslang.api.tests.conftest import World


@pytest.mark.django_db
def test_learning_opportunities_of_published_offerings(api: Client, world: World) -> None:
    world.cohort.minimum_participants = 8
    world.cohort.guaranteed_start = True
    world.cohort.save()
    world.offering.credits_value = Decimal("7.5")
    world.offering.credits_unit = "ects"
    world.offering.save()
    response = api.get("/api/v1/europass/learning-opportunities")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"]["elm"] == "http://data.europa.eu/snb/model/elm/"
    nodes = {n["dc:identifier"]: n for n in document["@graph"]}
    assert str(world.draft.public_id) not in nodes
    node = nodes[str(world.offering.public_id)]
    assert node["type"] == "elm:LearningOpportunity"
    spec = node["elm:learningAchievementSpecification"]
    assert spec["elm:creditPoint"]["elm:point"] == "7.5"
    cohort = node["elm:hasPart"][0]
    assert cohort["elm:temporal"]["elm:startDate"]["@value"] == world.cohort.start_date.isoformat()
    assert cohort["elm:priceDetail"]["elm:amount"]["elm:value"] == "1500"
    # What no standard carries stays in the livslang: extension.
    assert cohort["livslang:minimumParticipants"] == 8
    assert cohort["livslang:guaranteedStart"] is True
    assert cohort["livslang:enrolmentMethod"] == "livslang"
    assert document["livslang:page"]["count"] == 2


@pytest.mark.django_db
def test_one_learning_opportunity_and_no_drafts(api: Client, world: World) -> None:
    one = api.get(f"/api/v1/europass/learning-opportunities/{world.offering.public_id}")
    assert one.status_code == 200
    assert one.json()["@graph"][0]["dc:identifier"] == str(world.offering.public_id)
    draft = api.get(f"/api/v1/europass/learning-opportunities/{world.draft.public_id}")
    assert draft.status_code == 404
