"""Texts as the matcher sees them, through the search app's analysis pipeline.

A text becomes a list of content words, each with its own stems (the word itself, stemmed by
both Nordic stemmers and mapped from nynorsk to bokmål) and the stems of its compound parts.
Phrases (thesaurus terms and cues) match a text when every content word of the phrase is
found in it, in any inflection; a phrase word matches only through its own stems, so that
"velferdsteknologi" in a phrase does not match a text that merely says "teknologi".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from livslang.search import analysis

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def generic_words() -> frozenset[str]:
    """Words so common in needs and course texts that they say nothing about the topic."""
    words: set[str] = set()
    for line in (DATA_DIR / "generic_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(own_stems(line.casefold()))
    return frozenset(words)


@lru_cache(maxsize=65536)
def own_stems(word: str) -> frozenset[str]:
    """The stems of the word itself (and its bokmål twin), without its compound parts."""
    parts = analysis.split_compound(word)
    everything = analysis.word_stems(word)
    if not parts:
        return everything
    part_stems: set[str] = set()
    for part in parts:
        part_stems.update(analysis.word_stems(part))
    own = everything - part_stems
    return own or everything


@lru_cache(maxsize=65536)
def part_stems(word: str) -> frozenset[str]:
    """The stems of the compound parts of ``word`` (empty for a simple word)."""
    stems: set[str] = set()
    for part in analysis.split_compound(word):
        stems.update(analysis.word_stems(part))
    return frozenset(stems) - own_stems(word)


@dataclass(frozen=True, slots=True)
class Word:
    surface: str
    own: frozenset[str]
    parts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Text:
    words: tuple[Word, ...]
    stems: frozenset[str]  # every own and part stem of every content word

    def has(self, stems: frozenset[str]) -> bool:
        return not self.stems.isdisjoint(stems)


def content_words(text: str) -> list[str]:
    stop = analysis.stopwords()
    return [w for w in analysis.tokens(text) if w not in stop and not w.isdigit()]


@lru_cache(maxsize=4096)
def analyse(text: str) -> Text:
    words = tuple(
        Word(w, own_stems(w) | {"=" + analysis.fold(w)}, part_stems(w)) for w in content_words(text)
    )
    stems: set[str] = set()
    for word in words:
        stems.update(word.own)
        stems.update(word.parts)
    return Text(words, frozenset(stems))


Phrase = tuple[frozenset[str], ...]
# Stems this short collide across words and languages (Danish "dem" and the abbreviation
# DEM, "lag" from lager and lage): such a phrase word must be written as it stands.
SHORT_STEM = 3


def phrase(text: str) -> Phrase:
    """A thesaurus phrase: the own stems of each of its content words (a word whose stems
    are all short is kept as its folded surface form, marked with a leading "=")."""
    words = []
    for w in content_words(text):
        stems = own_stems(w)
        if all(len(stem) <= SHORT_STEM for stem in stems):
            words.append(frozenset({"=" + analysis.fold(w)}))
        else:
            words.append(stems)
    return tuple(words)


# A phrase of several words matches only where its words stand close together: within this
# many words more than the phrase has (so "kjenne igjen" in one sentence and a cue word in the
# next do not combine into a different meaning).
SLACK = 2


def matches(p: Phrase, text: Text) -> bool:
    if not p or not all(text.has(word) for word in p):
        return False
    if len(p) == 1:
        return True
    positions = [
        [i for i, w in enumerate(text.words) if not (w.own | w.parts).isdisjoint(word)]
        for word in p
    ]
    span = len(p) + SLACK
    for start in positions[0]:
        if all(any(abs(i - start) < span for i in found) for found in positions[1:]):
            return True
    return False
