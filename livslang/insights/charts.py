"""Vega-Lite specifications for the regional-insight maps and charts, served as JSON and drawn
by vega-embed with the CSP-safe expression interpreter (static/insights/insights.js). Every
map and chart has a table beside it with the same numbers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from livslang.insights import geometry
from livslang.insights.queries import Cell

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PROJECTION = {"NO": {"type": "mercator"}, "DK": {"type": "mercator"}}


def _values(rows: list[tuple[str, str, Cell]]) -> list[dict[str, Any]]:
    return [
        {"code": code, "name": name, "value": cell.value, "shown": cell.text}
        for code, name, cell in rows
    ]


def choropleth(
    *,
    country: str,
    region_code: str | None,
    title: str,
    rows: list[tuple[str, str, Cell]],
    scheme: str = "blues",
) -> dict[str, Any]:
    """Municipalities coloured by one figure; grey where there is no figure to draw (none, or
    fewer than 5 people), with the shown text on hover."""
    topology = geometry.municipality_topology(country, region_code)
    data = {"values": topology, "format": {"type": "topojson", "feature": geometry.OBJECT}}
    lookup = {
        "lookup": "id",
        "from": {
            "data": {"values": _values(rows)},
            "key": "code",
            "fields": ["code", "name", "value", "shown"],
        },
    }
    tooltip = [
        {"field": "name", "type": "nominal", "title": _("Municipality")},
        {"field": "code", "type": "nominal", "title": _("Code")},
        {"field": "shown", "type": "nominal", "title": title},
    ]
    return {
        "$schema": SCHEMA,
        "description": _(
            "Map: %(title)s per municipality. The table beside it has the same numbers."
        )
        % {"title": title},
        "width": "container",
        "height": 520,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "projection": PROJECTION.get(country, {"type": "mercator"}),
        "data": data,
        "transform": [lookup],
        "layer": [
            {
                "mark": {
                    "type": "geoshape",
                    "fill": "#d9d9d9",
                    "stroke": "#ffffff",
                    "strokeWidth": 0.4,
                },
                "encoding": {"tooltip": tooltip},
            },
            {
                "transform": [{"filter": {"field": "value", "valid": True}}],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
                "encoding": {
                    "color": {
                        "field": "value",
                        "type": "quantitative",
                        "title": title,
                        "scale": {"scheme": scheme},
                        "legend": {
                            "orient": "bottom",
                            "direction": "horizontal",
                            "gradientLength": 240,
                        },
                    },
                    "tooltip": tooltip,
                },
            },
        ],
    }


def bars(*, title: str, rows: list[tuple[str, str, Cell]]) -> dict[str, Any]:
    """One bar per municipality with a figure, largest first."""
    values = [v for v in _values(rows) if v["value"] is not None]
    return {
        "$schema": SCHEMA,
        "description": _("Bar chart: %(title)s per municipality. The table has the same numbers.")
        % {"title": title},
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#1e5ba8"},
        "encoding": {
            "y": {
                "field": "name",
                "type": "nominal",
                "sort": "-x",
                "title": None,
                "axis": {"labelLimit": 200},
            },
            "x": {"field": "value", "type": "quantitative", "title": title},
            "tooltip": [
                {"field": "name", "type": "nominal", "title": _("Municipality")},
                {"field": "shown", "type": "nominal", "title": title},
            ],
        },
    }


def time_series(*, title: str, points: list[tuple[str, Cell]]) -> dict[str, Any]:
    """The area's figure per period (periods without a drawable figure are left out)."""
    values = [
        {"period": label, "value": c.value, "shown": c.text}
        for label, c in points
        if c.value is not None
    ]
    return {
        "$schema": SCHEMA,
        "description": _("Chart: %(title)s per period. The table has the same numbers.")
        % {"title": title},
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "color": "#1e5ba8"},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": _("Period"), "sort": None},
            "y": {"field": "value", "type": "quantitative", "title": title},
            "tooltip": [
                {"field": "period", "type": "nominal", "title": _("Period")},
                {"field": "shown", "type": "nominal", "title": title},
            ],
        },
    }
