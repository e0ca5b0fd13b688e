"""What a need's own words say about the teaching language (``data/languages.yaml``)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from livslang.matching.text import DATA_DIR

# "speak English but little Norwegian": the part after a negation does not count as spoken.
_NEGATED = re.compile(r"\b(?:not|no|ikke|ikkje|ikke|kun lidt|lite|little|very little)\s+$")


@cache
def _table() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = yaml.safe_load((DATA_DIR / "languages.yaml").read_text(encoding="utf-8"))
    return {
        kind: {lang: tuple(p.casefold() for p in phrases) for lang, phrases in block.items()}
        for kind, block in raw.items()
    }


def _found(text: str, kind: str) -> frozenset[str] | None:
    lowered = " ".join(text.casefold().split())
    hits = set()
    for language, phrases in _table().get(kind, {}).items():
        for p in phrases:
            at = lowered.find(p)
            if at >= 0 and not _NEGATED.search(lowered[:at]):
                hits.add(language)
    return frozenset(hits) or None


def required_languages(text: str) -> frozenset[str] | None:
    """Languages the text requires the teaching in (None: it says nothing)."""
    return _found(text, "required")


def spoken_languages(text: str) -> frozenset[str] | None:
    """Languages the participants are said to speak (None: it says nothing)."""
    return _found(text, "spoken")
