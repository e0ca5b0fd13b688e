"""Reading a judged set (needs, qrels, the hard and gap lists) and scoring a run.

Metrics as the set's README defines them: nDCG@5 with gain 2^grade - 1 and the ideal ranking
of the need's judged items; recall@10 of the items graded 2 or 3; a need missing from the run
scores 0; a repeated offering counts once, at its first position.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from livslang.matching.engine import NeedSpec
from livslang.matching.languages import required_languages, spoken_languages

MODES = {"onsite": "on_site", "online": "online", "blended": "blended"}
SCHEDULES = {"daytime": "daytime", "evening": "evening", "weekend": "weekend"}
SCHEDULES["selfpaced"] = "self_paced"
CURRENCY = {"NO": "NOK", "DK": "DKK"}


class BadFile(ValueError):
    """A file of the set is missing or malformed (the message says where)."""


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadFile(f"{path}: not valid UTF-8 JSON ({exc})") from None


def _date(entry: dict[str, Any], key: str, where: str) -> date | None:
    value = entry.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadFile(f"{where}: {key} is not a YYYY-MM-DD date") from None


def read_needs(path: Path) -> list[dict[str, Any]]:
    needs = read_json(path)
    if not isinstance(needs, list):
        raise BadFile(f"{path}: expected a JSON array of needs")
    seen: set[str] = set()
    for number, entry in enumerate(needs, start=1):
        where = f"{path} need {number}"
        if not isinstance(entry, dict):
            raise BadFile(f"{where}: expected an object")
        for key in ("id", "text", "country", "postcode", "participants", "modes"):
            if key not in entry:
                raise BadFile(f"{where}: missing {key}")
        if entry["id"] in seen:
            raise BadFile(f"{where}: id {entry['id']} appears twice")
        seen.add(str(entry["id"]))
        if not isinstance(entry["modes"], list) or not all(m in MODES for m in entry["modes"]):
            raise BadFile(f"{where}: modes must be a list of onsite, online, blended")
        schedule = entry.get("schedule")
        if schedule is not None and (
            not isinstance(schedule, list) or not all(s in SCHEDULES for s in schedule)
        ):
            raise BadFile(f"{where}: schedule must be null or a list of schedule kinds")
        _date(entry, "earliest_start", where)
        _date(entry, "latest_start", where)
    return needs


def need_spec(entry: dict[str, Any], *, lat: float | None, lon: float | None) -> NeedSpec:
    """A need of the file as the matcher's record (the place already resolved)."""
    text = str(entry["text"])
    price = entry.get("max_price")
    try:
        max_price = Decimal(str(price)) if price is not None else None
    except InvalidOperation:
        raise BadFile(f"need {entry['id']}: max_price is not a number") from None
    schedule = entry.get("schedule")
    country = str(entry["country"]).upper()
    return NeedSpec(
        key=str(entry["id"]),
        text=text,
        language=str(entry.get("language", "")),
        participants=int(entry["participants"]),
        earliest=_date(entry, "earliest_start", str(entry["id"])),
        latest=_date(entry, "latest_start", str(entry["id"])),
        modes=frozenset(MODES[m] for m in entry["modes"]),
        schedules=frozenset(SCHEDULES[s] for s in schedule) if schedule is not None else None,
        max_price=max_price,
        currency=CURRENCY.get(country, "NOK"),
        max_km=entry.get("max_travel_km"),
        lat=lat,
        lon=lon,
        teaching_languages=required_languages(text),
        spoken_languages=spoken_languages(text),
    )


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels = read_json(path)
    if not isinstance(qrels, dict) or not all(isinstance(v, dict) for v in qrels.values()):
        raise BadFile(f"{path}: expected {{need id: {{offering identifier: grade}}}}")
    return {str(k): {str(o): int(g) for o, g in v.items()} for k, v in qrels.items()}


def read_lists(path: Path, need_ids: list[str]) -> dict[str, list[str]]:
    """The *hard* and *gap* lists from the set's README (the ids on those bullet lines)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    lists: dict[str, list[str]] = {"hard": [], "gap": []}
    known = set(need_ids)
    for line in text.splitlines():
        found = re.match(r"\s*[*-]\s*\*\*(\w+)\*\*", line)
        if found and found.group(1).lower() in lists:
            ids = [t for t in re.findall(r"[\w.-]+", line) if t in known]
            lists[found.group(1).lower()] = ids
    return lists


def _ranked(matches: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for m in matches:
        offering = str(m.get("offering"))
        if offering not in seen:
            seen.append(offering)
    return seen


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    def dcg(gs: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(o, 0) for o in ranked]) / ideal if ideal else 0.0


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    wanted = {o for o, g in grades.items() if g >= 2}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 1.0


@dataclass
class Scores:
    needs: int
    answered: int
    ndcg5: float
    recall10: float
    hard_ndcg5: float
    gap_correct: int

    def line(self) -> str:
        return (
            f"needs={self.needs} answered={self.answered} ndcg@5={self.ndcg5:.3f} "
            f"recall@10={self.recall10:.3f} hard_ndcg@5={self.hard_ndcg5:.3f} "
            f"gap_correct={self.gap_correct}/{self.needs}"
        )


def score(
    run: dict[str, dict[str, Any]],
    need_ids: list[str],
    qrels: dict[str, dict[str, int]],
    lists: dict[str, list[str]],
) -> Scores:
    ndcgs: dict[str, float] = {}
    recalls: dict[str, float] = {}
    gap_correct = 0
    for nid in need_ids:
        answer = run.get(nid)
        grades = qrels.get(nid, {})
        if answer is None:
            ndcgs[nid] = recalls[nid] = 0.0
            continue
        ranked = _ranked(answer.get("matches") or [])
        ndcgs[nid] = ndcg_at(ranked, grades)
        recalls[nid] = recall_at(ranked, grades)
        if bool(answer.get("gap")) == (nid in lists["gap"]):
            gap_correct += 1
    n = len(need_ids) or 1
    hard = [nid for nid in need_ids if nid in lists["hard"]]
    return Scores(
        needs=len(need_ids),
        answered=sum(1 for nid in need_ids if nid in run),
        ndcg5=sum(ndcgs.values()) / n,
        recall10=sum(recalls.values()) / n,
        hard_ndcg5=sum(ndcgs[h] for h in hard) / len(hard) if hard else 0.0,
        gap_correct=gap_correct,
    )
