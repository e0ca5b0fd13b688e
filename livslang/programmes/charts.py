"""Vega-Lite specifications for the programme charts, served as small JSON documents and drawn
in the browser by vega-embed with the CSP-safe expression interpreter (static/programmes/
charts.js). Every chart has a table beside it on the page with the same numbers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from livslang.programmes.models import Goal, Measurement
from livslang.programmes.progress import GoalProgress

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def progress_chart(programme_name: str, top: list[GoalProgress]) -> dict[str, Any]:
    """A bar per overall goal: how far of the way from baseline to target it has come, as
    measured and as rolled up from the track goals (goals without data get no bar)."""
    measured, rolled = _("Measured"), _("From the track goals")
    values: list[dict[str, Any]] = []
    for progress in top:
        if progress.percent is not None:
            values.append(
                {"goal": progress.goal.name, "basis": measured, "percent": float(progress.percent)}
            )
        if progress.rolled_up_percent is not None:
            values.append(
                {
                    "goal": progress.goal.name,
                    "basis": rolled,
                    "percent": float(progress.rolled_up_percent),
                }
            )
    title = _("Progress toward the overall goals (%)")
    return {
        "$schema": SCHEMA,
        "description": _("%(title)s: %(programme)s. The table below has the same numbers.")
        % {"title": title, "programme": programme_name},
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": {
                        "field": "goal",
                        "type": "nominal",
                        "title": None,
                        "axis": {"labelLimit": 320},
                    },
                    "yOffset": {"field": "basis"},
                    "x": {
                        "field": "percent",
                        "type": "quantitative",
                        "title": title,
                        # Always 0 to 100; wider when a goal went the wrong way or overshot.
                        "scale": {"domain": {"unionWith": [0, 100]}},
                    },
                    "color": {
                        "field": "basis",
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": ["#1e5ba8", "#7a4aa0"]},
                        "legend": {"orient": "bottom"},
                    },
                },
            },
            {
                "data": {"values": [{"target": 100}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#1a1a1a"},
                "encoding": {"x": {"field": "target", "type": "quantitative"}},
            },
        ],
    }


def goal_chart(
    goal: Goal, progress: GoalProgress, measurements: list[Measurement]
) -> dict[str, Any]:
    """The indicator's values over time against its target line (and its baseline)."""
    indicator = progress.indicator
    if indicator is None:
        return {
            "$schema": SCHEMA,
            "description": _("This goal has no indicator."),
            "data": {"values": []},
            "mark": "point",
        }
    unit = indicator.unit or _("value")
    series = [
        {
            "date": indicator.baseline_date.isoformat(),
            "value": _number(indicator.baseline_value),
            "kind": _("Baseline"),
        }
    ]
    series += [
        {"date": m.measured_on.isoformat(), "value": _number(m.value), "kind": _("Measured")}
        for m in measurements
    ]
    target = [
        {
            "date": indicator.target_date.isoformat(),
            "value": _number(indicator.target_value),
            "kind": _("Target"),
        }
    ]
    x = {"field": "date", "type": "temporal", "title": _("Date")}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": str(unit),
        "scale": {"zero": False},
    }
    return {
        "$schema": SCHEMA,
        "description": _(
            "%(indicator)s over time against the target %(target)s by %(date)s. "
            "The table below has the same numbers."
        )
        % {
            "indicator": indicator.name,
            "target": indicator.target_value,
            "date": indicator.target_date.isoformat(),
        },
        "width": "container",
        "height": 260,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "layer": [
            {
                "data": {"values": series},
                "mark": {"type": "line", "point": True, "color": "#1e5ba8"},
                "encoding": {"x": x, "y": y},
            },
            {
                "data": {"values": [{"value": _number(indicator.target_value)}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#a3191e"},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            },
            {
                "data": {"values": target},
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "size": 120,
                    "filled": True,
                    "color": "#a3191e",
                },
                "encoding": {"x": x, "y": y},
            },
        ],
    }
