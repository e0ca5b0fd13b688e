"""Background work of the API: regenerating the mirror's dumps."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from livslang.api import services


@task()
def regenerate_dumps() -> dict[str, Any]:
    return services.build_dumps()
