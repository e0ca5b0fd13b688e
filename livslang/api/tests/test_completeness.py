"""API-03: the URL patterns under /api/v1/ (besides openapi.json and docs) are exactly the
documented operations, each declaring its security (or on the public allowlist)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from livslang.api.api import api

# Operations anyone may call without a token (their security is "none").
PUBLIC = {
    "offering_list",
    "municipality_list",
    "organisation_list",
    "organisation_detail",
    "dump_jsonl",
    "dump_csv",
    "changes",
    "europass_list",
    "europass_detail",
}
# Public operations where a token is optional (it adds the owner's fields).
OPTIONAL_TOKEN = {"offering_detail", "cohort_detail", "search"}


def _api_patterns() -> set[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "api/v1/":
            return {
                "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern))
                for p in pattern.url_patterns
                if str(p.pattern) not in ("openapi.json", "docs")
            }
    raise AssertionError("no /api/v1/ in the URL configuration")


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


def test_url_patterns_equal_the_documented_operations() -> None:
    documented = set(api.get_openapi_schema()["paths"])
    assert _api_patterns() == documented


def test_every_operation_declares_its_security() -> None:
    schema = api.get_openapi_schema()
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    seen = set()
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            name = operation["operationId"]
            seen.add(name)
            security = operation["security"]
            if name in PUBLIC:
                assert security == [], name
            elif name in OPTIONAL_TOKEN:
                assert security == [{"TokenAuth": []}, {}], name
            else:
                assert security == [{"TokenAuth": []}], name
                if method != "get":
                    assert "401" in operation["responses"], name
    assert seen >= PUBLIC | OPTIONAL_TOKEN


@pytest.mark.django_db
def test_served_document_is_the_one_tested() -> None:
    raw = Client().get("/api/v1/openapi.json").content
    # No object with a key twice (YAML-based readers such as Swagger UI refuse those).
    json.loads(raw, object_pairs_hook=_no_duplicates)
    served = json.loads(raw)
    assert served == json.loads(json.dumps(api.get_openapi_schema()))
    assert not any(p.startswith("http") for p in served["paths"])
    assert all(s["url"].startswith("/") for s in served.get("servers", []))  # own origin
