"""The text-analysis pipeline, one for indexing and for queries (and, later, matching).

A text becomes two kinds of terms:

* **stems**: each word, lower-cased, is stemmed with the Snowball stemmers for Norwegian and
  Danish (both, since the stemmers disagree on some inflections and a searcher may write
  either language); a nynorsk word from ``data/variants.tsv`` also gives the stems of its
  bokmål twin; a compound is also split into the parts in ``data/compound_parts.txt``; every
  stem is then folded by ``data/folding.tsv`` (å → aa, æ → ae, ø/ö → oe, ...).
* **words**: the folded surface words, for prefix matching while someone types and for the
  typo fallback (edit distance).

Stop words (``data/stopwords.txt``) are left out of both. Everything language-specific lives in
the data files; this module only applies them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).resolve().parent / "data"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Linking letters between compound parts (velferd-s-teknologi, barn-e-hage).
_LINKS = ("", "s", "e")
_MIN_PART = 3
# How many letters of inflection the last part of a compound may carry (teknologi-en).
_MAX_TAIL = 4
_MIN_COMPOUND = 2 * _MIN_PART


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            rows.append(line)
    return rows


@cache
def stopwords() -> frozenset[str]:
    return frozenset(_normalise(word) for word in _lines("stopwords.txt"))


@cache
def _folding() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in _lines("folding.tsv"):
        letter, replacement = line.split("\t", 1)
        table[ord(letter.strip())] = replacement.strip()
    return table


@cache
def _stemmers() -> tuple[Stemmer.Stemmer, ...]:
    return (Stemmer.Stemmer("norwegian"), Stemmer.Stemmer("danish"))


@cache
def compound_parts() -> frozenset[str]:
    return frozenset(_normalise(word) for word in _lines("compound_parts.txt"))


@cache
def _variants() -> dict[str, frozenset[str]]:
    """Raw stem of a nynorsk word -> the raw stems of its bokmål twin."""
    table: dict[str, set[str]] = {}
    for line in _lines("variants.tsv"):
        nynorsk, bokmal = (part.strip() for part in line.split("\t", 1))
        targets = _raw_stems(_normalise(bokmal))
        for stem in _raw_stems(_normalise(nynorsk)):
            table.setdefault(stem, set()).update(targets)
    return {stem: frozenset(targets) for stem, targets in table.items()}


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@lru_cache(maxsize=65536)
def fold(term: str) -> str:
    """Fold the letters people write in several ways (Ålesund/Aalesund, Tromsø/Tromsö).
    Cached: the same words come again and again (indexing, queries, matching)."""
    folded = term.translate(_folding())
    if folded.isascii():
        return folded  # nothing left to decompose
    # Any other accent: drop the combining marks.
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased (NFC), stop words kept."""
    return _WORD.findall(_normalise(text))


def _raw_stems(word: str) -> frozenset[str]:
    return frozenset(stemmer.stemWord(word) for stemmer in _stemmers())


def split_compound(word: str) -> list[str]:
    """The parts of a compound word found in the part list, or [] if it is no compound.

    Parts are at least 3 letters and may be joined by a linking s or e; the last part may
    carry a short inflection ending (velferdsteknologien -> velferd, teknologi).
    """
    parts = compound_parts()
    if len(word) < _MIN_COMPOUND:
        return []
    found = _split(word, parts, first=True)
    return list(found) if found and len(found) > 1 else []


def _split(rest: str, parts: frozenset[str], *, first: bool) -> tuple[str, ...] | None:
    # The longest first part wins; a word is short, so plain recursion is fine.
    for end in range(len(rest), _MIN_PART - 1, -1):
        head = rest[:end]
        if head not in parts:
            continue
        tail = rest[end:]
        if not tail:
            return None if first else (head,)
        if len(tail) <= _MAX_TAIL and not first:
            return (head,)
        for link in _LINKS:
            if link and not tail.startswith(link):
                continue
            after = tail[len(link) :]
            if len(after) < _MIN_PART:
                continue
            rest_parts = _split(after, parts, first=False)
            if rest_parts:
                return (head, *rest_parts)
    return None


@lru_cache(maxsize=65536)
def word_stems(word: str) -> frozenset[str]:
    """Every folded stem a (lower-cased) word stands for: its own, its bokmål twin's, and
    those of its compound parts."""
    raw = set(_raw_stems(word))
    variants = _variants()
    for stem in list(raw):
        raw.update(variants.get(stem, ()))
    for part in split_compound(word):
        for stem in _raw_stems(part):
            raw.add(stem)
            raw.update(variants.get(stem, ()))
    return frozenset(fold(stem) for stem in raw if stem)


def analyse(text: str) -> list[str]:
    """The stem terms of ``text`` for the index (stop words left out; order kept)."""
    stop = stopwords()
    terms: list[str] = []
    for word in tokens(text):
        if word in stop:
            continue
        terms.extend(sorted(word_stems(word)))
    return terms


def surface_words(text: str) -> list[str]:
    """The folded words of ``text`` (stop words left out), for prefixes and typos."""
    stop = stopwords()
    return [fold(word) for word in tokens(text) if word not in stop]


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One word of a query: the stems any of which may match, its folded surface form, and
    whether it is still being typed (the last word, with no space after it)."""

    word: str
    stems: frozenset[str]
    folded: str
    partial: bool


def analyse_query(text: str) -> list[QueryWord]:
    """The words of a query. The last one is "partial" (matched as a prefix too) unless the
    text ends in a space or punctuation, i.e. the searcher has finished it."""
    stop = stopwords()
    words = tokens(text)
    normalised = _normalise(text)
    finished = not normalised or not (normalised[-1].isalnum())
    result: list[QueryWord] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if word in stop and not (last and not finished):
            continue
        result.append(
            QueryWord(
                word=word,
                stems=word_stems(word),
                folded=fold(word),
                partial=last and not finished,
            )
        )
    return result
