"""API-01: schemathesis in-process over the OpenAPI document, every operation, once per role
(anonymous, a read token, a write token), at most 25 examples per operation. The long
stateful run is ``make fuzz`` (API-02). Exclusions are listed with their reasons in the
README ("API testing")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from livslang.api.api import api
from livslang.api.tests.conftest import World

# The document as /api/v1/openapi.json serves it (tests/test_api_completeness.py checks that),
# loaded without a request: collection runs before the test database exists.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = get_wsgi_application()

# Operations whose valid-by-schema input can still be refused by the catalogue's own rules
# (an end date before the start, a postcode that does not exist, a status change the cohort's
# state does not allow, an indicator without values): positive_data_acceptance cannot hold.
BUSINESS_RULES = {
    "offering_create",
    "offering_update",
    "offering_publish",
    "offering_unpublish",
    "cohort_create",
    "cohort_update",
    "cohort_status",
    "measurement_record",
}


@pytest.fixture(autouse=True)
def keep_connection() -> Iterator[None]:
    """Like Django's test client: the test's connection (and its transaction) must survive
    the end of each in-process request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def dump_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("dump")


@pytest.fixture
def roles(world: World) -> dict[str, dict[str, str]]:
    return {
        "anonymous": {},
        "read": {"Authorization": f"Bearer {world.read_token}"},
        "write": {"Authorization": f"Bearer {world.write_token}"},
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_openapi_document(
    case: Any, roles: dict[str, Any], dump_dir: Any
) -> None:
    excluded = []
    if case.operation.definition.raw.get("operationId") in BUSINESS_RULES:
        excluded.append(schemathesis.checks.positive_data_acceptance)
    # A case whose headers are the invalid part (a broken token) is sent as generated: the
    # role's token would repair it.
    negative_headers = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
    limits = {"anonymous": (10**6, 60), "token": (10**6, 60), "dump": (10**6, 60)}
    storage = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(dump_dir)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(API_RATE_LIMITS=limits, STORAGES=storage):
        for headers in [{}] if negative_headers else roles.values():
            cache.clear()
            case.call_and_validate(headers=headers, excluded_checks=excluded)
