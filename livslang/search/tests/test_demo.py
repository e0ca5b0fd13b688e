"""The demo search log, and the demo catalogue found by searching it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from livslang.catalog import demo as catalog_demo
from livslang.organisations import demo as organisations_demo
from livslang.search import demo, reports
from livslang.search.models import SearchLogEntry
from livslang.search.queries import Criteria, search

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 5)


def test_the_demo_log_is_idempotent_and_moves_with_the_world() -> None:
    demo.build(today=TODAY, shift=timedelta(0))
    count = SearchLogEntry.objects.count()
    demo.build(today=TODAY, shift=timedelta(0))
    assert SearchLogEntry.objects.count() == count
    latest = max(SearchLogEntry.objects.values_list("searched_on", flat=True))
    demo.build(today=TODAY + timedelta(days=10), shift=timedelta(days=10))
    assert max(SearchLogEntry.objects.values_list("searched_on", flat=True)) == latest + timedelta(
        days=10
    )


def test_the_demo_world_is_searchable() -> None:
    call_command("load_geo", verbosity=0)
    today = date.today()
    organisations_demo.build(today=today, shift=timedelta(0))
    catalog_demo.build(today=today, shift=timedelta(0))
    demo.build(today=today, shift=timedelta(0))
    assert search(Criteria()).total > 100
    shown = [row.query for row in reports.frequent_terms()]
    assert "sveising" in shown and "fiskehelse" not in shown
