"""The REST API under ``/api/v1/`` (django-ninja): public reads, token writes, the mirror.

Every error answers RFC 9457 problem details (``application/problem+json``) with the
offending fields in ``errors``. Unsafe operations require an API token in the
``Authorization: Bearer`` header; cookies never authenticate here, so no CSRF is needed.
The rate limit and the token check run first, in ``livslang.api.middleware``.
"""

from __future__ import annotations

import json
import math
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from livslang.api import europass, queries, services
from livslang.api.models import ApiToken
from livslang.api.schemas import (
    ChangesOut,
    CohortCreateIn,
    CohortIn,
    CohortOut,
    CohortStatusIn,
    MeasurementIn,
    MeasurementOut,
    MunicipalityPage,
    OfferingCreateIn,
    OfferingIn,
    OfferingOut,
    OfferingPage,
    OrganisationOut,
    OrganisationPage,
    SearchOut,
    TokenOut,
)
from livslang.api.search import SearchFilters, run_search
from livslang.catalog import queries as catalog_queries
from livslang.catalog import services as catalog_services
from livslang.geo.queries import current_municipalities
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Kind
from livslang.security import log_event

PROBLEM = "application/problem+json"
PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 100
PAGE_MAX = 1000
TOKEN_SCHEME = "TokenAuth"  # noqa: S105 (a scheme name, not a secret)


def problem(
    request: HttpRequest | None,
    status: int,
    title: str,
    *,
    detail: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM}; charset=utf-8",
    )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer lvs_…``; the middleware has already checked the token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = getattr(request, "api_token", None)
        return found if found is not None else services.authenticate(token)


class LivslangAPI(NinjaAPI):
    def get_root_path(self, path_params: dict[str, Any]) -> str:
        """Where the API is mounted; django-ninja's own root view (an empty path) is not."""
        return reverse(f"{self.urls_namespace}:openapi-json", kwargs=path_params).removesuffix(
            "openapi.json"
        )

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        _finish_schema(schema)
        return schema


