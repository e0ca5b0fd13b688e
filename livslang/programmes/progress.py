"""Progress toward goals: from the indicator's latest measurement against its baseline and
target, respecting the direction; rolled up from track goals to programme goals by their
stored weights.

Missing data (no measurement yet) and late data (no measurement since the date one was
expected) are states of their own and never count as zero. A roll-up uses the contributing
goals that have a value and says how much of the total weight that covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from livslang.programmes.models import Direction, Goal, Indicator, Measurement

HUNDRED = Decimal(100)


class State:
    NO_INDICATOR = "no_indicator"
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    REACHED = "reached"


STATE_LABELS = {
    State.NO_INDICATOR: _("no indicator"),
    State.MISSING: _("no data yet"),
    State.IN_PROGRESS: _("in progress"),
    State.REACHED: _("target reached"),
}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def fraction_of_way(indicator: Indicator, value: Decimal) -> Decimal:
    """How far ``value`` has come from the baseline to the target: 0 at the baseline, 1 at the
    target, above 1 beyond it, below 0 when it moved the wrong way."""
    span = indicator.target_value - indicator.baseline_value
    if span == 0:  # pragma: no cover - refused by Indicator.clean
        return Decimal(1)
    return (value - indicator.baseline_value) / span


def is_reached(indicator: Indicator, value: Decimal) -> bool:
    if indicator.direction == Direction.LOWER:
        return value <= indicator.target_value
    return value >= indicator.target_value


@dataclass
class Contribution:
    progress: GoalProgress
    weight: Decimal

    @property
    def weight_share(self) -> Decimal | None:
        """This contribution's share of the parent's total weight, in percent."""
        return self.progress.parent_share


@dataclass
class GoalProgress:
    goal: Goal
    indicator: Indicator | None
    latest: Measurement | None
    state: str
    fraction: Decimal | None
    is_late: bool = False
    next_due: date | None = None
    contributions: list[Contribution] = field(default_factory=list)
    rolled_up: Decimal | None = None
    rolled_up_weight: Decimal = Decimal(0)
    total_weight: Decimal = Decimal(0)
    parent_share: Decimal | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.fraction)

    @property
    def bar_percent(self) -> int:
        """The percentage a progress bar may show (0 to 100)."""
        return _bar(self.fraction)

    @property
    def rolled_up_percent(self) -> Decimal | None:
        return _percent(self.rolled_up)

    @property
    def rolled_up_bar_percent(self) -> int:
        return _bar(self.rolled_up)

    @property
    def coverage_percent(self) -> Decimal | None:
        """How much of the contributing weight has data, in percent."""
        if not self.total_weight:
            return None
        return _percent(self.rolled_up_weight / self.total_weight)

    @property
    def has_contributions(self) -> bool:
        return bool(self.contributions)


def _percent(fraction: Decimal | None) -> Decimal | None:
    if fraction is None:
        return None
    return (fraction * HUNDRED).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _bar(fraction: Decimal | None) -> int:
    if fraction is None:
        return 0
    return int(max(Decimal(0), min(HUNDRED, fraction * HUNDRED)))


def measure(goal: Goal, measurements: list[Measurement], today: date) -> GoalProgress:
    """One goal's own progress from its indicator and measurements (oldest first)."""
    indicator = getattr(goal, "indicator", None) if _has_indicator(goal) else None
    if indicator is None:
        return GoalProgress(goal, None, None, State.NO_INDICATOR, None)
    latest = measurements[-1] if measurements else None
    since = latest.measured_on if latest is not None else indicator.baseline_date
    next_due = add_months(since, indicator.interval_months)
    is_late = today > next_due
    if latest is None:
        return GoalProgress(
            goal, indicator, None, State.MISSING, None, is_late=is_late, next_due=next_due
        )
    state = State.REACHED if is_reached(indicator, latest.value) else State.IN_PROGRESS
    return GoalProgress(
        goal,
        indicator,
        latest,
        state,
        fraction_of_way(indicator, latest.value),
        is_late=is_late,
        next_due=next_due,
    )


def _has_indicator(goal: Goal) -> bool:
    try:
        return goal.indicator is not None
    except Indicator.DoesNotExist:
        return False


def roll_up(parent: GoalProgress, children: Iterable[GoalProgress]) -> GoalProgress:
    """Attach the contributing goals to ``parent`` with their weights and compute the weighted
    mean of their fractions over those that have a value."""
    contributions = [Contribution(child, child.goal.weight) for child in children]
    total = sum((c.weight for c in contributions), Decimal(0))
    with_data = [c for c in contributions if c.progress.fraction is not None]
    covered = sum((c.weight for c in with_data), Decimal(0))
    for contribution in contributions:
        contribution.progress.parent_share = (
            _percent(contribution.weight / total) if total else None
        )
    parent.contributions = contributions
    parent.total_weight = total
    parent.rolled_up_weight = covered
    if covered:
        parent.rolled_up = (
            sum(
                (
                    c.weight * c.progress.fraction
                    for c in with_data
                    if c.progress.fraction is not None
                ),
                Decimal(0),
            )
            / covered
        )
    return parent


def programme_progress(
    goals: list[Goal], measurements: dict[int, list[Measurement]], today: date
) -> tuple[list[GoalProgress], dict[int, GoalProgress]]:
    """Progress for all ``goals`` of a programme (with ``indicator`` loaded) given their
    measurements by indicator id, oldest first. Returns the programme goals (with their
    contributions rolled up) and every goal's progress by goal id."""
    by_goal = {
        goal.pk: measure(
            goal,
            measurements.get(goal.indicator.pk, []) if _has_indicator(goal) else [],
            today,
        )
        for goal in goals
    }
    top = []
    for goal in goals:
        if goal.track_id is not None:
            continue
        children = [by_goal[g.pk] for g in goals if g.parent_id == goal.pk]
        top.append(roll_up(by_goal[goal.pk], children))
    return top, by_goal
