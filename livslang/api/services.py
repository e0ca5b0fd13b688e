"""API writes: tokens (create, revoke, use), the API rate limit and the mirror's dumps.

Tokens are shown once and stored as the SHA-256 digest of the whole token; the prefix finds
the row. Creating and revoking are audited. The dumps are written through Django's storage
API by a background task (``tasks.regenerate_dumps``), so any storage backend serves them.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import hmac
import io
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from livslang.api.models import ApiToken, Scope
from livslang.api.queries import mirror_records
from livslang.audit.services import record as audit_record
from livslang.catalog import queries as catalog_queries
from livslang.catalog.changes import last_sequence
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation, Role

TOKEN_PREFIX = "lvs"  # noqa: S105 (a public prefix, not a secret)
OBJECT_TYPE = "api.apitoken"
# Don't write last_used_at more often than this (seconds): reads stay reads.
LAST_USED_GRANULARITY = 60
DUMP_DIR = "api/dump"
DUMP_MANIFEST = f"{DUMP_DIR}/manifest.json"
# The dumps by format: (manifest key, file name suffix).
DUMP_JSONL = "jsonl"
DUMP_CSV = "csv"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _require_admin(actor: Any, organisation: Organisation) -> None:
    role = org_queries.role_in(actor, organisation)
    if role is None or not role.covers(Role.ADMIN):
        raise PermissionDenied


@transaction.atomic
def create_token(
    *, actor: Any, organisation: Organisation, name: str, scope: str
) -> tuple[ApiToken, str]:
    """A new token for ``organisation``; returns it and the token text (shown only now)."""
    _require_admin(actor, organisation)
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    token = ApiToken(
        organisation=organisation,
        name=name.strip(),
        scope=scope,
        prefix=prefix,
        digest=_digest(raw),
        created_by=actor,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        object_type=OBJECT_TYPE,
        object_id=str(token.public_id),
        object_repr=str(token),
        changes={"name": token.name, "scope": token.scope},
        summary=organisation.name,
    )
    return token, raw


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token`` at once; a revoked token stays listed, and never works again."""
    _require_admin(actor, token.organisation)
    locked = ApiToken.objects.select_for_update(no_key=True).get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        object_type=OBJECT_TYPE,
        object_id=str(locked.public_id),
        object_repr=str(locked),
        summary=locked.organisation.name,
    )
    return locked


