"""Indicators computed from Livslang's own data: a registry of kinds.

Each kind is a function of the indicator and the measurement date that asks another app's
``queries`` module (never its tables). Other apps add kinds later with ``register`` from their
``AppConfig.ready`` (Enrolment: enrolments in a track's tagged offerings; Matching: needs met per
region), each with its own test.

A count "in the twelve months up to" a date covers the 365 days ending on that date, so
yearly measurements never overlap and never leave a gap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.catalog import queries as catalogue

if TYPE_CHECKING:
    from livslang.programmes.models import Indicator

YEAR = timedelta(days=365)


@dataclass(frozen=True)
class ComputedKind:
    key: str
    label: Promise | str
    unit: Promise | str
    # What the kind needs from the goal's context: the programme's region or the track's tag.
    needs: str
    compute: Callable[[Indicator, date], Decimal]


KINDS: dict[str, ComputedKind] = {}


def register(kind: ComputedKind) -> None:
    if kind.key in KINDS:
        raise ValueError(f"computed indicator kind {kind.key!r} is registered twice")
    KINDS[kind.key] = kind


def choices() -> list[tuple[str, str]]:
    return [(kind.key, str(kind.label)) for kind in KINDS.values()]


def _region_id(indicator: Indicator) -> int:
    region_id = indicator.goal.programme.region_id
    if region_id is None:
        raise ValidationError(
            _(
                "This indicator counts what happens in the programme's region: give the programme "
                "a region first."
            )
        )
    return region_id


def track_tag(indicator: Indicator) -> str:
    track = indicator.goal.track
    if track is None or not track.tag:
        raise ValidationError(
            _(
                "This indicator counts the offerings tagged for a track: give the goal's track an "
                "offering tag first."
            )
        )
    return track.tag


def cohorts_started(indicator: Indicator, on: date) -> Decimal:
    count = catalogue.cohorts_started_in_region(_region_id(indicator), on - YEAR + timedelta(1), on)
    return Decimal(count)


def offerings_published(indicator: Indicator, on: date) -> Decimal:
    return Decimal(catalogue.offerings_published_in_region(_region_id(indicator), on))


def seats_offered(indicator: Indicator, on: date) -> Decimal:
    seats = catalogue.seats_offered_with_tag(track_tag(indicator), on - YEAR + timedelta(1), on)
    return Decimal(seats)


register(
    ComputedKind(
        "cohorts_started_in_region",
        gettext_lazy("Cohorts started in the region in the twelve months up to the date"),
        gettext_lazy("cohorts"),
        "region",
        cohorts_started,
    )
)
register(
    ComputedKind(
        "offerings_published_in_region",
        gettext_lazy("Offerings published with a cohort or study room in the region"),
        gettext_lazy("offerings"),
        "region",
        offerings_published,
    )
)
register(
    ComputedKind(
        "seats_offered_in_track",
        gettext_lazy(
            "Seats in cohorts of the track's tagged offerings starting in the twelve months up "
            "to the date"
        ),
        gettext_lazy("seats"),
        "tag",
        seats_offered,
    )
)


def compute(indicator: Indicator, on: date) -> Decimal:
    """The indicator's value on ``on``; a ValidationError says what is missing."""
    kind = KINDS.get(indicator.computed_kind)
    if kind is None:
        raise ValidationError(_("This indicator is not computed from Livslang's data."))
    return kind.compute(indicator, on)
