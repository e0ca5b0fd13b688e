"""``manage.py eval_matching DIR [--run FILE]``: score the matcher (or a run) on a judged set.

Runs the matcher on ``DIR/offerings.jsonld`` and ``DIR/needs.json`` (or reads the JSON lines
of ``--run FILE``), reads ``DIR/qrels.json`` and the hard and gap lists of ``DIR/README.md``,
and ends with exactly one line:
``needs=N answered=A ndcg@5=X recall@10=X hard_ndcg@5=X gap_correct=K/N``.
Exit 0 whatever the scores; 1 for a missing or malformed file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from livslang.matching.evaluation import BadFile, read_lists, read_needs, read_qrels, score
from livslang.matching.files import match_files, run_line


def _read_run(path: Path) -> dict[str, dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise BadFile(f"{path}: not UTF-8") from None
    run: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadFile(f"{path} line {number}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or "need" not in obj:
            raise BadFile(f"{path} line {number}: expected an object with a need")
        matches = obj.get("matches", [])
        if not isinstance(matches, list) or not all(isinstance(m, dict) for m in matches):
            raise BadFile(f"{path} line {number}: matches must be a list of objects")
        run.setdefault(str(obj["need"]), obj)
    return run


class Command(BaseCommand):
    help = "Score the matcher (or a run file) against a judged development set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--run", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            needs = read_needs(directory / "needs.json")
            need_ids = [str(n["id"]) for n in needs]
            qrels = read_qrels(directory / "qrels.json")
            lists = read_lists(directory / "README.md", need_ids)
            if options["run"] is not None:
                run = _read_run(options["run"])
            else:
                run = {
                    result.need: run_line(result, lambda m: [])
                    for _, result in match_files(
                        directory / "offerings.jsonld",
                        directory / "needs.json",
                        top=10,
                        warn=self.stderr.write,
                    )
                }
        except BadFile as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(score(run, need_ids, qrels, lists).line())
