"""What the search keeps of each published offering and its searchable cohorts besides the
text index: plain records (the filters work on their columns, see ``columns``; a page of hits
is shown from them)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(slots=True)
class CohortRecord:
    """What the filters need of one searchable cohort."""

    id: int
    public_id: uuid.UUID
    mode: str
    country: str
    lat: float | None
    lon: float | None
    start: dt.date
    end: dt.date | None
    schedule: frozenset[str]
    pace: str
    price: float | None
    status: str
    deadline: dt.date | None
    step_free: bool | None
    centre: str | None  # slug of the delivering centre
    has_study_group: bool
    municipality: str = ""  # its name, for the result list ("" online or unknown)


@dataclass(slots=True)
class OfferingRecord:
    """What the filters need of one published offering, and its searchable cohorts."""

    id: int
    public_id: uuid.UUID
    title: str
    subject: str  # ISCED-F broad field code, "" if none
    level: int | None
    credits: float | None
    language: str
    funding: frozenset[str]
    no_prerequisites: bool
    campaigns: frozenset[str]
    organisations: frozenset[str]  # provider and delivering centres (slugs)
    cohorts: list[CohortRecord] = field(default_factory=list)
    provider: str = ""  # slug (its name is in ``Labels.organisations``)


@dataclass(slots=True)
class Labels:
    """Names for facet values that are identifiers (organisation slugs, ISCED codes)."""

    organisations: dict[str, str] = field(default_factory=dict)
    fields: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # en, nb, da
