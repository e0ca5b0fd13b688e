"""The curated thesaurus of the field's terms (``data/thesaurus/*.yaml``; see its README).

A concept has *terms* (what a course about it is called or teaches) and *cues* (how people
describe the need without naming the course: situations, symptoms, equipment), in bokmål,
nynorsk, Danish and English, an ISCED-F field and the source it was taken from. Concepts
bridge languages and wordings: a need and a course that activate the same concept meet even
when they share no word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from livslang.matching.text import Phrase, Text, matches, phrase

THESAURUS_DIR = Path(__file__).resolve().parent / "data" / "thesaurus"
LANGUAGES = ("nb", "nn", "da", "en")


@dataclass(frozen=True)
class Concept:
    id: str
    isced: str
    source: str
    terms: tuple[Phrase, ...]
    cues: tuple[Phrase, ...]
    related: tuple[str, ...]
    labels: dict[str, str]


class ThesaurusError(ValueError):
    pass


def _phrases(entry: dict, key: str, where: str) -> tuple[Phrase, ...]:
    block = entry.get(key) or {}
    if not isinstance(block, dict):
        raise ThesaurusError(f"{where}: {key} must map languages to lists")
    found: list[Phrase] = []
    for language, items in block.items():
        if language not in LANGUAGES:
            raise ThesaurusError(f"{where}: unknown language {language!r} in {key}")
        for item in items or []:
            p = phrase(str(item))
            if p and p not in found:
                found.append(p)
    return tuple(found)


@cache
def concepts() -> tuple[Concept, ...]:
    """Every concept of the thesaurus, in file order (loaded once per process)."""
    result: list[Concept] = []
    seen: set[str] = set()
    for path in sorted(THESAURUS_DIR.glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for number, entry in enumerate(entries, start=1):
            where = f"{path.name} entry {number}"
            cid = str(entry.get("id", ""))
            if not cid or cid in seen:
                raise ThesaurusError(f"{where}: missing or repeated id {cid!r}")
            if not entry.get("source"):
                raise ThesaurusError(f"{where}: {cid} cites no source")
            seen.add(cid)
            terms = entry.get("terms") or {}
            labels = {lang: str(items[0]) for lang, items in terms.items() if items}
            result.append(
                Concept(
                    id=cid,
                    isced=str(entry.get("isced", "")),
                    source=str(entry["source"]),
                    terms=_phrases(entry, "terms", where),
                    cues=_phrases(entry, "cues", where),
                    related=tuple(str(r) for r in entry.get("related") or ()),
                    labels=labels,
                )
            )
    return tuple(result)


@cache
def by_id() -> dict[str, Concept]:
    return {c.id: c for c in concepts()}


@cache
def _postings() -> dict[str, list[tuple[int, bool, Phrase]]]:
    """Every phrase under each stem of its first word: (concept index, is a term, phrase)."""
    table: dict[str, list[tuple[int, bool, Phrase]]] = {}
    for number, concept in enumerate(concepts()):
        for is_term, phrases in ((True, concept.terms), (False, concept.cues)):
            for p in phrases:
                for stem in p[0]:
                    table.setdefault(stem, []).append((number, is_term, p))
    return table


def activation(text: Text, *, term_weight: float, cue_weight: float) -> dict[str, float]:
    """How strongly ``text`` speaks of each concept (0 to 1; absent concepts are left out).

    Only phrases whose first word occurs in the text are tried (an inverted list), so the
    cost follows the text's length, not the thesaurus's size."""
    postings = _postings()
    tried: set[tuple[int, bool, Phrase]] = set()
    misses: dict[int, float] = {}
    for stem in text.stems:
        for entry in postings.get(stem, ()):
            if entry in tried:
                continue
            tried.add(entry)
            number, is_term, p = entry
            if matches(p, text):
                weight = (term_weight if is_term else cue_weight) * _specificity(p)
                misses[number] = misses.get(number, 1.0) * (1.0 - weight)
    everything = concepts()
    return {everything[n].id: 1.0 - miss for n, miss in sorted(misses.items())}


def _specificity(p: Phrase) -> float:
    """A phrase of several words is surer evidence than a single word, which may have
    another meaning in the sentence (wages are not a payroll course)."""
    return 1.0 if len(p) > 1 else SINGLE_WORD


SINGLE_WORD = 0.7
