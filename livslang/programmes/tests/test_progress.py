"""Progress and roll-up on hand-built worlds: both directions, missing and late data, target
reached and overshot, weights."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from livslang.organisations.models import Kind
from livslang.organisations.testing import make_organisation
from livslang.programmes.models import Direction, Goal
from livslang.programmes.progress import State
from livslang.programmes.queries import progress_of
from livslang.programmes.testing import make_goal, make_programme, make_track, measure

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 30)
LOWER = {
    "direction": Direction.LOWER,
    "baseline_value": Decimal("10"),
    "target_value": Decimal("5"),
}


@pytest.fixture
def world() -> dict[str, object]:
    region = make_organisation(Kind.REGION, "340", name="Region")
    programme = make_programme(region, is_public=True)
    track = make_track(programme, [region])
    return {"programme": programme, "track": track}


def _progress(goal: Goal):
    return progress_of(goal.programme, TODAY).by_goal[goal.pk]


def test_higher_is_better_counts_the_way_from_baseline_to_target(world) -> None:
    goal = make_goal(world["programme"])
    measure(goal, "12", date(2025, 12, 31))
    measure(goal, "14", date(2026, 3, 31))
    progress = _progress(goal)
    assert progress.latest is not None and progress.latest.value == Decimal("14")
    assert progress.fraction == Decimal("0.4")
    assert progress.percent == Decimal("40")
    assert progress.state == State.IN_PROGRESS
    assert not progress.is_late


def test_lower_is_better_counts_downward(world) -> None:
    goal = make_goal(world["programme"], indicator=LOWER)
    measure(goal, "8", date(2026, 1, 31))
    progress = _progress(goal)
    assert progress.percent == Decimal("40")
    assert progress.state == State.IN_PROGRESS


def test_a_move_the_wrong_way_is_negative_not_hidden(world) -> None:
    goal = make_goal(world["programme"], indicator=LOWER)
    measure(goal, "11", date(2026, 1, 31))
    progress = _progress(goal)
    assert progress.percent == Decimal("-20")
    assert progress.bar_percent == 0
    assert progress.state == State.IN_PROGRESS


@pytest.mark.parametrize(
    ("indicator", "value", "percent"),
    [({}, "20", 100), ({}, "25", 150), (LOWER, "5", 100), (LOWER, "4", 120)],
)
def test_target_reached_and_overshot_in_both_directions(world, indicator, value, percent) -> None:
    goal = make_goal(world["programme"], indicator=indicator)
    measure(goal, value, date(2026, 1, 31))
    progress = _progress(goal)
    assert progress.state == State.REACHED
    assert progress.percent == Decimal(percent)
    assert progress.bar_percent == 100


def test_missing_data_is_missing_never_zero(world) -> None:
    goal = make_goal(world["programme"], indicator={"baseline_date": date(2026, 1, 1)})
    progress = _progress(goal)
    assert progress.state == State.MISSING
    assert progress.latest is None
    assert progress.fraction is None and progress.percent is None
    assert not progress.is_late  # the first value is due a year after the baseline


def test_late_data_keeps_its_value_and_is_flagged(world) -> None:
    goal = make_goal(world["programme"])
    measure(goal, "15", date(2025, 3, 31))
    progress = _progress(goal)
    assert progress.is_late
    assert progress.next_due == date(2026, 3, 31)
    assert progress.percent == Decimal("50")


def test_missing_and_late_when_no_value_came_a_year_after_the_baseline(world) -> None:
    goal = make_goal(world["programme"], indicator={"interval_months": 6})
    progress = _progress(goal)
    assert progress.state == State.MISSING
    assert progress.is_late
    assert progress.next_due == date(2024, 6, 30)


def test_roll_up_by_stored_weights(world) -> None:
    programme, track = world["programme"], world["track"]
    overall = make_goal(programme, with_indicator=False, name="Overall")
    half = make_goal(programme, track, parent=overall, weight="1")
    full = make_goal(programme, track, parent=overall, weight="3", indicator=LOWER)
    measure(half, "15", date(2026, 1, 31))  # 50 %
    measure(full, "5", date(2026, 1, 31))  # 100 %
    top = progress_of(programme, TODAY).top
    assert [p.goal for p in top] == [overall]
    rolled = top[0]
    assert rolled.state == State.NO_INDICATOR
    assert rolled.rolled_up == Decimal("0.875")
    assert rolled.rolled_up_percent == Decimal("88")
    assert rolled.coverage_percent == Decimal("100")
    shares = {c.progress.goal.pk: (c.weight, c.weight_share) for c in rolled.contributions}
    assert shares == {
        half.pk: (Decimal("1"), Decimal("25")),
        full.pk: (Decimal("3"), Decimal("75")),
    }


def test_roll_up_leaves_out_goals_without_data_and_says_so(world) -> None:
    programme, track = world["programme"], world["track"]
    overall = make_goal(programme, name="Overall")
    measured = make_goal(programme, track, parent=overall, weight="1")
    make_goal(programme, track, parent=overall, weight="3")
    measure(measured, "12", date(2026, 1, 31))  # 20 %
    rolled = progress_of(programme, TODAY).top[0]
    assert rolled.rolled_up_percent == Decimal("20")
    assert rolled.coverage_percent == Decimal("25")
    assert rolled.state == State.MISSING  # its own indicator has no value


def test_roll_up_without_any_data_is_missing(world) -> None:
    programme, track = world["programme"], world["track"]
    overall = make_goal(programme, with_indicator=False)
    make_goal(programme, track, parent=overall)
    rolled = progress_of(programme, TODAY).top[0]
    assert rolled.rolled_up is None and rolled.rolled_up_percent is None


def test_the_public_page_shows_missing_and_late_data_as_such(world) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    programme, track = world["programme"], world["track"]
    overall = make_goal(programme, name="Attainment")
    late = make_goal(programme, track, parent=overall, weight="2", name="Completion")
    measure(late, "15", date(2020, 3, 31))
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "no data yet" in page
    assert "late" in page
    assert "weight 2 (100 %)" in page
    assert "<strong>50 %</strong>" in page  # rolled up from the late value
    assert re.search(r"(?<![0-9])0 %", page) is None  # nothing shown as zero
