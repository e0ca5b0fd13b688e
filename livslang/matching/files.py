"""Matching needs from files against offerings from a file, in an isolated catalogue.

The offerings file is read by the catalogue's own JSON-LD importer (parser and converter, so
it is validated exactly as an import would be) into matcher records held in memory: nothing
is written to the catalogue and nothing of the project's catalogue is read. Postcodes are
resolved with the shipped reference data; if the database has none loaded yet, it is loaded
inside a transaction that is rolled back at the end. Nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from livslang.catalog.imports.convert import convert
from livslang.catalog.imports.importer import parse
from livslang.catalog.imports.parsing import FileRejected
from livslang.geo.queries import UnknownPlace, reference_counts, resolve_postcode
from livslang.geo.services import load_reference_data
from livslang.matching.engine import Catalogue, CohortDoc, NeedSpec, OfferingDoc, Result, match
from livslang.matching.evaluation import BadFile, need_spec, read_needs


def _offering_docs(data: bytes, warn: Any) -> list[OfferingDoc]:
    try:
        items = parse(data, "jsonld")
    except FileRejected as exc:
        raise BadFile(f"offerings: {exc.location} {exc.message}".strip()) from None
    docs: list[OfferingDoc] = []
    seen: dict[str, int] = {}
    for item in items:
        plan = convert(item, None, seen)
        if item.problems:
            for p in item.problems:
                warn(
                    f"offering {item.identifier or item.number}: {p.location} {p.field}: "
                    f"{p.message} (left out)"
                )
            continue
        off = plan.offering
        cohorts = tuple(
            CohortDoc(
                key=raw.identifier,
                mode=data_["mode"],
                start=data_["start_date"],
                end=data_["end_date"],
                kinds=frozenset(data_["schedule_kinds"]),
                price=data_["price"],
                currency=data_["currency"],
                seats=data_["seats"],
                lat=data_["latitude"],
                lon=data_["longitude"],
                place=data_["venue_name"],
            )
            for raw, data_, _groups in plan.cohorts
        )
        docs.append(
            OfferingDoc(
                key=item.identifier,
                title=off["title"],
                description=off["description"],
                topics=tuple(str(t) for t in off["topics"]),
                language=off["language"],
                cohorts=cohorts,
                level_text=off["level_text"],
            )
        )
    return docs


def _specs(needs: list[dict[str, Any]], warn: Any) -> list[NeedSpec]:
    specs = []
    for entry in needs:
        lat = lon = None
        try:
            place = resolve_postcode(country=str(entry["country"]), code=str(entry["postcode"]))
            lat, lon = place.lat, place.lon
        except UnknownPlace as exc:
            warn(f"need {entry['id']}: {exc.messages[0]} (distances unknown)")
        specs.append(need_spec(entry, lat=lat, lon=lon))
    return specs


def match_files(
    offerings_path: Path, needs_path: Path, *, top: int, warn: Any
) -> Iterator[tuple[NeedSpec, Result]]:
    """Each need of the file with its result, in the order of the file."""
    needs = read_needs(needs_path)
    try:
        data = offerings_path.read_bytes()
    except FileNotFoundError:
        raise BadFile(f"{offerings_path}: no such file") from None
    with transaction.atomic():
        counts = reference_counts()
        if not (counts.get("no_postcodes") and counts.get("dk_postcodes")):
            load_reference_data(actor_label="match_needs")
        docs = _offering_docs(data, warn)
        specs = _specs(needs, warn)
        transaction.set_rollback(True)
    catalogue = Catalogue(docs)
    for spec in specs:
        yield spec, match(spec, catalogue, top=top)


def run_line(result: Result, render: Any) -> dict[str, Any]:
    """The JSON object the command prints for one need."""
    return {
        "need": result.need,
        "gap": result.gap,
        "matches": [
            {
                "offering": m.offering,
                "cohort": m.cohort,
                "score": m.score,
                "fits": m.fits,
                "reasons": render(m),
            }
            for m in result.matches
        ],
    }
