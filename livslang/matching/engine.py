"""The matcher: ranks offerings (each with its best cohort) for a competence need.

Pure and deterministic: it works on plain records (``OfferingDoc``, ``NeedSpec``) so that the
pages (from the database) and the evaluation command (from a file) use the very same code,
and nothing here reads the clock, the network or the database.

Ranking, in short (the README's "How matching works" has the reasoning):

1. **Relevance** of the course to the need, 0 to 1: a lexical part (the need's content words
   found in the course's title, topics and description, weighted by how rare they are in the
   catalogue) and a concept part (the thesaurus concepts the need speaks of that the course
   also teaches). Languages meet through the shared analysis and the thesaurus.
2. **Fit** of each cohort: the seven constraints in ``constraints``; the best cohort is a
   fitting one if any, else the nearest miss.
3. **Score** = relevance, raised for a fitting cohort: among courses of about the same
   relevance the fitting ones come first, but a fitting cohort never lifts an irrelevant
   course over a relevant near miss.

A need is a **gap** when no offering at or above ``RELEVANT`` has a fitting cohort.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from livslang.matching import thesaurus
from livslang.matching.constraints import CohortVerdict, judge
from livslang.matching.text import Text, analyse, generic_words

# A course is judged relevant to a need at this relevance or above (see the README).
RELEVANT = 0.30
# Share of the score that a fitting cohort adds (the rest is relevance).
FIT_SHARE = 0.35
# Field weights of the lexical part.
FIELD_WEIGHTS = {"title": 1.0, "topics": 0.9, "description": 0.45}
# Weights of a term and of a cue in a concept's activation.
NEED_TERM, NEED_CUE = 0.7, 0.55
COURSE_TERM, COURSE_CUE = 0.7, 0.3
RELATED = 0.4  # a related concept counts for this share of the concept itself
LEXICAL_SHARE = 0.45
LANGUAGE_NOTE = 0.05


@dataclass(frozen=True)
class CohortDoc:
    key: str
    mode: str  # "on_site", "online" or "blended"
    start: date
    end: date | None
    kinds: frozenset[str]  # "daytime", "evening", "weekend", "self_paced"
    price: Decimal | None
    currency: str
    seats: int | None  # free seats
    lat: float | None = None
    lon: float | None = None
    place: str = ""


@dataclass(frozen=True)
class OfferingDoc:
    key: str
    title: str
    description: str
    topics: tuple[str, ...]
    language: str
    cohorts: tuple[CohortDoc, ...]
    level_text: str = ""


@dataclass(frozen=True)
class NeedSpec:
    key: str
    text: str
    language: str
    participants: int
    earliest: date | None
    latest: date | None
    modes: frozenset[str]
    schedules: frozenset[str] | None
    max_price: Decimal | None
    currency: str
    max_km: int | None
    lat: float | None = None
    lon: float | None = None
    # Hard: the cohort must be taught in one of these (the need says so explicitly).
    teaching_languages: frozenset[str] | None = None
    # Soft: languages the participants are said to speak (a preference, not a constraint).
    spoken_languages: frozenset[str] | None = None
    topics: tuple[str, ...] = ()


@dataclass
class Match:
    offering: str
    cohort: str | None
    score: float
    relevance: float
    fits: bool
    verdict: CohortVerdict | None
    concepts: list[str] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        return self.relevance >= RELEVANT


@dataclass
class Result:
    need: str
    gap: bool
    matches: list[Match]


@dataclass(frozen=True)
class _Analysed:
    doc: OfferingDoc
    fields: dict[str, Text]
    stems: frozenset[str]
    concepts: dict[str, float]


class Catalogue:
    """Offerings analysed once, with the statistics relevance needs (document frequencies)."""

    def __init__(self, offerings: Iterable[OfferingDoc]) -> None:
        self.items: list[_Analysed] = []
        self.df: dict[str, int] = {}
        self.concept_df: dict[str, int] = {}
        for doc in offerings:
            fields, stems, concepts = _analyse_offering(
                doc.title, doc.description, doc.topics, doc.level_text
            )
            item = _Analysed(doc, fields, stems, concepts)
            self.items.append(item)
            for stem in stems:
                self.df[stem] = self.df.get(stem, 0) + 1
            for cid, value in item.concepts.items():
                if value >= COURSE_TERM / 2:
                    self.concept_df[cid] = self.concept_df.get(cid, 0) + 1

    def __len__(self) -> int:
        return len(self.items)

    def idf(self, stems: frozenset[str]) -> float:
        df = max((self.df.get(s, 0) for s in stems), default=0)
        n = max(len(self.items), 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def concept_idf(self, cid: str) -> float:
        n = max(len(self.items), 1)
        df = self.concept_df.get(cid, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=50_000)
def _analyse_offering(
    title: str, description: str, topics: tuple[str, ...], level_text: str
) -> tuple[dict[str, Text], frozenset[str], dict[str, float]]:
    """An offering's texts analysed and its concepts found: the same texts always give the
    same answer, so a process keeps the answers (a catalogue changes little between needs)."""
    fields = {
        "title": analyse(title),
        "topics": analyse(" . ".join(topics)),
        "description": analyse(f"{description} {level_text}"),
    }
    stems = frozenset().union(*(t.stems for t in fields.values()))
    strong = _merge(fields["title"], fields["topics"])
    active = thesaurus.activation(strong, term_weight=COURSE_TERM, cue_weight=COURSE_CUE)
    weak = thesaurus.activation(
        fields["description"], term_weight=COURSE_TERM / 2, cue_weight=COURSE_CUE / 2
    )
    for cid, value in weak.items():
        active[cid] = 1 - (1 - active.get(cid, 0.0)) * (1 - value)
    return fields, stems, _spread(active)


def _merge(*texts: Text) -> Text:
    words = tuple(w for t in texts for w in t.words)
    return Text(words, frozenset().union(*(t.stems for t in texts)))


def _spread(active: dict[str, float]) -> dict[str, float]:
    """Let each concept lend part of its weight to its related concepts."""
    result = dict(active)
    known = thesaurus.by_id()
    for cid, value in active.items():
        concept = known.get(cid)
        for rid in concept.related if concept else ():
            result[rid] = max(result.get(rid, 0.0), RELATED * value)
    return result


@lru_cache(maxsize=4096)
def need_concepts(text: str) -> dict[str, float]:
    """The concepts a need's text speaks of, with their strength (do not change the dict:
    it is shared by everyone asking about the same text)."""
    return thesaurus.activation(analyse(text), term_weight=NEED_TERM, cue_weight=NEED_CUE)


def _need_words(
    need: Text, catalogue: Catalogue
) -> list[tuple[frozenset[str], frozenset[str], float]]:
    """The need's distinct content words that carry meaning, each with its rarity (idf)."""
    generic = generic_words()
    words = []
    seen: set[frozenset[str]] = set()
    for word in need.words:
        if word.own in seen or not word.own.isdisjoint(generic):
            continue
        seen.add(word.own)
        words.append((word.own, word.parts, catalogue.idf(word.own | word.parts)))
    return words


