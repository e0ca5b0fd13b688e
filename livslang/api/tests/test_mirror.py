"""The mirror: a consumer copies the catalogue through the dump and the change feed while
writers change it, and ends with exactly what the API publishes (on SQLite and PostgreSQL:
the run's database)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from livslang.api import queries, services
from livslang.api.tests.conftest import World
from livslang.catalog import services as catalog
from livslang.catalog.models import ChangeEvent
from livslang.catalog.services.sync import CohortSpec, sync_offering
from livslang.catalog.testing import make_postcode
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation

Mirror = dict[tuple[str, str], dict[str, Any]]


def _start(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _cohort_data(days: int, seats: int) -> dict[str, Any]:
    return {
        "mode": "on_site",
        "postcode": "9300",
        "start_date": _start(days),
        "end_date": _start(days + 30),
        "seats": seats,
    }


def _writer(actor: Any, owner: Any, name: str, errors: list[BaseException]) -> None:
    """One system's changes: offerings created, published, changed, unpublished and
    republished; cohorts created, changed and removed."""
    try:
        offering = catalog.create_offering(actor=actor, owner=owner, data={"title": f"{name} A"})
        catalog.create_cohort(actor=actor, offering=offering, data=_cohort_data(30, 10))
        catalog.publish_offering(actor=actor, offering=offering)
        cohort = catalog.create_cohort(actor=actor, offering=offering, data=_cohort_data(60, 8))
        for seats in (9, 11, 13):
            cohort = catalog.update_cohort(actor=actor, cohort=cohort, data={"seats": seats})
        catalog.update_offering(actor=actor, offering=offering, data={"title": f"{name} B"})
        catalog.set_cohort_status(actor=actor, cohort=cohort, status="open")
        catalog.unpublish_offering(actor=actor, offering=offering)
        catalog.update_offering(actor=actor, offering=offering, data={"title": f"{name} C"})
        catalog.publish_offering(actor=actor, offering=offering)
        specs = [CohortSpec(f"{name}-1", _cohort_data(40, 5)), CohortSpec(f"{name}-2", {})]
        specs[1].data = _cohort_data(50, 6)
        for cohorts in (specs, specs[:1]):  # the second run removes a cohort
            sync_offering(
                actor=actor,
                owner=owner,
                identifier=f"{name}-sync",
                data={"title": f"{name} synced", "provider": owner},
                status="published",
                cohorts=cohorts,
            )
        withdrawn = catalog.create_offering(actor=actor, owner=owner, data={"title": f"{name} X"})
        catalog.publish_offering(actor=actor, offering=withdrawn)
        catalog.archive_offering(actor=actor, offering=withdrawn)
    except BaseException as exc:
        errors.append(exc)
    finally:
        connection.close()


def _apply(mirror: Mirror, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        key = (entry["kind"], entry["id"])
        if entry["data"] is None:
            mirror.pop(key, None)
        else:
            mirror[key] = entry["data"]


def _follow(client: Client, mirror: Mirror, cursor: int) -> int:
    while True:
        response = client.get(f"/api/v1/changes?since={cursor}&limit=7")
        assert response.status_code == 200, response.content
        body = response.json()
        sequences = [e["sequence"] for e in body["changes"]]
        assert sequences == list(range(cursor + 1, cursor + 1 + len(sequences)))  # no gaps
        _apply(mirror, body["changes"])
        cursor = body["next"]
        if not body["more"]:
            return cursor


def _load_dump(client: Client) -> tuple[Mirror, int]:
    response = client.get("/api/v1/dump/offerings.jsonl.gz")
    assert response.status_code == 200, response.content
    lines = gzip.decompress(response.getvalue()).decode().splitlines()
    header = json.loads(lines[0])
    assert header["kind"] == "dump"
    assert int(response["Livslang-Sequence"]) == header["sequence"]
    records = [json.loads(line) for line in lines[1:]]
    assert len(records) == header["records"]
    return {(r["kind"], r["id"]): r["data"] for r in records}, header["sequence"]


@pytest.mark.django_db(transaction=True)
def test_dump_and_feed_mirror_the_catalogue_exactly_under_concurrent_writes(
    tmp_path: Any,
) -> None:
    make_postcode("9300")
    owners = [make_organisation(kind=Kind.CENTRE) for _ in range(2)]
    actors = [make_member(owner, role=Role.EDITOR).user for owner in owners]
    seed = catalog.create_offering(actor=actors[0], owner=owners[0], data={"title": "Seed"})
    catalog.create_cohort(actor=actors[0], offering=seed, data=_cohort_data(20, 4))
    catalog.publish_offering(actor=actors[0], offering=seed)
    client = Client()
    storage = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storage, API_RATE_LIMITS={"anonymous": (10_000, 60)}):
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=_writer, args=(actors[i], owners[i], f"w{i}", errors))
            for i in range(2)
        ]
        for thread in threads:
            thread.start()
        services.build_dumps()  # while the writers write
        mirror, cursor = _load_dump(client)
        cursor = _follow(client, mirror, cursor)  # also while they write
        for thread in threads:
            thread.join()
        assert not errors, [getattr(e, "faults", e) for e in errors]
        _follow(client, mirror, cursor)
        expected = queries.mirror_state()
        assert mirror == expected
        assert ("offering", str(seed.public_id)) in mirror
        assert len([k for k in mirror if k[0] == "offering"]) == 5
        # A consumer starting after the writers is served the same by the dump alone.
        services.build_dumps()
        fresh, last = _load_dump(client)
        assert fresh == expected
        assert _follow(client, fresh, last) == last


@pytest.mark.django_db
def test_an_expired_cursor_answers_410_with_the_dump(api: Client, world: World) -> None:
    offering = world.offering
    catalog.update_offering(actor=world.admin, offering=offering, data={"title": "Ny tittel"})
    old = timezone.now() - dt.timedelta(days=queries.FEED_RETENTION_DAYS + 1)
    ChangeEvent.objects.update(occurred_at=old)
    catalog.update_offering(actor=world.admin, offering=offering, data={"title": "Nyere"})
    last = ChangeEvent.objects.order_by("-sequence").first()
    assert last is not None
    response = api.get("/api/v1/changes?since=0")
    assert response.status_code == 410
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["dump"] == "/api/v1/dump/offerings.jsonl.gz"
    kept = api.get(f"/api/v1/changes?since={last.sequence - 1}")
    assert kept.status_code == 200
    assert kept.json()["changes"][0]["data"]["title"] == "Nyere"


@pytest.mark.django_db
def test_feed_entries_carry_tombstones(api: Client, world: World) -> None:
    start = ChangeEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    catalog.unpublish_offering(actor=world.admin, offering=world.offering)
    body = api.get(f"/api/v1/changes?since={start or 0}").json()
    actions = {(c["kind"], c["action"], c["data"] is None) for c in body["changes"]}
    assert actions == {("offering", "unpublished", True), ("cohort", "unpublished", True)}
    assert body["retention_days"] == queries.FEED_RETENTION_DAYS


@pytest.mark.django_db
def test_dump_is_regenerated_in_the_background(api: Client, world: World, tmp_path: Any) -> None:
    storage = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(STORAGES=storage, TASKS=tasks):
        first = api.get("/api/v1/dump/offerings.csv.gz")  # the first dump is made at once
        assert first.status_code == 200
        rows = gzip.decompress(first.getvalue()).decode().splitlines()
        assert rows[0].startswith("kind,id,offering,title")
        assert any(str(world.offering.public_id) in row for row in rows[1:])
        assert not any(str(world.draft.public_id) in row for row in rows[1:])
        catalog.publish_offering(actor=world.admin, offering=world.draft)
        manifest = services.dump_manifest()
        assert manifest is not None
        stale = {**manifest, "generated_at": "2000-01-01T00:00:00+00:00"}
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
            services.refresh_if_stale(stale)  # queues the task; the immediate backend runs it
        again = api.get("/api/v1/dump/offerings.csv.gz")
        rows = gzip.decompress(again.getvalue()).decode().splitlines()
        assert any(str(world.draft.public_id) in row for row in rows[1:])
        assert int(again["Livslang-Sequence"]) > int(first["Livslang-Sequence"])
