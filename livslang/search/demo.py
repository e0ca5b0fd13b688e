"""Demo search log: what people in the demo world searched for, so the centre staff page has
something to show. Idempotent; dated relative to ``today`` and moved by ``shift``."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from livslang.demo.services import DemoContribution
from livslang.search.models import SearchLogEntry

ORDER = 40
# (words, how many searches, results each found): above and below the threshold of 5.
SEARCHES = [
    ("sveising", 9, 14),
    ("truckførerbevis", 7, 0),
    ("velferdsteknologi", 6, 5),
    ("dronepilot", 5, 1),
    ("fiskehelse", 4, 0),  # too rare to be shown
]


@transaction.atomic
def build(*, today: date, shift: timedelta) -> DemoContribution:
    demo = list(SearchLogEntry.objects.filter(is_demo=True))
    if shift:
        for entry in demo:
            entry.searched_on += shift
        SearchLogEntry.objects.bulk_update(demo, ["searched_on"])
    if demo:
        return DemoContribution(app="search", summary="search log unchanged")
    entries = [
        SearchLogEntry(
            searched_on=today - timedelta(days=n * 3 % 28),
            query=words,
            filters={},
            result_count=results,
            is_demo=True,
        )
        for words, times, results in SEARCHES
        for n in range(times)
    ]
    SearchLogEntry.objects.bulk_create(entries)
    return DemoContribution(app="search", summary=f"{len(entries)} demo search log entries")
