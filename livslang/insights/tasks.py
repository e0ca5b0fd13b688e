"""The worker's regional-insight task."""

from __future__ import annotations

from django_tasks import task

from livslang.insights import services


@task()
def refresh_insights() -> int:
    """Recompute the figures of every period (see ``services.refresh``)."""
    return services.refresh()
