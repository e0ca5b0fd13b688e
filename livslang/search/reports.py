"""Reading the search log for centre staff: only what at least 5 searches share is shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.utils import timezone

from livslang.search.models import SearchLogEntry

# A term is shown only once this many settled searches used it.
MIN_SEARCHES = 5
# "Few results": at most this many offerings found.
FEW_RESULTS = 2
DAYS = 90


@dataclass(frozen=True)
class TermRow:
    query: str
    searches: int
    fewest: int
    most: int


def _recent(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def frequent_terms(*, days: int = DAYS, limit: int = 50) -> list[TermRow]:
    """Words searched at least ``MIN_SEARCHES`` times in the last ``days``, most often first."""
    rows = (
        SearchLogEntry.objects.filter(searched_on__gte=_recent(days))
        .exclude(query="")
        .values("query")
        .annotate(n=Count("pk"), fewest=Min("result_count"), most=Max("result_count"))
        .filter(n__gte=MIN_SEARCHES)
        .order_by("-n", "query")[:limit]
    )
    return [TermRow(r["query"], r["n"], r["fewest"], r["most"]) for r in rows]


def unmet_terms(
    *, days: int = DAYS, limit: int = 50, municipality_ids: Iterable[int] | None = None
) -> list[TermRow]:
    """Words searched at least ``MIN_SEARCHES`` times that never found more than
    ``FEW_RESULTS`` offerings: what people look for and do not find (near one of
    ``municipality_ids`` only, when given)."""
    entries = SearchLogEntry.objects.filter(searched_on__gte=_recent(days))
    if municipality_ids is not None:
        entries = entries.filter(municipality_id__in=list(municipality_ids))
    rows = (
        entries.exclude(query="")
        .values("query")
        .annotate(n=Count("pk"), fewest=Min("result_count"), most=Max("result_count"))
        .filter(n__gte=MIN_SEARCHES, most__lte=FEW_RESULTS)
        .order_by("-n", "query")[:limit]
    )
    return [TermRow(r["query"], r["n"], r["fewest"], r["most"]) for r in rows]
