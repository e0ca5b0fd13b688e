"""The worker's matching tasks."""

from __future__ import annotations

from django_tasks import task

from livslang.matching import services
from livslang.needs import queries as needs_queries


@task()
def refresh_matches() -> int:
    """Re-rank every active need after catalogue changes (see ``services.refresh``)."""
    return services.refresh(needs=list(needs_queries.active_needs()))
