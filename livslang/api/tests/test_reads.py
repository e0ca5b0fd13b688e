"""Public reads, field-level output per role, paging limits (API-04) and problem details."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from livslang.api.tests.conftest import World, bearer

PUBLIC_OFFERING_KEYS = {
    "id",
    "slug",
    "url",
    "title",
    "description",
    "language",
    "provider",
    "owner",
    "delivering_centres",
    "isced_field",
    "topics",
    "level_framework",
    "level",
    "level_text",
    "credits_value",
    "credits_unit",
    "duration_text",
    "target_group",
    "prerequisites",
    "admission_requirements",
    "funding_employer",
    "funding_public_grant",
    "funding_loan",
    "campaign_tags",
    "external_url",
    "published_at",
    "cohorts",
}
OWN_ONLY = {"status", "source_identifier", "created_at", "updated_at"}
OWN_COHORT_ONLY = {"confirmed_count", "source_identifier", "created_at", "updated_at"}


@pytest.mark.django_db
def test_openapi_document_is_public_json(api: Client) -> None:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_docs_page_is_public_and_from_own_origin(api: Client) -> None:
    response = api.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/api/vendor/swagger-ui-5.31.0/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # no inline script: the site's CSP holds
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_anonymous_sees_only_public_fields_and_no_drafts(api: Client, world: World) -> None:
    response = api.get("/api/v1/offerings")
    assert response.status_code == 200
    ids = {o["id"] for o in response.json()["results"]}
    assert str(world.offering.public_id) in ids
    assert str(world.draft.public_id) not in ids
    detail = api.get(f"/api/v1/offerings/{world.offering.public_id}").json()
    assert set(detail) == PUBLIC_OFFERING_KEYS
    assert not OWN_COHORT_ONLY & set(detail["cohorts"][0])
    assert api.get(f"/api/v1/offerings/{world.draft.public_id}").status_code == 404


@pytest.mark.django_db
def test_owner_token_sees_own_fields_and_drafts(api: Client, world: World) -> None:
    detail = api.get(
        f"/api/v1/offerings/{world.offering.public_id}", **bearer(world.read_token)
    ).json()
    assert set(detail) == PUBLIC_OFFERING_KEYS | OWN_ONLY
    assert set(detail["cohorts"][0]) >= OWN_COHORT_ONLY
    draft = api.get(f"/api/v1/offerings/{world.draft.public_id}", **bearer(world.read_token))
    assert draft.status_code == 200
    # Another organisation's token sees the public view only.
    foreign = api.get(
        f"/api/v1/offerings/{world.offering.public_id}", **bearer(world.foreign_write_token)
    ).json()
    assert set(foreign) == PUBLIC_OFFERING_KEYS
    assert (
        api.get(
            f"/api/v1/offerings/{world.draft.public_id}", **bearer(world.foreign_write_token)
        ).status_code
        == 404
    )
    response = api.get(f"/api/v1/offerings/{world.draft.public_id}", **bearer(world.read_token))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_bad_token_is_refused_even_where_a_token_is_optional(api: Client, world: World) -> None:
    response = api.get(f"/api/v1/offerings/{world.offering.public_id}", **bearer("lvs_x_y"))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_page_size_is_clamped_and_deep_pages_refused(api: Client, world: World) -> None:
    """API-04."""
    response = api.get("/api/v1/offerings?page_size=100000")
    assert response.status_code == 200
    assert response.json()["page_size"] == 100
    assert api.get("/api/v1/municipalities?page_size=100000").json()["page_size"] == 100
    deep = api.get("/api/v1/offerings?page=1000000")
    assert deep.status_code == 422
    body = deep.json()
    assert deep["Content-Type"].startswith("application/problem+json")
    assert body["errors"][0]["field"] == "page"
    assert body["errors"][0]["location"] == "query"
    assert api.get("/api/v1/changes?since=0&limit=100000").status_code == 200


@pytest.mark.django_db
def test_changes_needs_a_cursor(api: Client) -> None:
    response = api.get("/api/v1/changes")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "since"


@pytest.mark.django_db
def test_search_near_a_postcode_with_facets(api: Client, world: World) -> None:
    response = api.get("/api/v1/search?q=sveising&place=9300&radius=20")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    hit = body["results"][0]
    assert hit["offering"]["id"] == str(world.offering.public_id)
    assert hit["cohort"]["id"] == str(world.cohort.public_id)
    assert hit["distance_km"] is not None
    assert {f["name"] for f in body["facets"]} >= {"modes", "schedules"}
    assert body["ignored"] == []


@pytest.mark.django_db
def test_search_leaves_out_an_unknown_place_and_says_so(api: Client, world: World) -> None:
    body = api.get("/api/v1/search?place=Atlantis").json()
    assert [i["field"] for i in body["ignored"]] == ["place"]
    assert body["count"] == 2


@pytest.mark.django_db
def test_search_rejects_values_outside_the_schema(api: Client) -> None:
    response = api.get("/api/v1/search?modes=teleport")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("modes")


@pytest.mark.django_db
def test_organisations_and_municipalities(api: Client, world: World) -> None:
    body = api.get("/api/v1/organisations?kind=centre").json()
    assert [o["slug"] for o in body["results"]] == ["own-centre"]
    assert api.get("/api/v1/organisations/other-provider").json()["kind"] == "provider"
    municipalities = api.get("/api/v1/municipalities?country=NO").json()
    assert municipalities["count"] >= 1
    assert municipalities["results"][0]["country"] == "NO"


@pytest.mark.django_db
def test_unknown_objects_are_problem_404(api: Client) -> None:
    response = api.get("/api/v1/cohorts/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
@override_settings(API_RATE_LIMITS={"anonymous": (3, 60)}, TRUSTED_PROXY_COUNT=1)
def test_rate_limit_answers_429_with_retry_after(api: Client, world: World) -> None:
    """SEC-12: a spoofed X-Forwarded-For (left of the proxy's entry) does not reset it."""
    for i in range(3):
        spoofed = f"10.0.0.{i}, 192.0.2.1"
        assert api.get("/api/v1/offerings", HTTP_X_FORWARDED_FOR=spoofed).status_code == 200
    response = api.get("/api/v1/offerings", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.1")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response["Content-Type"].startswith("application/problem+json")
    # A token has its own budget.
    assert api.get("/api/v1/token", **bearer(world.read_token)).status_code == 200


@pytest.mark.django_db
def test_api_responses_carry_the_security_headers(api: Client, world: World) -> None:
    response = api.get("/api/v1/offerings", secure=True, HTTP_ORIGIN="https://evil.example")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "Access-Control-Allow-Origin" not in response
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert "charset" in response["Content-Type"]


@pytest.mark.django_db
def test_search_reads_a_fixed_number_of_queries_for_any_page(api: Client) -> None:
    """LOAD-03 for the API: the whole offering and cohort of each result are read in bulk, so
    2 results and 20 results cost the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from livslang.catalog.testing import make_cohort, make_offering
    from livslang.search.index import reset_index

    def queries_for() -> tuple[int, int]:
        reset_index()
        api.get("/api/v1/search?q=truck")  # builds this process's index
        with CaptureQueriesContext(connection) as captured:
            body = api.get("/api/v1/search?q=truck&sort=start").json()
        return len(captured), len(body["results"])

    for n in range(2):
        make_cohort(make_offering(title=f"Truck {n}"))
    few = queries_for()
    for n in range(2, 30):
        make_cohort(make_offering(title=f"Truck {n}"))
    many = queries_for()
    assert few[1] == 2
    assert many[1] == 20
    assert few[0] == many[0]
