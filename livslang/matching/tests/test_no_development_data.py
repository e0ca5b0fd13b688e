"""The judged development set is read in place, never copied: no tracked file may contain
one of its need, offering or cohort identifiers, or six consecutive words of a need's text or
an offering's name, description or skills."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from livslang.matching.tests.conftest import MATCHING_DEV

ROOT = Path(__file__).resolve().parents[3]
RUN = 6
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_SKIP_DIRS = {".git", ".venv", "node_modules", "var", "__pycache__", ".mypy_cache", ".ruff_cache"}


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
        return [ROOT / p for p in out.decode().split("\0") if p]
    except (OSError, subprocess.SubprocessError):
        return [
            p
            for p in ROOT.rglob("*")
            if p.is_file() and not (_SKIP_DIRS & set(p.relative_to(ROOT).parts))
        ]


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(not MATCHING_DEV.exists(), reason="the development set is not beside us")
def test_no_tracked_file_holds_development_data() -> None:
    needs = json.loads((MATCHING_DEV / "needs.json").read_text(encoding="utf-8"))
    offerings = json.loads((MATCHING_DEV / "offerings.jsonld").read_text(encoding="utf-8"))
    identifiers = {n["id"] for n in needs}
    runs: set[tuple[str, ...]] = set()
    for need in needs:
        runs |= _runs(need["text"])
    for offering in offerings:
        identifiers.add(offering["identifier"])
        identifiers |= {c["identifier"] for c in offering["hasCourseInstance"]}
        for text in [offering["name"], offering["description"], *offering["teaches"]]:
            runs |= _runs(text)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(i) for i in sorted(identifiers)) + r")(?![\w-])"
    )
    found: list[str] = []
    for path in _tracked():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        hit = pattern.search(text)
        if hit:
            found.append(f"{path.relative_to(ROOT)}: identifier {hit.group(1)}")
            continue
        shared = _runs(text) & runs
        if shared:
            found.append(f"{path.relative_to(ROOT)}: words {' '.join(sorted(shared)[0])!r}")
    assert not found, found
