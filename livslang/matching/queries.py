"""Reading matches for pages, and topic suggestions from the thesaurus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from livslang.matching.constraints import Reason
from livslang.matching.engine import RELEVANT, need_concepts
from livslang.matching.models import Match, MatchRun
from livslang.matching.reasons import concept_label, render_all


def topics_in(text: str, *, limit: int = 8) -> list[str]:
    found = need_concepts(text)
    ordered = sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    labels: list[str] = []
    for cid, _strength in ordered:
        label = concept_label(cid)
        if label not in labels:
            labels.append(label)
    return labels


@dataclass
class ShownMatch:
    match: Match
    reasons: list[str]
    topics: list[str]

    @property
    def relevant(self) -> bool:
        return self.match.relevance >= RELEVANT


def matches_of(need: Any) -> list[ShownMatch]:
    """The need's current matches with reasons in the active language, best first."""
    rows = (
        Match.objects.filter(need=need)
        .select_related("offering__provider", "cohort__municipality")
        .order_by("rank")
    )
    return [
        ShownMatch(
            match=m,
            reasons=render_all([Reason.from_json(r) for r in m.reasons]),
            topics=[concept_label(c) for c in m.concepts],
        )
        for m in rows
    ]


def runs_of(need: Any) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(need=need).order_by("-computed_at", "-pk")


def latest_run(need: Any) -> MatchRun | None:
    return runs_of(need).first()


def gap_need_ids(need_ids: list[int]) -> set[int]:
    """Of these needs, those whose latest matching run found nothing that fits (a gap)."""
    latest = MatchRun.objects.filter(need_id=OuterRef("need_id")).order_by("-computed_at", "-pk")
    return set(
        MatchRun.objects.filter(need_id__in=need_ids, gap=True)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .values_list("need_id", flat=True)
    )
