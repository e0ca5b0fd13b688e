"""Template tags of brokerage: the proposals shown on a competence need's page."""

from __future__ import annotations

from typing import Any

from django import template

from livslang.brokerage.queries import proposals_for_need

register = template.Library()


@register.simple_tag
def proposals_for(need: Any) -> list[Any]:
    return proposals_for_need(need)
