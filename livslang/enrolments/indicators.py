"""The programmes' computed indicator kind this app adds: sign-ups in a track's offerings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from livslang.enrolments.queries import confirmed_in_tagged_offerings


def enrolments_in_track(indicator: Any, on: date) -> Decimal:
    from livslang.programmes.computed import YEAR, track_tag

    start = on - YEAR + timedelta(days=1)
    return Decimal(confirmed_in_tagged_offerings(track_tag(indicator), start, on))


def register() -> None:
    from livslang.programmes import computed

    if "enrolments_in_track" in computed.KINDS:
        return
    computed.register(
        computed.ComputedKind(
            "enrolments_in_track",
            gettext_lazy(
                "Confirmed sign-ups in cohorts of the track's tagged offerings starting in the "
                "twelve months up to the date"
            ),
            gettext_lazy("sign-ups"),
            "tag",
            enrolments_in_track,
        )
    )
