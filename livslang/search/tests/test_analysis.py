"""The analysis pipeline, driven by the word lists in ``tests/data`` (none of their words
appear in the code): each pair must share at least one term."""

from __future__ import annotations

from pathlib import Path

import pytest

from livslang.search import analysis

DATA = Path(__file__).parent / "data"


def pairs(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, right = line.split("\t")
            rows.append((left, right))
    assert rows, f"{name} is empty"
    return rows


@pytest.mark.parametrize(("left", "right"), pairs("inflections.tsv"))
def test_inflections_share_a_stem(left: str, right: str) -> None:
    assert set(analysis.analyse(left)) & set(analysis.analyse(right))


@pytest.mark.parametrize(("nynorsk", "bokmal"), pairs("nynorsk.tsv"))
def test_nynorsk_finds_bokmal(nynorsk: str, bokmal: str) -> None:
    assert set(analysis.analyse(nynorsk)) & set(analysis.analyse(bokmal))


@pytest.mark.parametrize(("compound", "part"), pairs("compounds.tsv"))
def test_a_compound_is_found_by_its_part(compound: str, part: str) -> None:
    assert set(analysis.analyse(part)) <= set(analysis.analyse(compound))


@pytest.mark.parametrize(("one", "other"), pairs("folding.tsv"))
def test_spellings_fold_together(one: str, other: str) -> None:
    assert analysis.analyse(one) == analysis.analyse(other)


def test_stop_words_are_left_out() -> None:
    assert analysis.analyse("kurs i og for ledelse") == analysis.analyse("kurs ledelse")
    assert analysis.surface_words("og") == []


def test_the_last_word_is_partial_until_a_space_follows() -> None:
    typing = analysis.analyse_query("ledelse sykepl")
    assert [w.partial for w in typing] == [False, True]
    finished = analysis.analyse_query("ledelse sykepl ")
    assert [w.partial for w in finished] == [False, False]


def test_case_and_unicode_form_do_not_matter() -> None:
    composed = "\u00c5lesund"
    decomposed = "A\u030alesund"
    assert analysis.analyse(composed) == analysis.analyse(decomposed) == analysis.analyse("ÅLESUND")


def test_a_short_word_is_no_compound() -> None:
    assert analysis.split_compound("data") == []
