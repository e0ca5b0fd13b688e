"""The permission matrix (SEC-03, SEC-04, SEC-05): every URL is in the matrix or on a public
list; every cell answers as the matrix says; refused cells leave the database unchanged."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.world import PASSWORD, ROLES, World, build_world

MATRIX_FILE = Path(__file__).with_name("matrix.yaml")
MATRIX = yaml.safe_load(MATRIX_FILE.read_text())
METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Row:
    url: str
    method: str
    role: str
    relation: str
    state: str
    status: int


def parse_rows() -> dict[tuple[str, str, str, str, str], int]:
    rows: dict[tuple[str, str, str, str, str], int] = {}
    for line in MATRIX["rows"]:
        url, method, role, relation, state, status = line.split()
        assert role in ROLES, line
        assert method in METHODS, line
        assert relation in ("own", "other", "none"), line
        key = (url, method, role, relation, state)
        assert key not in rows, f"duplicate row: {line}"
        rows[key] = int(status)
    return rows


ROWS = parse_rows()


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


EXEMPT = set(MATRIX["public"]) | set(MATRIX["public_not_get"]) | set(MATRIX["capability"])
MATRIX_URLS = {key[0] for key in ROWS}


def test_every_url_is_in_the_matrix_or_on_a_public_list() -> None:
    """SEC-03: a new URL fails here until someone decides who may use it."""
    names = {n for n in url_names() if not n.startswith("admin:")}
    uncovered = sorted(names - EXEMPT - MATRIX_URLS - NO_ROWS_ALLOWED)
    assert not uncovered, f"add these to tests/permissions/matrix.yaml: {uncovered}"
    stale = sorted((EXEMPT | MATRIX_URLS) - names)
    assert not stale, f"matrix names URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(MATRIX["public"])))
def test_public_pages_answer_anonymous_get(client: Client, name: str) -> None:
    assert client.get(reverse(name)).status_code == 200


def test_no_production_code_reads_the_matrix() -> None:
    root = Path(settings.BASE_DIR) / "livslang"
    for path in root.rglob("*.py"):
        assert "matrix.yaml" not in path.read_text(), path


# --- The cells -------------------------------------------------------------------------------

# URL names refused to everyone (no row at all) still get their cells checked.
NO_ROWS_ALLOWED: set[str] = set()

# Which objects a URL's arguments point at, for each (relation, state) it is tested with.
Kwargs = Callable[[World, str, str], dict[str, Any]]


def _slug(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"slug": world.organisation(relation, state).slug}


def _membership(world: World, relation: str, state: str) -> dict[str, Any]:
    target = world.own_target if relation == "own" else world.other_target
    return {"slug": target.organisation.slug, "membership_id": target.public_id}


def _invitation(world: World, relation: str, state: str) -> dict[str, Any]:
    invitation = world.own_invitation if relation == "own" else world.other_invitation
    return {"slug": invitation.organisation.slug, "invitation_id": invitation.public_id}


def _offering(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"offering_id": world.offering(relation).public_id}


def _offering_page(world: World, relation: str, state: str) -> dict[str, Any]:
    offering = world.offering(relation)
    return {"slug": offering.slug, "short_id": offering.short_id}


def _cohort(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"cohort_id": world.cohort(relation).public_id}


def _none(world: World, relation: str, state: str) -> dict[str, Any]:
    return {}


ORG_CONTEXTS = [("own", "approved"), ("other", "approved"), ("none", "pending")]
MEMBER_CONTEXTS = [("own", "approved"), ("other", "approved")]
NO_OBJECT = [("none", "-")]
CATALOGUE_CONTEXTS = [("own", "published"), ("other", "published")]

URL_CONTEXTS: dict[str, tuple[Kwargs, list[tuple[str, str]]]] = {
    "organisations:detail": (_slug, ORG_CONTEXTS),
    "organisations:edit": (_slug, ORG_CONTEXTS),
    "organisations:members": (_slug, ORG_CONTEXTS),
    "organisations:invite": (_slug, ORG_CONTEXTS),
    "organisations:leave": (_slug, ORG_CONTEXTS),
    "organisations:decide": (_slug, ORG_CONTEXTS),
    "organisations:change_role": (_membership, MEMBER_CONTEXTS),
    "organisations:remove_member": (_membership, MEMBER_CONTEXTS),
    "organisations:revoke_invitation": (_invitation, MEMBER_CONTEXTS),
    "catalog:offering": (_offering_page, CATALOGUE_CONTEXTS),
    "catalog:cohort": (_cohort, CATALOGUE_CONTEXTS),
    "catalog:cohort_ics": (_cohort, CATALOGUE_CONTEXTS),
    "catalog:manage": (_slug, ORG_CONTEXTS),
    "catalog:offering_create": (_slug, ORG_CONTEXTS),
    "catalog:offering_edit": (_offering, CATALOGUE_CONTEXTS),
    "catalog:offering_publish": (_offering, CATALOGUE_CONTEXTS),
    "catalog:offering_unpublish": (_offering, CATALOGUE_CONTEXTS),
    "catalog:offering_archive": (_offering, CATALOGUE_CONTEXTS),
    "catalog:offering_copy": (_offering, CATALOGUE_CONTEXTS),
    "catalog:cohort_create": (_offering, CATALOGUE_CONTEXTS),
    "catalog:cohort_edit": (_cohort, CATALOGUE_CONTEXTS),
    "catalog:cohort_copy": (_cohort, CATALOGUE_CONTEXTS),
    "catalog:cohort_status": (_cohort, CATALOGUE_CONTEXTS),
}


def _export(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"slug": world.organisation(relation, state).slug, "fmt": "csv"}


def _import_job(world: World, relation: str, state: str) -> dict[str, Any]:
    job = world.import_job(relation)
    return {"slug": job.organisation.slug, "job_id": job.public_id}


def _enrolment(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"enrolment_id": world.enrolment(relation).public_id}


def _pre_registration(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"registration_id": world.pre_registration(relation).public_id}


def _external_cohort(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"cohort_id": world.external_cohort.public_id}


def _participants_export(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"cohort_id": world.cohort(relation).public_id, "fmt": "csv"}


def _saved_search(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"search_id": world.saved_search(relation).public_id}


LEARNER_CONTEXTS = [("own", "-"), ("other", "-")]
URL_CONTEXTS["enrolments:sign_up"] = (_cohort, CATALOGUE_CONTEXTS)
URL_CONTEXTS["enrolments:pre_register"] = (_external_cohort, [("none", "published")])
URL_CONTEXTS["enrolments:cancel"] = (_enrolment, LEARNER_CONTEXTS)
URL_CONTEXTS["enrolments:withdraw"] = (_pre_registration, LEARNER_CONTEXTS)
URL_CONTEXTS["enrolments:participants"] = (_cohort, CATALOGUE_CONTEXTS)
URL_CONTEXTS["enrolments:participants_export"] = (_participants_export, CATALOGUE_CONTEXTS)
URL_CONTEXTS["enrolments:remove_search"] = (_saved_search, LEARNER_CONTEXTS)
URL_CONTEXTS["enrolments:interest"] = (_offering, CATALOGUE_CONTEXTS)
URL_CONTEXTS["catalog:import"] = (_slug, ORG_CONTEXTS)
URL_CONTEXTS["catalog:import_job"] = (_import_job, MEMBER_CONTEXTS)

# Competence needs: (own|other organisation's need, private|public).
NEED_CONTEXTS = [("own", "private"), ("own", "public"), ("other", "private"), ("other", "public")]


def _need(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"need_id": world.needs[(relation, state)].public_id}


for _name in ("detail", "edit", "set_status"):
    URL_CONTEXTS[f"needs:{_name}"] = (_need, NEED_CONTEXTS)


def _pledge(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"pledge_id": world.pledge.public_id}


def _course_request(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"request_id": world.course_requests[(relation, state)].public_id}


def _centre_cohort(world: World, relation: str, state: str) -> dict[str, Any]:
    return {
        "slug": world.organisation(relation, state).slug,
        "cohort_id": world.cohort(relation).public_id,
    }


URL_CONTEXTS["enrolments:pledge"] = (_cohort, CATALOGUE_CONTEXTS)
URL_CONTEXTS["enrolments:withdraw_pledge"] = (_pledge, [("other", "-")])
NO_ROWS_ALLOWED.add("enrolments:withdraw_pledge")  # the cast has no employer editor
REQUEST_CONTEXTS = [("own", "sent"), ("own", "received"), ("other", "sent")]
for _name in ("request", "request_send", "request_withdraw", "request_answer", "request_decide"):
    URL_CONTEXTS[f"brokerage:{_name}"] = (_course_request, REQUEST_CONTEXTS)
for _name in ("dashboard", "propose", "requests", "request_create"):
    URL_CONTEXTS[f"brokerage:{_name}"] = (_slug, ORG_CONTEXTS)
URL_CONTEXTS["brokerage:decide_cohort"] = (_centre_cohort, MEMBER_CONTEXTS)

# Programmes: see the note on states in matrix.yaml.
PROGRAMME_CONTEXTS = [("own", "secretariat"), ("own", "partner"), ("other", "private")]
PART_CONTEXTS = [
    ("own", "secretariat"),
    ("own", "track_owner"),
    ("other", "partner"),
    ("other", "private"),
]


def _programme(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"slug": world.programme(relation, state).slug}


def _track(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"track_id": world.track(relation, state).public_id}


def _goal(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"goal_id": world.goals[(relation, state)].public_id}


def _action(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"action_id": world.actions[(relation, state)].public_id}


def _initiative(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"initiative_id": world.initiatives[state].public_id}


for _name in (
    "detail",
    "progress_chart",
    "overview",
    "actions",
    "report",
    "report_xlsx",
    "edit",
    "partners",
    "track_create",
    "goal_create",
    "initiative_create",
):
    URL_CONTEXTS[f"programmes:{_name}"] = (_programme, PROGRAMME_CONTEXTS)
for _name in ("track", "track_edit", "track_goal_create", "action_create"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_track, PART_CONTEXTS)
for _name in ("goal", "goal_chart", "goal_edit", "measurement_create", "measurement_import"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_goal, PART_CONTEXTS)
for _name in ("action_edit", "action_status"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_action, PART_CONTEXTS)
URL_CONTEXTS["programmes:initiative_edit"] = (_initiative, PROGRAMME_CONTEXTS)
URL_CONTEXTS["programmes:responsibilities"] = (_slug, ORG_CONTEXTS)
URL_CONTEXTS["catalog:export"] = (_export, ORG_CONTEXTS)

# Programmes II: the coordination group, follow-ups, agreements and experiences.
AGREEMENT_CONTEXTS = [("own", "party"), ("other", "public"), ("other", "private")]
AGREEMENT_REGION_CONTEXTS = [
    ("own", "party"),
    ("other", "party"),
    ("other", "public"),
    ("other", "private"),
]


def _meeting(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"meeting_id": world.meetings[state].public_id}


def _follow_up(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"action_id": world.follow_ups[state].public_id}


def _evidence(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"evidence_id": world.evidence[state].public_id}


def _experience(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"experience_id": world.experiences[state].public_id}


def _agreement(world: World, relation: str, state: str) -> dict[str, Any]:
    return {"slug": world.agreements[state].slug}


def _agreement_region(world: World, relation: str, state: str) -> dict[str, Any]:
    agreement, code = world.agreement_regions[(relation, state)]
    return {"slug": agreement.slug, "code": code}


for _name in ("group", "group_edit", "meeting_create", "experiences", "experience_create"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_programme, PROGRAMME_CONTEXTS)
for _name in ("meeting", "meeting_edit", "decision_create"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_meeting, PROGRAMME_CONTEXTS)
for _name in ("follow_up_status", "evidence_create"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_follow_up, PROGRAMME_CONTEXTS)
for _name in ("experience", "experience_comment"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_experience, PROGRAMME_CONTEXTS)
URL_CONTEXTS["programmes:evidence_document"] = (_evidence, PROGRAMME_CONTEXTS)
URL_CONTEXTS["programmes:agreement"] = (_agreement, AGREEMENT_CONTEXTS)
for _name in ("agreement_region", "regional_action_create"):
    URL_CONTEXTS[f"programmes:{_name}"] = (_agreement_region, AGREEMENT_REGION_CONTEXTS)


def _api_token(world: World, relation: str, state: str) -> dict[str, Any]:
    token = world.own_api_token if relation == "own" else world.other_api_token
    return {"slug": token.organisation.slug, "token_id": token.public_id}


URL_CONTEXTS["apitokens:tokens"] = (_slug, ORG_CONTEXTS)
URL_CONTEXTS["apitokens:revoke"] = (_api_token, MEMBER_CONTEXTS)


def _offering_payload(organisation: Any) -> dict[str, Any]:
    return {
        "title": "A course from the matrix",
        "description": "Described.",
        "language": "nb",
        "provider": organisation.slug,
        "isced_field": "",
        "topics": "",
        "level_framework": "",
        "level": "",
        "level_text": "",
        "credits_value": "",
        "credits_unit": "",
        "duration_text": "",
        "target_group": "",
        "prerequisites": "",
        "admission_requirements": "",
        "campaign_tags": "",
        "external_url": "",
    }


def _cohort_payload(organisation: Any) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.localdate() + timedelta(days=40)
    return {
        "mode": "on_site",
        "delivering_centre": organisation.slug,
        "country": organisation.country,
        "municipality": organisation.home_municipality.code,
        "postcode": "",
        "venue_name": "Room 1",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=30)).isoformat(),
        "schedule_kinds": ["evening"],
        "schedule_text": "",
        "pace": "",
        "workload_text": "",
        "price": "1000",
        "currency": "NOK",
        "seats": "20",
        "minimum_participants": "",
        "application_deadline": "",
        "step_free_access": "unknown",
        "hearing_loop": "unknown",
        "enrolment_method": "livslang",
        "application_url": "",
    }


def _programme_payload() -> dict[str, Any]:
    return {
        "name": "A programme from the matrix",
        "description": "",
        "region": "",
        "start_date": "2025-01-01",
        "end_date": "2034-12-31",
        "status": "active",
    }


_GOAL_PAYLOAD = {
    "name": "A goal from the matrix",
    "description": "",
    "parent": "",
    "weight": "1",
    "position": "0",
    "indicator-name": "",
}
_ACTION_PAYLOAD = {
    "title": "An action from the matrix",
    "description": "",
    "responsible_organisation": "",
    "responsible_person": "",
    "start_date": "",
    "due_date": "",
    "status": "in_progress",
    "progress": "10",
}


_MEETING_PAYLOAD = {
    "title": "A meeting from the matrix",
    "held_on": "2026-06-01",
    "place": "",
    "agenda": "1. The matrix",
    "minutes": "",
}


def _programme_payloads(world: World) -> dict[str, dict[str, Any]]:
    track = {
        "name": "A track from the matrix",
        "purpose": "",
        "owners": [world.own.slug],
        "tag": "",
        "contact_name": "",
        "contact_email": "",
        "position": "0",
    }
    initiative = {"name": "An initiative from the matrix", "description": "", "owner": ""}
    return {
        "programmes:create": {**_programme_payload(), "owner": world.own.slug},
        "programmes:edit": _programme_payload(),
        "programmes:partners": {"organisation": world.other.slug, "role": "partner"},
        "programmes:track_create": track,
        "programmes:track_edit": track,
        "programmes:goal_create": _GOAL_PAYLOAD,
        "programmes:track_goal_create": _GOAL_PAYLOAD,
        "programmes:goal_edit": _GOAL_PAYLOAD,
        "programmes:measurement_create": {"measured_on": "2026-01-31", "value": "5"},
        "programmes:measurement_import": {
            "file": SimpleUploadedFile("values.csv", b"date;value\n2026-01-31;12,5\n")
        },
        "programmes:action_create": _ACTION_PAYLOAD,
        "programmes:action_edit": _ACTION_PAYLOAD,
        "programmes:action_status": {"status": "done", "progress": "100"},
        "programmes:initiative_create": initiative,
        "programmes:initiative_edit": initiative,
        "programmes:group_edit": {
            "save_group": "1",
            "name": "A coordination group from the matrix",
            "mandate": "",
        },
        "programmes:meeting_create": _MEETING_PAYLOAD,
        "programmes:meeting_edit": _MEETING_PAYLOAD,
        "programmes:decision_create": {
            "text": "A decision from the matrix",
            "follow_up": "A follow-up from the matrix",
            "responsible_organisation": world.other.slug,
            "due_date": "2026-12-31",
        },
        "programmes:follow_up_status": {"status": "done"},
        "programmes:evidence_create": {
            "kind": "link",
            "description": "A report from the matrix",
            "url": "https://example.org/report",
        },
        "programmes:experience_create": {
            "organisation": world.own.slug,
            "title": "An experience from the matrix",
            "what_was_done": "Something.",
            "what_was_learned": "Something else.",
            "tags": "matrix",
        },
        "programmes:experience_comment": {"text": "A comment from the matrix"},
        "programmes:regional_action_create": {
            "commitment": str(world.agreements["party"].commitments.get().public_id),
            "title": "A regional action from the matrix",
            "description": "",
            "responsible_organisation": "",
            "due_date": "",
            "status": "not_started",
        },
        "programmes:digest_settings": {},
    }


def payload(name: str, world: World, relation: str, state: str) -> dict[str, Any]:
    """A valid form for each POST, so a refusal is about permission, never about input."""
    organisation = world.organisation(relation, state)
    municipality = organisation.home_municipality.code
    payloads: dict[str, dict[str, Any]] = {
        "organisations:edit": {
            "name": f"{organisation.name} (renamed)",
            "home_municipality": municipality,
            "website": "https://example.org/",
            "description": "Updated description.",
            "description_language": "nb",
            "ownership": "",
            "organisation_form": "",
            "other_facilities": "",
        },
        "organisations:request": {
            "name": "Brand new employer",
            "kind": "employer",
            "country": "NO",
            "home_municipality": world.own.home_municipality.code,
            "website": "",
            "description": "",
            "description_language": "nb",
        },
        "organisations:invite": {"email": "newcomer@example.org", "role": "viewer"},
        "organisations:change_role": {"role": "editor"},
        "organisations:decide": {"decision": "approve", "reason": ""},
        "accounts:profile": {
            "full_name": "Changed Name",
            "language": "nb",
            "home_country": "NO",
            "home_place": "",
        },
        "accounts:password_change": {
            "old_password": PASSWORD,
            "new_password1": "a brand new long passphrase",
            "new_password2": "a brand new long passphrase",
        },
        "accounts:email_change": {"email": "changed@example.org", "password": PASSWORD},
        "catalog:offering_create": _offering_payload(organisation),
        "catalog:offering_edit": _offering_payload(organisation),
        "catalog:cohort_create": _cohort_payload(organisation),
        "catalog:cohort_edit": _cohort_payload(organisation),
        "privacy:erase": {"confirm": "on"},
        "privacy:consents": {"newsletter": "on"},
        "catalog:import": {
            "file": SimpleUploadedFile("offerings.csv", b"offering_identifier\r\n"),
            "mode": "all-or-nothing",
        },
        "catalog:cohort_status": {"status": "will_run"},
        "enrolments:save_search": {"query": "q=sveising&radius=50"},
        "enrolments:interest": {"place": "Senja", "country": "NO", "radius": "50"},
        "apitokens:tokens": {"name": "Matrix system", "scope": "read"},
        "enrolments:pledge": {"organisation": "pledging-employer", "participants": "3"},
        "brokerage:decide_cohort": {"decision": "go"},
        "brokerage:request_answer": {"answer": "declined", "terms": "No teacher free."},
        "brokerage:request_decide": {"decision": "go"},
        **_programme_payloads(world),
        **_need_payloads(),
    }
    return payloads.get(name, {})


def _need_payloads() -> dict[str, dict[str, Any]]:
    need = {
        "owner": "__me__",
        "title": "Welfare technology",
        "text": "Åtte ansatte trenger opplæring i velferdsteknologi.",
        "language": "nb",
        "participants": "8",
        "country": "NO",
        "postcode": "9300",
        "earliest_start": "2027-01-01",
        "latest_start": "2027-06-30",
        "modes": ["on_site", "online"],
        "visibility": "private",
    }
    return {
        "needs:register": need,
        "needs:edit": need,
        "needs:suggest": {"text": "velferdsteknologi i hjemmetjenesten"},
        "needs:set_status": {"status": "met"},
    }


# Sessions change on every signed-in request (and are not shared data); reference data is
# never written by a web request. Everything else must be untouched by a refused request.
UNWATCHED = {"sessions", "geo", "classifications", "contenttypes", "admin"}
WATCHED = [m for m in apps.get_models() if m._meta.app_label not in UNWATCHED]


def _snapshot_queries() -> dict[str, str]:
    """One ``SELECT *`` per watched table, ordered by primary key, built once.

    Every column of every row, as stored: the same rows the ORM would read, without compiling
    a queryset per model per cell (that compiling was most of this module's run time). Proxy
    models share their concrete model's table, so each table is read once; a parent table of
    multi-table inheritance is watched through its own (concrete) model.
    """
    quote = connection.ops.quote_name
    queries: dict[str, str] = {}
    for model in WATCHED:
        concrete = model._meta.concrete_model
        assert concrete is not None and concrete._meta.pk is not None, model
        table, pk_column = concrete._meta.db_table, concrete._meta.pk.column
        if table in queries:
            continue
        assert pk_column is not None, model
        queries[table] = f"SELECT * FROM {quote(table)} ORDER BY {quote(pk_column)}"
    return queries


SNAPSHOT_QUERIES = _snapshot_queries()


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """The rows a refused request must not change: every column of every watched table."""
    with connection.cursor() as cursor:
        tables: dict[str, list[tuple[Any, ...]]] = {}
        for table, sql in SNAPSHOT_QUERIES.items():
            cursor.execute(sql)
            tables[table] = [tuple(row) for row in cursor.fetchall()]
    return tables


def refused(role: str, response: Any) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    login = reverse(settings.LOGIN_URL)
    return (
        role == "anonymous"
        and response.status_code == 302
        and response["Location"].startswith(login)
    )


def cells() -> Iterator[tuple[str, str]]:
    for name in sorted(url_names()):
        if name in EXEMPT or name.startswith("admin:"):
            continue
        for method in METHODS:
            yield name, method


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The cast and their objects, built once per test process: every cell runs in a
    transaction that is rolled back, so each starts from this same world."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), list(cells()))
def test_cells(world: World, name: str, method: str) -> None:
    """SEC-04/05: each (role, relation, state) cell of this URL and method."""
    kwargs_for, contexts = URL_CONTEXTS.get(name, (_none, NO_OBJECT))
    clients = {role: Client() for role in ROLES}
    for role, user in world.users.items():
        clients[role].force_login(user)  # outside the per-cell rollback, so it lasts
    mismatches = []
    for relation, state in contexts:
        for role in ROLES:
            expected = ROWS.get((name, method, role, relation, state))
            client = clients[role]
            with transaction.atomic():
                url = reverse(name, kwargs=kwargs_for(world, relation, state))
                before = snapshot() if expected is None else None
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, payload(name, world, relation, state))
                cell = f"{method} {name} as {role} ({relation}, {state})"
                if expected is None:
                    if not refused(role, response):
                        mismatches.append(f"{cell}: {response.status_code}, expected refusal")
                    elif snapshot() != before:
                        mismatches.append(f"{cell}: refused but the database changed")
                elif response.status_code != expected:
                    mismatches.append(f"{cell}: {response.status_code}, expected {expected}")
                transaction.set_rollback(True)
    assert not mismatches, "\n".join(mismatches)


def test_matrix_rows_name_real_cells() -> None:
    """A row for a context the test never visits would silently check nothing."""
    for url, method, role, relation, state in ROWS:
        contexts = URL_CONTEXTS.get(url, (_none, NO_OBJECT))[1]
        assert (relation, state) in contexts, f"{url} {method} {role}: no ({relation}, {state})"


def test_production_code_never_imports_from_tests() -> None:
    for path in (Path(settings.BASE_DIR) / "livslang").rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests"):
                raise AssertionError(f"{path} imports from tests")
