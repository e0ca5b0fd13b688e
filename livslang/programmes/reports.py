"""The status report for a period: defined sections, shown as a printable page and exported as
XLSX with one sheet per section."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from livslang.programmes import queries
from livslang.programmes.models import ActionStatus, Programme
from livslang.programmes.progress import programme_progress

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    # Columns (by index) holding numbers, right-aligned on the page and numeric in XLSX.
    numeric: frozenset[int] = frozenset()


@dataclass
class Report:
    programme: Programme
    start: date
    end: date
    sections: list[Section]


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def build(programme: Programme, start: date, end: date) -> Report:
    """The report of ``programme`` for ``start``..``end``: progress as it stood at ``end``."""
    goals = queries.goals_of(programme)
    all_measurements = queries.measurements_by_indicator(goals)
    until_end = {k: [m for m in v if m.measured_on <= end] for k, v in all_measurements.items()}
    _top, by_goal = programme_progress(goals, until_end, end)
    goal_rows = []
    for goal in goals:
        p = by_goal[goal.pk]
        indicator = p.indicator
        goal_rows.append(
            [
                goal.name,
                goal.track.name if goal.track else _("Overall goal"),
                goal.parent.name if goal.parent else "",
                goal.weight if goal.parent else None,
                indicator.name if indicator else "",
                indicator.unit if indicator else "",
                indicator.baseline_value if indicator else None,
                indicator.target_value if indicator else None,
                _day(indicator.target_date) if indicator else "",
                p.latest.value if p.latest else None,
                _day(p.latest.measured_on) if p.latest else "",
                p.percent,
                p.rolled_up_percent,
                p.state_label,
                _yes(p.is_late) if indicator else "",
            ]
        )
    measurement_rows = [
        [goal.name, m.measured_on.isoformat(), m.value, m.get_source_display(), m.comment]
        for goal in goals
        if queries.has_indicator(goal)
        for m in all_measurements.get(goal.indicator.pk, [])
        if start <= m.measured_on <= end
    ]
    actions = list(queries.actions_of(programme))
    action_rows = [
        [
            a.plan_track.name,
            a.title,
            a.responsible_organisation.name if a.responsible_organisation else "",
            a.responsible_person,
            _day(a.start_date),
            _day(a.due_date),
            a.get_status_display(),
            a.progress,
            _yes(bool(a.due_date and start <= a.due_date <= end)),
            _yes(bool(a.is_open and a.due_date and a.due_date < end)),
        ]
        for a in actions
    ]
    summaries = queries.action_summaries(programme)
    tracks = queries.tracks_of(programme)
    track_rows = []
    for track in tracks:
        summary = summaries.get(track.pk, queries.ActionSummary())
        track_rows.append(
            [track.name, ", ".join(o.name for o in track.owners.all()), summary.total]
            + [count for _value, _label, count in summary.rows()]
        )
    initiative_rows = [
        [
            i.name,
            i.owner.name if i.owner else "",
            ", ".join(t.name for t in i.tracks.all()),
            _day(i.started_on),
            _("started by the programme") if i.is_new else _("already under way"),
        ]
        for i in queries.initiatives_of(programme)
    ]
    sections = [
        Section(
            "goals",
            _("Goals and progress"),
            [
                _("Goal"),
                _("Track"),
                _("Contributes to"),
                _("Weight"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Target"),
                _("Target date"),
                _("Latest value"),
                _("Measured on"),
                _("Progress (%)"),
                _("From track goals (%)"),
                _("State"),
                _("Late"),
            ],
            goal_rows,
            frozenset({3, 6, 7, 9, 11, 12}),
        ),
        Section(
            "measurements",
            _("Measurements in the period"),
            [_("Goal"), _("Date"), _("Value"), _("Source"), _("Comment")],
            measurement_rows,
            frozenset({2}),
        ),
        Section(
            "tracks",
            _("Tracks and action plans"),
            [_("Track"), _("Owners"), _("Actions")]
            + [str(s.label).capitalize() for s in ActionStatus],
            track_rows,
            frozenset(range(2, 3 + len(ActionStatus))),
        ),
        Section(
            "actions",
            _("Actions"),
            [
                _("Track"),
                _("Action"),
                _("Responsible organisation"),
                _("Responsible person"),
                _("Start date"),
                _("Due date"),
                _("Status"),
                _("Progress (%)"),
                _("Due in the period"),
                _("Overdue at the end of the period"),
            ],
            action_rows,
            frozenset({7}),
        ),
        Section(
            "initiatives",
            _("Initiatives"),
            [_("Initiative"), _("Owner"), _("Tracks"), _("Started"), _("Kind")],
            initiative_rows,
        ),
    ]
    return Report(programme=programme, start=start, end=end, sections=sections)


def sheet_title(title: str) -> str:
    """A worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "-"


def xlsx(report: Report) -> bytes:
    """One sheet per section; text is always text (never a formula), numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for section in report.sections:
        sheet = workbook.create_sheet(sheet_title(section.title))
        sheet.append(
            [report.programme.name, f"{report.start.isoformat()}/{report.end.isoformat()}"]
        )
        sheet.append(section.columns)
        for row in section.rows:
            cells: list[Any] = []
            for index, value in enumerate(row):
                if value is None or value == "":
                    cells.append(None)
                elif index in section.numeric and isinstance(value, (int, float, Decimal)):
                    cells.append(float(value) if isinstance(value, Decimal) else value)
                else:
                    cell = WriteOnlyCell(sheet, value=str(value))
                    cell.data_type = "s"
                    cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