api = LivslangAPI(
    title="Livslang API",
    version="1",
    description=(
        "Published offerings, cohorts, organisations and municipalities of Livslang; the "
        "mirror (dump and change feed); writes for an organisation's own catalogue and "
        "programme indicators with an API token. Guide: docs/api.md in the repository."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="openapi.json",
)
token_auth = TokenAuth()

# Operations that answer another media type than JSON: operation id → (media type, schema).
RAW_RESPONSES: dict[str, tuple[str, dict[str, Any]]] = {
    "dump_jsonl": ("application/gzip", {"type": "string", "format": "binary"}),
    "dump_csv": ("application/gzip", {"type": "string", "format": "binary"}),
    "europass_list": ("application/ld+json", {"type": "object"}),
    "europass_detail": ("application/ld+json", {"type": "object"}),
}
# Operations that take an API token optionally (it adds the owner's fields).
OPTIONAL_TOKEN = frozenset({"offering_detail", "cohort_detail", "search"})
_ERROR_STATUSES = {
    "400": "The request cannot be understood.",
    "401": "The API token is missing, unknown or revoked.",
    "403": "The token's scope or the creator's role does not allow this.",
    "404": "No such object, or it belongs to another organisation.",
    "422": "The request's data is not valid; ``errors`` names the fields.",
    "429": "Too many requests; wait for ``Retry-After`` seconds.",
}


def _problem_schema() -> dict[str, Any]:
    return {"$ref": "#/components/schemas/Problem"}


def _finish_schema(schema: dict[str, Any]) -> None:
    """Error responses are problem details; raw media types where an operation has one."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = {
        "type": "object",
        "title": "Problem",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object"}},
            "dump": {"type": "string"},
        },
        "required": ["type", "title", "status"],
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            # django-ninja keys responses by int; JSON would then hold "200" twice.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in _ERROR_STATUSES.items():
                responses.setdefault(status, {"description": description})
                responses[status]["content"] = {PROBLEM: {"schema": _problem_schema()}}
            responses["429"]["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "required": True}
            }
            raw = RAW_RESPONSES.get(operation.get("operationId", ""))
            if raw is not None:
                media, body = raw
                responses["200"] = {"description": "OK", "content": {media: {"schema": body}}}
            if operation.get("operationId") in OPTIONAL_TOKEN:
                operation["security"] = [{TOKEN_SCHEME: []}, {}]
            elif "security" not in operation:
                operation["security"] = []
    schema.setdefault("components", {}).setdefault("securitySchemes", {})[TOKEN_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token made by an organisation administrator (lvs_…).",
    }


# --- Errors as problem details -----------------------------------------------------------


def _field_path(loc: Any) -> tuple[str, str]:
    parts = [str(p) for p in loc] if isinstance(loc, list | tuple) else [str(loc)]
    location = parts[0] if parts else ""
    fields = [p for p in parts[1:] if p not in ("filters", "payload", "data")]
    return location, ".".join(fields)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location, field = _field_path(error.get("loc", ()))
        errors.append({"location": location, "field": field, "message": str(error.get("msg"))})
    return problem(request, 422, "Invalid request", errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            name = "" if field == "__all__" else field
            errors += [{"location": "body", "field": name, "message": m} for m in messages]
    else:
        errors = [{"location": "body", "field": "", "message": m} for m in exc.messages]
    return problem(request, 422, "The data was refused", errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(request, 401, "An API token is needed")
    response["WWW-Authenticate"] = 'Bearer realm="livslang"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, "Not allowed")


# --- Helpers -----------------------------------------------------------------------------


def viewer(request: HttpRequest) -> ApiToken | None:
    """The request's token on an operation where it is optional (a bad one is refused)."""
    if getattr(request, "api_token_invalid", False):
        raise AuthenticationError
    return getattr(request, "api_token", None)


def writer(request: HttpRequest) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not services.can_write(token):
        raise HttpError(403, "This token may only read.")
    if token.created_by is None or not token.created_by.is_active:
        raise HttpError(403, "The person who made this token can no longer act for it.")
    return token


def _foreign(request: HttpRequest, token: ApiToken, object_type: str, object_id: Any) -> Http404:
    log_event(
        "foreign_object_access",
        request=request,
        object_type=object_type,
        object_id=str(object_id),
        organisation=token.organisation.slug,
    )
    return Http404()


def _paged(items: QuerySet[Any], page: int, page_size: int) -> tuple[list[Any], dict[str, int]]:
    """One page; the page size is clamped to ``PAGE_SIZE_MAX``."""
    size = max(1, min(page_size, PAGE_SIZE_MAX))
    count = items.count()
    pages = max(1, math.ceil(count / size))
    start = (page - 1) * size
    return list(items[start : start + size]), {
        "count": count,
        "page": page,
        "pages": pages,
        "page_size": size,
    }


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


# --- Public reads ------------------------------------------------------------------------

public = Router(tags=["catalogue"])


@public.get("/offerings", response=OfferingPage, operation_id="offering_list", exclude_unset=True)
def offering_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(PAGE_SIZE_DEFAULT, ge=1, description="At most 100 (clamped)."),
) -> dict[str, Any]:
    """Published offerings with their cohorts, oldest first."""
    rows, meta = _paged(catalog_queries.published_offerings_for_api(), page, page_size)
    return {**meta, "results": [queries.offering_data(o) for o in rows]}


@public.get(
    "/offerings/{offering_id}",
    response=OfferingOut,
    operation_id="offering_detail",
    exclude_unset=True,
)
def offering_detail(request: HttpRequest, offering_id: uuid.UUID) -> dict[str, Any]:
    """A published offering; the owner's token also reads drafts and its own fields."""
    token = viewer(request)
    offering = catalog_queries.offerings_by_public_id([offering_id]).get(str(offering_id))
    if offering is None:
        raise Http404
    own = token is not None and offering.owner_id == token.organisation_id
    if not own and not queries.is_public_offering(offering):
        raise Http404
    return queries.offering_data(offering, own=own)


@public.get(
    "/cohorts/{cohort_id}", response=CohortOut, operation_id="cohort_detail", exclude_unset=True
)
def cohort_detail(request: HttpRequest, cohort_id: uuid.UUID) -> dict[str, Any]:
    """A cohort of a published offering; the owner's token reads any of its own."""
    token = viewer(request)
    cohort = catalog_queries.cohorts_by_public_id([cohort_id]).get(str(cohort_id))
    if cohort is None:
        raise Http404
    own = token is not None and cohort.offering.owner_id == token.organisation_id
    if not own and not queries.is_public_offering(cohort.offering):
        raise Http404
    return queries.cohort_data(cohort, own=own)


