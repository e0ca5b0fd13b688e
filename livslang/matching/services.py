"""Writing matches: recompute a need's ranking and store it with a summary of the run.

The catalogue is read through ``catalog.queries`` and the need through ``needs.queries``; the
ranking itself is ``engine.match`` (pure). Recomputation happens when a need is registered or
edited (at once, so its author sees the matches) and, through the worker, after any
catalogue change (``catalogue_changed`` → ``tasks.refresh_matches``), which re-ranks every
active need from the change-log position it last saw.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from livslang.catalog import changes as catalogue_changes
from livslang.catalog import queries as catalog_queries
from livslang.matching.catalogue import docs_for
from livslang.matching.engine import Catalogue, NeedSpec, match
from livslang.matching.languages import spoken_languages
from livslang.matching.models import Match, MatchingCursor, MatchRun
from livslang.tasks import enqueue_on_commit

# How many offerings of a need's ranking are kept (the relevant ones always come first).
KEEP = 20
# How many past runs of a need are kept for "matches over time".
KEEP_RUNS = 30
_PENDING_KEY = "matching:refresh-pending"


def need_spec(need: Any) -> NeedSpec:
    """The stored need as the matcher's record."""
    topics = tuple(str(t) for t in (need.topics or []))
    return NeedSpec(
        key=str(need.public_id),
        text=f"{need.title}. {need.text}",
        language=need.language,
        participants=need.participants,
        earliest=need.earliest_start,
        latest=need.latest_start,
        modes=frozenset(need.modes),
        schedules=frozenset(need.schedules) if need.schedules else None,
        max_price=need.max_price,
        currency=need.currency,
        max_km=need.max_travel_km,
        lat=need.latitude,
        lon=need.longitude,
        teaching_languages=frozenset({need.teaching_language}) if need.teaching_language else None,
        spoken_languages=spoken_languages(need.text),
        topics=topics,
    )


def catalogue_for(spec: NeedSpec) -> Catalogue:
    """The offerings to rank for ``spec`` (the whole catalogue, or candidates when large)."""
    return Catalogue(docs_for(spec, today=timezone.localdate()))


@transaction.atomic
def rematch(need: Any) -> MatchRun:
    """Recompute ``need``'s matches now and store them (replacing the previous list)."""
    sequence = catalogue_changes.last_sequence()
    spec = need_spec(need)
    result = match(spec, catalogue_for(spec))
    kept = result.matches[:KEEP]
    ids = {str(m.offering) for m in kept} | {str(m.cohort) for m in kept if m.cohort}
    offerings, cohorts = catalog_queries.pks_of(ids)
    relevant = [m for m in result.matches if m.relevant]
    fitting = [m for m in relevant if m.fits]
    best = catalog_queries.offering_title(kept[0].offering) if kept else ""
    run = MatchRun.objects.create(
        need=need,
        catalogue_sequence=sequence,
        gap=result.gap,
        relevant_count=len(relevant),
        fitting_count=len(fitting),
        best_offering_title=best[:200],
    )
    Match.objects.filter(need=need).delete()
    Match.objects.bulk_create(
        Match(
            need=need,
            run=run,
            rank=rank,
            offering_id=offerings[m.offering],
            cohort_id=cohorts.get(m.cohort) if m.cohort else None,
            score=m.score,
            relevance=m.relevance,
            fits=m.fits,
            reasons=[r.as_json() for r in m.verdict.reasons] if m.verdict else [],
            concepts=m.concepts,
        )
        for rank, m in enumerate(kept, start=1)
        if m.offering in offerings
    )
    old = MatchRun.objects.filter(need=need).order_by("-computed_at", "-pk")[KEEP_RUNS:]
    MatchRun.objects.filter(pk__in=[r.pk for r in old]).delete()
    return run


def catalogue_changed(last_sequence: int) -> None:
    """After a committed catalogue change: have the worker re-rank the active needs (once,
    however many changes arrive before it runs)."""
    if cache.add(_PENDING_KEY, last_sequence, timeout=600):
        from livslang.matching.tasks import refresh_matches

        enqueue_on_commit(refresh_matches)


def refresh(*, needs: list[Any]) -> int:
    """Re-rank ``needs`` against the current catalogue if it changed since the last refresh;
    returns how many were re-ranked."""
    cache.delete(_PENDING_KEY)
    with transaction.atomic():
        cursor, _ = MatchingCursor.objects.select_for_update().get_or_create(pk=1)
        last = catalogue_changes.last_sequence()
        if last <= cursor.sequence:
            return 0
        for need in needs:
            rematch(need)
        cursor.sequence = last
        cursor.save(update_fields=["sequence"])
    return len(needs)
