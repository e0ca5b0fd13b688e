"""The thesaurus is data: every concept cites its source, names an ISCED-F field that exists,
links only to concepts that exist, and bridges the four languages."""

from __future__ import annotations

import csv
from pathlib import Path

from livslang.matching import thesaurus
from livslang.matching.engine import need_concepts

ISCED = Path(__file__).resolve().parents[2] / "geo" / "data" / "isced_f_2013.csv"


def test_every_concept_cites_a_source_and_a_real_field() -> None:
    with ISCED.open(encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    concepts = thesaurus.concepts()
    assert len(concepts) >= 100
    ids = {c.id for c in concepts}
    for concept in concepts:
        assert concept.source.strip(), concept.id
        assert concept.isced in codes, (concept.id, concept.isced)
        assert concept.terms, concept.id
        assert set(concept.related) <= ids, (concept.id, set(concept.related) - ids)


def test_fields_well_beyond_a_few() -> None:
    broad = {c.isced[:2] for c in thesaurus.concepts()}
    assert len(broad) >= 9, broad


def test_languages_meet_through_concepts() -> None:
    """The same need in bokmål, nynorsk, Danish and English speaks of one shared concept."""
    texts = [
        "Vi trenger opplæring i velferdsteknologi for hjemmetjenesten.",
        "Vi treng opplæring i velferdsteknologi for heimetenesta.",
        "Vi har brug for kursus i velfærdsteknologi i hjemmeplejen.",
        "We need training in welfare technology for home care.",
    ]
    found = [set(need_concepts(t)) for t in texts]
    assert set.intersection(*found), found


def test_situations_lead_to_the_course_topic() -> None:
    """Cues: people describe the situation, not the course."""
    assert need_concepts("Beboerne blir urolige om kvelden, roper og vandrer.")
    assert need_concepts("Vi ble rammet av et phishing-angrep og systemene sto stille.")