@public.get("/search", response=SearchOut, operation_id="search", exclude_unset=True)
def search(request: HttpRequest, filters: Query[SearchFilters]) -> dict[str, Any]:
    """The search page's search: words, filters, near a postcode or municipality, facets with
    counts, 20 results a page. Values that cannot be understood (an unknown place) are left
    out, as on the page, and listed in ``ignored``."""
    viewer(request)
    return run_search(request, filters)


@public.get("/organisations", response=OrganisationPage, operation_id="organisation_list")
def organisation_list(
    request: HttpRequest,
    kind: str = Query("", pattern=r"^(|centre|provider)$", description="centre or provider"),
    page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(PAGE_SIZE_DEFAULT, ge=1, description="At most 100 (clamped)."),
) -> dict[str, Any]:
    """Approved education centres and providers."""
    found = org_queries.directory(kind=kind) if kind else org_queries.directory()
    if not kind:
        found = found.filter(kind__in=(Kind.CENTRE, Kind.PROVIDER))
    rows, meta = _paged(found, page, page_size)
    return {**meta, "results": [queries.organisation_data(o) for o in rows]}


@public.get("/organisations/{slug}", response=OrganisationOut, operation_id="organisation_detail")
def organisation_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    found = org_queries.directory().filter(slug=slug, kind__in=(Kind.CENTRE, Kind.PROVIDER)).first()
    if found is None:
        raise Http404
    return queries.organisation_data(found)


@public.get("/municipalities", response=MunicipalityPage, operation_id="municipality_list")
def municipality_list(
    request: HttpRequest,
    country: str = Query("", pattern=r"^(|NO|DK)$"),
    page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(PAGE_SIZE_DEFAULT, ge=1, description="At most 100 (clamped)."),
) -> dict[str, Any]:
    """The municipalities valid today, with their official codes."""
    rows, meta = _paged(current_municipalities(country=country or None), page, page_size)
    return {**meta, "results": [queries.municipality_data(m) for m in rows]}


# --- The mirror ----------------------------------------------------------------------------

mirror = Router(tags=["mirror"])


def _dump(request: HttpRequest, key: str, filename: str) -> HttpResponseBase:
    manifest = services.dump_manifest()
    name = (manifest or {}).get("files", {}).get(key)
    if manifest is None or not name or not default_storage.exists(name):
        # The very first dump is made now; later ones by the worker, in the background.
        manifest = services.build_dumps()
        name = manifest["files"][key]
    else:
        services.refresh_if_stale(manifest)
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/gzip",
        as_attachment=True,
        filename=filename,
    )
    response["Livslang-Sequence"] = str(manifest["sequence"])
    return response


@mirror.get("/dump/offerings.jsonl.gz", operation_id="dump_jsonl")
def dump_jsonl(request: HttpRequest) -> HttpResponseBase:
    """Every published offering and cohort, one JSON record a line (gzip). The first line
    holds the change-log ``sequence`` the dump is consistent with: follow ``/changes`` from
    there. Regenerated in the background."""
    return _dump(request, services.DUMP_JSONL, "offerings.jsonl.gz")


@mirror.get("/dump/offerings.csv.gz", operation_id="dump_csv")
def dump_csv(request: HttpRequest) -> HttpResponseBase:
    """The same records as CSV (gzip), one row each, the full record as JSON in ``data``."""
    return _dump(request, services.DUMP_CSV, "offerings.csv.gz")


@mirror.get("/changes", response=ChangesOut, operation_id="changes")
def changes(
    request: HttpRequest,
    since: int = Query(..., ge=0, le=2**62),
    limit: int = Query(500, ge=1, description="At most 1000 (clamped)."),
) -> Any:
    """The catalogue's changes after ``since`` (a sequence number), each with the object's
    public data now (``data`` null: not public now, remove it). Events are kept for
    ``retention_days``; an older cursor answers 410: start again from the dump."""
    try:
        entries, next_cursor = queries.changes(
            since=since, limit=min(limit, queries.FEED_LIMIT_MAX)
        )
    except queries.CursorExpired:
        return problem(
            request,
            410,
            "This cursor is older than the feed keeps",
            detail="Reload the dump and follow the feed from its sequence.",
            dump=reverse("api:dump_jsonl"),
        )
    return {
        "changes": entries,
        "next": next_cursor,
        "more": len(entries) >= min(limit, queries.FEED_LIMIT_MAX),
        "retention_days": queries.FEED_RETENTION_DAYS,
    }


# --- Europass ------------------------------------------------------------------------------

europass_router = Router(tags=["europass"])