def _lexical(words: list[tuple[frozenset[str], frozenset[str], float]], item: _Analysed) -> float:
    total = 0.0
    got = 0.0
    for own, parts, idf in words:
        total += idf
        if item.stems.isdisjoint(own) and item.stems.isdisjoint(parts):
            continue
        best = 0.0
        for name, weight in FIELD_WEIGHTS.items():
            text = item.fields[name]
            if text.has(own):
                best = max(best, weight)
            elif parts and text.has(own | parts):
                best = max(best, 0.5 * weight)
        got += idf * best
    return got / total if total else 0.0


def _conceptual(
    wanted: dict[str, float], item: _Analysed, catalogue: Catalogue
) -> tuple[float, list[str]]:
    total = 0.0
    got = 0.0
    shared: list[tuple[float, str]] = []
    for cid, strength in wanted.items():
        idf = catalogue.concept_idf(cid)
        total += strength * idf
        have = item.concepts.get(cid, 0.0)
        if have:
            got += strength * have * idf
            if have >= COURSE_TERM / 2 and strength >= NEED_CUE:
                # Shown as "about ...": only what both clearly speak of.
                shared.append((strength * have, cid))
    shared.sort(key=lambda pair: (-pair[0], pair[1]))
    return (got / total if total else 0.0), [cid for _, cid in shared]


def relevance(need: NeedSpec, catalogue: Catalogue) -> list[tuple[float, list[str]]]:
    """The relevance (0 to 1) of every offering of ``catalogue`` to ``need``, in order."""
    words = need.text + (" . " + " . ".join(need.topics) if need.topics else "")
    analysed = analyse(words)
    wanted = need_concepts(words)
    raw: list[tuple[float, float, list[str]]] = []
    words_ = _need_words(analysed, catalogue)
    for item in catalogue.items:
        lex = _lexical(words_, item)
        conc, shared = _conceptual(wanted, item, catalogue)
        raw.append((lex, conc, shared))
    # Each part is read relative to the best course for this need, then on an absolute
    # scale, so a need whose words are rare everywhere is not judged unanswerable.
    best_lex = max((r[0] for r in raw), default=0.0) or 1.0
    best_conc = max((r[1] for r in raw), default=0.0) or 1.0
    result = []
    for lex, conc, shared in raw:
        lex_part = 0.5 * lex / best_lex + 0.5 * min(1.0, lex / 0.25)
        conc_part = (0.5 * conc / best_conc + 0.5 * min(1.0, conc / 0.5)) if wanted else lex_part
        value = LEXICAL_SHARE * lex_part + (1 - LEXICAL_SHARE) * conc_part
        result.append((round(min(1.0, value), 6), shared))
    return result


def _best(verdicts: Sequence[CohortVerdict]) -> CohortVerdict | None:
    if not verdicts:
        return None
    return min(verdicts, key=lambda v: (not v.fits, v.misses, v.sort_key))


def match(need: NeedSpec, catalogue: Catalogue, *, top: int | None = None) -> Result:
    """Rank every offering of ``catalogue`` for ``need``; see the module docstring."""
    matches: list[Match] = []
    for item, (rel, shared) in zip(catalogue.items, relevance(need, catalogue), strict=True):
        verdicts = [judge(need, item.doc, cohort) for cohort in item.doc.cohorts]
        best = _best(verdicts)
        fits = bool(best and best.fits)
        bonus = FIT_SHARE if fits else 0.0
        if best and not fits and best.misses == 1:
            bonus = FIT_SHARE * 0.25  # one constraint missed: a near miss
        score = (1 - FIT_SHARE) * rel + bonus * min(1.0, rel / RELEVANT)
        if best and any(r.code == "language_note" for r in best.reasons):
            # Taught in a language the need says the participants hardly speak: still a
            # match, but after an equal one in their language.
            score -= LANGUAGE_NOTE
        matches.append(
            Match(
                offering=item.doc.key,
                cohort=best.cohort.key if best else None,
                score=round(max(score, 0.0), 4),
                relevance=rel,
                fits=fits,
                verdict=best,
                concepts=shared[:3],
            )
        )
    matches.sort(key=lambda m: (-m.score, m.offering))
    gap = not any(m.fits and m.relevant for m in matches)
    if top is not None:
        matches = matches[:top]
    return Result(need=need.key, gap=gap, matches=matches)
