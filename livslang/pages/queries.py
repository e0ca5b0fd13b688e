"""Read-only figures for the information pages."""

from __future__ import annotations

from livslang.geo import queries as geo_queries


def reference_data_summary() -> dict[str, int]:
    """How many reference records of each kind are loaded (shown on "About the data")."""
    return geo_queries.reference_counts()
