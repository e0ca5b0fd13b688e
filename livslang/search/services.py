"""Search writes: running a search and logging it when it is settled; the search rate limit.

The log keeps no visitor identifier. Duplicates (the same words, filters and municipality
within 30 minutes) are recognised by a key made from a salted hash of the client address; the
salt changes every day and, like the keys, lives only in the cache, so a log entry can never
be linked to an address or to another entry. No cookie is set.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone

from livslang.geo.models import Municipality
from livslang.search.engine import BOOLEAN_FACETS, FACET_NAMES
from livslang.search.models import SearchLogEntry
from livslang.search.queries import Criteria, SearchResult, search

DUPLICATE_WINDOW_SECONDS = 30 * 60
_SALT_SECONDS = 36 * 60 * 60

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# A phone number: an optional +country prefix, then 8 digits, possibly grouped.
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\d[\s.-]?){7}\d")
_DIGITS = re.compile(r"\d{6,}")
_SPACES = re.compile(r"\s+")


def scrub(text: str) -> str:
    """``text`` without e-mail addresses, phone numbers and runs of 6 or more digits."""
    text = _EMAIL.sub(" ", text)
    text = _DIGITS.sub(" ", text)
    text = _PHONE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _filters(criteria: Criteria) -> dict[str, Any]:
    """The filters of a search as plain data (no place: only its municipality is kept)."""
    data: dict[str, Any] = {}
    for name in FACET_NAMES:
        if name in BOOLEAN_FACETS:
            if getattr(criteria, name):
                data[name] = True
        elif values := getattr(criteria, name):
            data[name] = sorted(scrub(v) for v in values)
    for name in ("credits_min", "credits_max", "price_max"):
        value = getattr(criteria, name)
        if value is not None:
            data[name] = value
    for name in ("start_from", "start_to"):
        value = getattr(criteria, name)
        if value is not None:
            data[name] = value.isoformat()
    if criteria.place is not None:
        data["radius"] = criteria.radius_km
    if criteria.exclude_online:
        data["exclude_online"] = True
    return data


def _daily_salt() -> str:
    key = f"search:salt:{timezone.localdate().isoformat()}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), _SALT_SECONDS)
        salt = cache.get(key)
    return str(salt) if salt else settings.SECRET_KEY


def _duplicate_key(client_address: str, payload: str) -> str:
    visitor = hashlib.sha256(f"{_daily_salt()}|{client_address}".encode()).hexdigest()
    search_hash = hashlib.sha256(payload.encode()).hexdigest()
    return f"search:seen:{visitor}:{search_hash}"


@dataclass(frozen=True)
class _Settled:
    """A settled search as it is logged: scrubbed words, filters, municipality."""

    query: str
    filters: dict[str, Any]
    country: str | None
    municipality_code: str | None

    @classmethod
    def of(cls, criteria: Criteria) -> _Settled | None:
        """None for an empty form (not a search)."""
        query = scrub(criteria.text)[:200]
        filters = _filters(criteria)
        code = criteria.place.municipality_code if criteria.place else None
        if not query and not filters and code is None:
            return None
        return cls(query, filters, criteria.place.country if criteria.place else None, code)

    def first_in_window(self, client_address: str) -> bool:
        """True once per visitor and search (words, filters, municipality) in 30 minutes."""
        payload = json.dumps(
            [self.query.casefold(), self.filters, self.country, self.municipality_code],
            sort_keys=True,
        )
        key = _duplicate_key(client_address, payload)
        # A repeated search (the usual case: paging, reloading) is answered by a read; only a
        # new one writes, and ``add`` still decides between two at the same time.
        visitors = caches["visitors"]
        if visitors.get(key) is not None:
            return False
        return bool(visitors.add(key, 1, DUPLICATE_WINDOW_SECONDS))

    def save(self, result_count: int) -> SearchLogEntry:
        municipality = None
        if self.municipality_code is not None:
            municipality = (
                Municipality.objects.filter(country_id=self.country, code=self.municipality_code)
                .order_by("-valid_from")
                .first()
            )
        entry = SearchLogEntry(
            searched_on=timezone.localdate(),
            query=self.query,
            filters=self.filters,
            municipality=municipality,
            result_count=result_count,
        )
        entry.full_clean()
        with transaction.atomic():
            entry.save()
        return entry


def record_search(
    *, criteria: Criteria, result_count: int, client_address: str
) -> SearchLogEntry | None:
    """Log a settled search, unless the same visitor logged the same search (words, filters,
    municipality) in the last 30 minutes. Returns the new entry, or None."""
    settled = _Settled.of(criteria)
    if settled is None or not settled.first_in_window(client_address):
        return None
    return settled.save(result_count)


def run_search(*, criteria: Criteria, settled: bool, client_address: str) -> SearchResult:
    """Search; a settled search (a full page load or a submitted form, not a keystroke) is
    also logged."""
    result = search(criteria)
    if settled:
        record_search(criteria=criteria, result_count=result.total, client_address=client_address)
    return result


def record_followed(*, criteria: Criteria, client_address: str) -> SearchLogEntry | None:
    """A visitor followed a result of this search: it is settled. Logged like any settled
    search (same scrubbing, one entry per visitor and search in 30 minutes). The search runs
    again only when it is logged, for its number of results: the address could claim any."""
    settled = _Settled.of(criteria)
    if settled is None or not settled.first_in_window(client_address):
        return None
    return settled.save(search(criteria).total)


# --- Rate limit (SEC-12) ------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    requests: int
    seconds: int


def rate_limit() -> RateLimit:
    requests, seconds = getattr(settings, "SEARCH_RATE_LIMIT", (120, 60))
    return RateLimit(int(requests), int(seconds))


def throttle(*, client_address: str, now: float | None = None) -> int | None:
    """Count one search for ``client_address``; None if allowed, else the seconds to wait
    (for Retry-After). A fixed window per address, counted in the shared cache."""
    limit = rate_limit()
    moment = time.time() if now is None else now
    window = int(moment // limit.seconds)
    address = hashlib.sha256(client_address.encode()).hexdigest()[:32]
    key = f"search:rate:{address}:{window}"
    # Counting first and creating the counter only when it is missing: one write per search
    # in a window, not two (on the database cache each is a write transaction; measured in
    # docs/benchmarks.md, "Request cost").
    try:
        count = cache.incr(key)
    except ValueError:  # the first search of this address in this window
        if cache.add(key, 1, limit.seconds + 5):
            count = 1
        else:  # another worker created it just now
            try:
                count = cache.incr(key)
            except ValueError:  # and it expired at once
                cache.add(key, 1, limit.seconds + 5)
                count = 1
    if count <= limit.requests:
        return None
    return max(1, int((window + 1) * limit.seconds - moment) + 1)
