"""The nb, nn and da catalogues are complete, translated, compiled, and nynorsk is not bokmål."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "livslang" / "locale"
LANGUAGES = ["nb", "nn", "da"]

# Names and codes that read the same in every language.
SAME_IN_EVERY_LANGUAGE = {
    "Livslang",
    "E-mail",
    "ISCED-F 2013",
    "NUS2000",
    "Dansk",
    "English",
}


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def translations(po: polib.POFile) -> dict[tuple[str, str], str]:
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in po if not e.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    problems = []
    for entry in catalogue(language):
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(s.strip() for s in strings):
            problems.append(f"missing: {entry.msgid!r}")
        elif entry.msgstr == entry.msgid and entry.msgid not in SAME_IN_EVERY_LANGUAGE:
            problems.append(f"same as English: {entry.msgid!r}")
    assert not problems, f"{language}: " + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language: str) -> None:
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    expected = {k: v for k, v in translations(po).items() if v}
    compiled = {(e.msgctxt or "", e.msgid): e.msgstr for e in mo if e.msgid}
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            expected.pop((entry.msgctxt or "", entry.msgid), None)
            compiled.pop((entry.msgctxt or "", entry.msgid), None)
    assert compiled == expected, "run `make messages` to recompile"


def test_nynorsk_is_not_just_bokmal() -> None:
    nb = translations(catalogue("nb"))
    nn = translations(catalogue("nn"))
    same = [key for key, value in nn.items() if value and nb.get(key) == value]
    assert len(same) <= 0.2 * len(nn), f"{len(same)} of {len(nn)} nn strings equal nb"


def test_catalogues_contain_every_message_in_the_code(tmp_path: Path) -> None:
    """Extract messages from a copy of the code and compare with the committed catalogues."""
    copy = tmp_path / "livslang"
    shutil.copytree(
        ROOT / "livslang",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "data", "*.mo"),
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "nb", "--no-location"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    wanted = {(e.msgctxt or "", e.msgid) for e in extracted if not e.obsolete}
    for language in LANGUAGES:
        have = set(translations(catalogue(language)))
        missing = sorted(m for _, m in wanted - have)
        assert not missing, f"{language} lacks: {missing[:10]} (run `make messages`)"
