"""Finding experiences in the knowledge base with the search app's text analysis, so a
bokmål query finds a nynorsk or Danish text that says the same (stems, variants, folding),
and the last word of a query also matches as a prefix while it is being typed."""

from __future__ import annotations

from collections.abc import Iterable

from livslang.programmes.models import Experience
from livslang.search.analysis import QueryWord, analyse, analyse_query, surface_words


def _score(experience: Experience, words: list[QueryWord]) -> int | None:
    text = experience.searchable_text()
    terms = set(analyse(text))
    title = set(analyse(experience.title))
    surfaces: list[str] | None = None
    score = 0
    for word in words:
        hit = bool(word.stems & terms)
        if not hit and word.partial:
            if surfaces is None:
                surfaces = surface_words(text)
            hit = any(s.startswith(word.folded) for s in surfaces)
        if not hit:
            return None
        score += 2 if word.stems & title else 1
    return score


def search_experiences(experiences: Iterable[Experience], query: str) -> list[Experience]:
    """The experiences every word of ``query`` matches, best first (words in the title count
    double, then the newest); all of them, newest first, for an empty query."""
    words = analyse_query(query)
    found = list(experiences)
    if not words:
        return found
    scored = []
    for experience in found:
        score = _score(experience, words)
        if score is not None:
            scored.append((-score, -experience.created_at.timestamp(), experience.pk, experience))
    return [row[-1] for row in sorted(scored, key=lambda r: r[:3])]


def filter_experiences(
    experiences: Iterable[Experience], *, tag: str = "", track: str = "", region: str = ""
) -> list[Experience]:
    """``tag`` a tag (any case), ``track`` a track's public id, ``region`` a region code."""
    tag = " ".join(tag.split()).lower()
    result = []
    for experience in experiences:
        if tag and tag not in experience.tag_list:
            continue
        if track and track not in {str(t.public_id) for t in experience.tracks.all()}:
            continue
        if region and region not in {r.code for r in experience.regions.all()}:
            continue
        result.append(experience)
    return result
