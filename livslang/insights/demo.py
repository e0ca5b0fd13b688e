"""Demo figures: regional insight computed over the demo world for the last twelve months and
the next twelve, after every other app has built its part (the figures are derived data, so
nothing here is marked demo: a refresh replaces them)."""

from __future__ import annotations

from datetime import date, timedelta

from livslang.demo.services import DemoContribution
from livslang.insights import services

ORDER = 90


def build(*, today: date, shift: timedelta) -> DemoContribution:
    services.ensure_period(start=today - timedelta(days=365), end=today - timedelta(days=1))
    services.ensure_period(start=today, end=today + timedelta(days=364))
    written = services.refresh(today=today)
    return DemoContribution(app="insights", summary=f"figures for {written} areas")