@europass_router.get("/europass/learning-opportunities", operation_id="europass_list")
def europass_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(PAGE_SIZE_DEFAULT, ge=1, description="At most 100 (clamped)."),
) -> HttpResponse:
    """Published offerings and cohorts as ELM-aligned learning opportunities (JSON-LD)."""
    rows, meta = _paged(catalog_queries.published_offerings_for_api(), page, page_size)
    document = europass.graph(rows, meta)
    return HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/ld+json"
    )


@europass_router.get(
    "/europass/learning-opportunities/{offering_id}", operation_id="europass_detail"
)
def europass_detail(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    offering = catalog_queries.offerings_by_public_id([offering_id]).get(str(offering_id))
    if offering is None or not queries.is_public_offering(offering):
        raise Http404
    return HttpResponse(
        json.dumps(europass.graph([offering], None), ensure_ascii=False),
        content_type="application/ld+json",
    )


# --- Token operations --------------------------------------------------------------------

own = Router(tags=["organisation"], auth=token_auth)


@own.get("/token", response=TokenOut, operation_id="token")
def token_info(request: HttpRequest) -> dict[str, Any]:
    """The token in use: its organisation and scope."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return {
        "id": str(token.public_id),
        "name": token.name,
        "organisation": token.organisation.slug,
        "scope": token.scope,
    }


@own.get(
    "/own/offerings", response=OfferingPage, operation_id="own_offering_list", exclude_unset=True
)
def own_offering_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(PAGE_SIZE_DEFAULT, ge=1, description="At most 100 (clamped)."),
) -> dict[str, Any]:
    """The token's organisation's offerings in every status, with the owner's fields."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    found = catalog_queries.offerings_of_owner_for_api(token.organisation)
    rows, meta = _paged(found, page, page_size)
    return {**meta, "results": [queries.offering_data(o, own=True) for o in rows]}


def _own_offering(request: HttpRequest, token: ApiToken, offering_id: uuid.UUID) -> Any:
    offering = catalog_queries.offerings_by_public_id([offering_id]).get(str(offering_id))
    if offering is None:
        raise Http404
    if offering.owner_id != token.organisation_id:
        raise _foreign(request, token, "catalog.offering", offering_id)
    return offering


def _own_offering_data(offering_id: uuid.UUID) -> dict[str, Any]:
    """The offering as its owner sees it, read again after a write."""
    fresh = catalog_queries.offerings_by_public_id([offering_id])[str(offering_id)]
    return queries.offering_data(fresh, own=True)


def _own_cohort(request: HttpRequest, token: ApiToken, cohort_id: uuid.UUID) -> Any:
    cohort = catalog_queries.cohorts_by_public_id([cohort_id]).get(str(cohort_id))
    if cohort is None:
        raise Http404
    if cohort.offering.owner_id != token.organisation_id:
        raise _foreign(request, token, "catalog.cohort", cohort_id)
    return cohort


def _fields(payload: Any) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=True)


@own.post(
    "/own/offerings",
    response={201: OfferingOut},
    operation_id="offering_create",
    exclude_unset=True,
)
def offering_create(request: HttpRequest, payload: OfferingCreateIn) -> Status[dict[str, Any]]:
    """A new draft offering of the token's organisation (it is also the provider)."""
    token = writer(request)
    created = catalog_services.create_offering(
        actor=token.created_by, owner=token.organisation, data=_fields(payload)
    )
    fresh = catalog_queries.offerings_by_public_id([created.public_id])[str(created.public_id)]
    return Status(201, queries.offering_data(fresh, own=True))


@own.patch(
    "/own/offerings/{offering_id}",
    response=OfferingOut,
    operation_id="offering_update",
    exclude_unset=True,
)
def offering_update(
    request: HttpRequest, offering_id: uuid.UUID, payload: OfferingIn
) -> dict[str, Any]:
    """Change the given fields of one of the organisation's offerings."""
    token = writer(request)
    offering = _own_offering(request, token, offering_id)
    catalog_services.update_offering(
        actor=token.created_by, offering=offering, data=_fields(payload)
    )
    return _own_offering_data(offering_id)


@own.post(
    "/own/offerings/{offering_id}/publish",
    response=OfferingOut,
    operation_id="offering_publish",
    exclude_unset=True,
)
def offering_publish(request: HttpRequest, offering_id: uuid.UUID) -> dict[str, Any]:
    """Publish a draft offering with all its cohorts."""
    token = writer(request)
    offering = _own_offering(request, token, offering_id)
    catalog_services.publish_offering(actor=token.created_by, offering=offering)
    return _own_offering_data(offering_id)


