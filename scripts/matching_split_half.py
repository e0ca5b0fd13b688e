"""Split-half check of the matcher's tuning on a judged set (default: the development set).

The needs are split in two halves (alternating in file order). The matcher's few numeric
parameters are tuned by grid search on one half (best mean of nDCG@5 and gap accuracy), then
scored on the other half, and the other way round. Reported in README.md ("Matching").
Usage: .venv/bin/python scripts/matching_split_half.py [DIR]
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livslang.settings")

import django

django.setup()

from livslang.matching import engine  # noqa: E402
from livslang.matching.evaluation import (  # noqa: E402
    read_lists,
    read_needs,
    read_qrels,
    score,
)
from livslang.matching.files import match_files, run_line  # noqa: E402

GRID = {
    "LEXICAL_SHARE": (0.3, 0.45, 0.6),
    "FIT_SHARE": (0.25, 0.35, 0.45),
    "RELEVANT": (0.25, 0.3, 0.35),
}


def runs(directory: Path) -> dict[str, dict]:
    return {
        result.need: run_line(result, lambda m: [])
        for _, result in match_files(
            directory / "offerings.jsonld", directory / "needs.json", top=10, warn=print
        )
    }


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "matching-dev"
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    need_ids = [str(n["id"]) for n in read_needs(directory / "needs.json")]
    qrels = read_qrels(directory / "qrels.json")
    lists = read_lists(directory / "README.md", need_ids)
    halves = (need_ids[0::2], need_ids[1::2])
    defaults = {name: getattr(engine, name) for name in GRID}
    cache: dict[tuple[float, ...], dict[str, dict]] = {}
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values, strict=True):
            setattr(engine, name, value)
        cache[values] = runs(directory)
    for name, value in defaults.items():
        setattr(engine, name, value)

    def figure(run: dict[str, dict], ids: list[str]) -> tuple[float, float, str]:
        s = score(run, ids, qrels, lists)
        return (s.ndcg5 + s.gap_correct / s.needs) / 2, s.ndcg5, s.line()

    for label, (tune, test) in (("A→B", halves), ("B→A", halves[::-1])):
        best = max(cache, key=lambda v: (figure(cache[v], tune)[0], v == tuple(defaults.values())))
        chosen = dict(zip(GRID, best, strict=True))
        print(f"{label}: tuned on {len(tune)} needs: {chosen}")
        print(f"  tuning half:   {figure(cache[best], tune)[2]}")
        print(f"  held-out half: {figure(cache[best], test)[2]}")
    shipped = (
        cache[tuple(defaults.values())] if tuple(defaults.values()) in cache else runs(directory)
    )
    print(f"shipped parameters {defaults}: {score(shipped, need_ids, qrels, lists).line()}")


if __name__ == "__main__":
    main()