def authenticate(raw: str) -> ApiToken | None:
    """The active token ``raw`` names, or None; notes when it was last used."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > (
        LAST_USED_GRANULARITY
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def can_write(token: ApiToken) -> bool:
    return token.scope == Scope.WRITE


# --- Rate limit (SEC-12) -------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    requests: int
    seconds: int


def rate_limit(kind: str) -> RateLimit:
    """``API_RATE_LIMITS[kind]`` as (requests, seconds); kinds: anonymous, token, dump."""
    defaults = {"anonymous": (120, 60), "token": (600, 60), "dump": (30, 3600)}
    limits = {**defaults, **getattr(settings, "API_RATE_LIMITS", {})}
    requests, seconds = limits[kind]
    return RateLimit(int(requests), int(seconds))


def throttle(*, kind: str, who: str, now: float | None = None) -> int | None:
    """Count one request by ``who`` (a token id or a client address); None if allowed, else
    the seconds to wait (Retry-After). A fixed window, counted in the shared cache."""
    limit = rate_limit(kind)
    moment = time.time() if now is None else now
    window = int(moment // limit.seconds)
    subject = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"api:rate:{kind}:{subject}:{window}"
    if cache.add(key, 1, limit.seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, limit.seconds + 5)
            count = 1
    if count <= limit.requests:
        return None
    return max(1, int((window + 1) * limit.seconds - moment) + 1)


# --- The dumps -----------------------------------------------------------------------------

CSV_COLUMNS = (
    "kind",
    "id",
    "offering",
    "title",
    "provider",
    "isced_field",
    "level",
    "credits_value",
    "credits_unit",
    "language",
    "status",
    "mode",
    "country",
    "municipality",
    "postcode",
    "start_date",
    "end_date",
    "price",
    "currency",
    "seats",
    "url",
    "data",
)


def _csv_row(record: dict[str, Any]) -> list[str]:
    data = record["data"]
    row = {"kind": record["kind"], "id": record["id"], "data": json.dumps(data, sort_keys=True)}
    for column in CSV_COLUMNS:
        if column not in row:
            value = data.get(column)
            row[column] = "" if value is None else str(value)
    if record["kind"] == "offering":
        row["offering"] = record["id"]
    # Neutralise what a spreadsheet would read as a formula.
    return [
        ("'" + v) if v[:1] in ("=", "+", "-", "@", "\t", "\r") and c != "data" else v
        for c, v in ((c, row[c]) for c in CSV_COLUMNS)
    ]


def build_dumps() -> dict[str, Any]:
    """Write both dumps of the published catalogue and their manifest; returns the manifest.

    The sequence number is read first, in the same transaction as the data: a consumer that
    reads the dump and then follows the feed from that number sees every change made after
    (at worst some twice, which the feed's current-state entries make harmless).
    """
    with transaction.atomic():
        sequence = last_sequence()
        generated = timezone.now()
        records = list(mirror_records(catalog_queries.published_offerings_for_api().iterator(100)))
    header = {
        "kind": "dump",
        "sequence": sequence,
        "generated_at": generated.isoformat(),
        "records": len(records),
    }
    jsonl = io.BytesIO()
    with gzip.GzipFile(fileobj=jsonl, mode="wb", mtime=0) as out:
        out.write((json.dumps(header, sort_keys=True) + "\n").encode())
        for record in records:
            out.write((json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n").encode())
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(_csv_row(record))
    csv_bytes = gzip.compress(text.getvalue().encode("utf-8"), mtime=0)
    # New files under new names, then the manifest that points at them, then the old files
    # go: a download never sees a half-written or missing dump.
    stamp = f"{sequence}-{secrets.token_hex(4)}"
    old = dump_manifest() or {}
    files = {}
    for key, content in ((DUMP_JSONL, jsonl.getvalue()), (DUMP_CSV, csv_bytes)):
        files[key] = default_storage.save(
            f"{DUMP_DIR}/offerings-{stamp}.{key}.gz", ContentFile(content)
        )
    manifest = {**header, "kind": "manifest", "files": files}
    if default_storage.exists(DUMP_MANIFEST):
        default_storage.delete(DUMP_MANIFEST)
    default_storage.save(DUMP_MANIFEST, ContentFile(json.dumps(manifest).encode()))
    for name in (old.get("files") or {}).values():
        if name not in files.values() and default_storage.exists(name):
            default_storage.delete(name)
    return manifest


def dump_manifest() -> dict[str, Any] | None:
    if not default_storage.exists(DUMP_MANIFEST):
        return None
    with default_storage.open(DUMP_MANIFEST, "rb") as f:
        data: dict[str, Any] = json.loads(f.read())
    return data


def request_dump_refresh() -> None:
    """Ask the worker to regenerate the dumps, at most once per ``DUMP_MIN_INTERVAL``."""
    from livslang.api.tasks import regenerate_dumps

    if cache.add("api:dump:requested", 1, DUMP_MIN_INTERVAL):
        transaction.on_commit(lambda: regenerate_dumps.enqueue())


def refresh_if_stale(manifest: dict[str, Any]) -> None:
    """Ask for a new dump when the catalogue changed since this one and it is old enough."""
    generated = manifest.get("generated_at")
    if not generated or manifest.get("sequence") == last_sequence():
        return
    age = (timezone.now() - dt.datetime.fromisoformat(generated)).total_seconds()
    if age > DUMP_MIN_INTERVAL:
        request_dump_refresh()


# A dump is regenerated at most this often on request (seconds); ``manage.py build_api_dumps``
# (cron) regenerates it whenever it runs.
DUMP_MIN_INTERVAL = 15 * 60
