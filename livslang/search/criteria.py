"""What a searcher asks for: ``Criteria`` (validated by ``forms.SearchForm``) and the sort
orders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from livslang.geo.queries import Place


class Sort:
    RELEVANCE = "relevance"
    START = "start"
    DISTANCE = "distance"
    CHOICES = (
        (RELEVANCE, _("best match")),
        (START, _("earliest start")),
        (DISTANCE, _("nearest")),
    )


@dataclass(frozen=True)
class Criteria:
    """What the searcher asked for (validated by ``forms.SearchForm``)."""

    text: str = ""
    subjects: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    durations: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    schedules: frozenset[str] = frozenset()
    paces: frozenset[str] = frozenset()
    funding: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    campaigns: frozenset[str] = frozenset()
    credits_min: float | None = None
    credits_max: float | None = None
    price_max: float | None = None
    free: bool = False
    no_prerequisites: bool = False
    step_free: bool = False
    open_now: bool = False
    study_group: bool = False
    start_from: dt.date | None = None
    start_to: dt.date | None = None
    place: Place | None = None
    radius_km: int = 50
    exclude_online: bool = False
    sort: str = Sort.RELEVANCE
    page: int = 1