@own.post(
    "/own/offerings/{offering_id}/unpublish",
    response=OfferingOut,
    operation_id="offering_unpublish",
    exclude_unset=True,
)
def offering_unpublish(request: HttpRequest, offering_id: uuid.UUID) -> dict[str, Any]:
    """Take a published offering back to draft."""
    token = writer(request)
    offering = _own_offering(request, token, offering_id)
    catalog_services.unpublish_offering(actor=token.created_by, offering=offering)
    return _own_offering_data(offering_id)


@own.post(
    "/own/offerings/{offering_id}/cohorts",
    response={201: CohortOut},
    operation_id="cohort_create",
    exclude_unset=True,
)
def cohort_create(
    request: HttpRequest, offering_id: uuid.UUID, payload: CohortCreateIn
) -> Status[dict[str, Any]]:
    """A new planned cohort of one of the organisation's offerings."""
    token = writer(request)
    offering = _own_offering(request, token, offering_id)
    cohort = catalog_services.create_cohort(
        actor=token.created_by, offering=offering, data=_fields(payload)
    )
    fresh = catalog_queries.cohorts_by_public_id([cohort.public_id])[str(cohort.public_id)]
    return Status(201, queries.cohort_data(fresh, own=True))


@own.patch(
    "/own/cohorts/{cohort_id}",
    response=CohortOut,
    operation_id="cohort_update",
    exclude_unset=True,
)
def cohort_update(request: HttpRequest, cohort_id: uuid.UUID, payload: CohortIn) -> dict[str, Any]:
    """Change the given fields of one of the organisation's cohorts."""
    token = writer(request)
    cohort = _own_cohort(request, token, cohort_id)
    catalog_services.update_cohort(actor=token.created_by, cohort=cohort, data=_fields(payload))
    fresh = catalog_queries.cohorts_by_public_id([cohort_id])[str(cohort_id)]
    return queries.cohort_data(fresh, own=True)


@own.post(
    "/own/cohorts/{cohort_id}/status",
    response=CohortOut,
    operation_id="cohort_status",
    exclude_unset=True,
)
def cohort_status(
    request: HttpRequest, cohort_id: uuid.UUID, payload: CohortStatusIn
) -> dict[str, Any]:
    """Move a cohort to another status (planned → open → will_run → running → completed, or
    cancelled)."""
    token = writer(request)
    cohort = _own_cohort(request, token, cohort_id)
    catalog_services.set_cohort_status(actor=token.created_by, cohort=cohort, status=payload.status)
    fresh = catalog_queries.cohorts_by_public_id([cohort_id])[str(cohort_id)]
    return queries.cohort_data(fresh, own=True)


@own.post(
    "/own/goals/{goal_id}/measurements",
    response={201: MeasurementOut},
    operation_id="measurement_record",
)
def measurement_record(
    request: HttpRequest, goal_id: uuid.UUID, payload: MeasurementIn
) -> Status[dict[str, Any]]:
    """Record a programme indicator's value on a day (replacing one of the same day). The
    token's organisation must be the programme's secretariat or own the goal's track."""
    from livslang.programmes import access as programme_access
    from livslang.programmes import queries as programme_queries
    from livslang.programmes import services as programme_services

    token = writer(request)
    actor = token.created_by
    goal, _roles = programme_access.goal_for(
        actor, goal_id, want=programme_access.READ, request=request
    )
    if token.organisation_id not in programme_queries.organisations_editing_goal(goal):
        raise _foreign(request, token, "programmes.goal", goal_id)
    if not programme_queries.has_indicator(goal):
        raise HttpError(404, "This goal has no indicator.")
    measurement = programme_services.record_measurement(
        actor=actor,
        indicator=goal.indicator,
        measured_on=payload.measured_on,
        value=payload.value,
        comment=payload.comment,
    )
    return Status(
        201,
        {
            "goal": str(goal.public_id),
            "measured_on": measurement.measured_on.isoformat(),
            "value": None
            if measurement.value is None
            else format(Decimal(measurement.value).normalize(), "f"),
            "source": measurement.source,
            "comment": measurement.comment,
        },
    )


api.add_router("", public)
api.add_router("", mirror)
api.add_router("", europass_router)
api.add_router("", own)
