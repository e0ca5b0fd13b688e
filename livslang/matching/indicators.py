"""The programmes' computed indicator kind this app adds: needs met per region."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy


def needs_met_in_region(indicator: Any, on: date) -> Decimal:
    from livslang.needs.queries import met_in_region
    from livslang.programmes import computed

    # The programme's region (its helper explains the fault when the programme has none).
    region_id = computed._region_id(indicator)
    start = on - computed.YEAR + timedelta(days=1)
    return Decimal(met_in_region(region_id, start, on))


def register() -> None:
    from livslang.programmes import computed

    if "needs_met_in_region" in computed.KINDS:
        return
    computed.register(
        computed.ComputedKind(
            "needs_met_in_region",
            gettext_lazy(
                "Competence needs in the region's municipalities marked met in the twelve "
                "months up to the date"
            ),
            gettext_lazy("needs met"),
            "region",
            needs_met_in_region,
        )
    )
