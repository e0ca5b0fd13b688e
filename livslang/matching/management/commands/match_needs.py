"""``manage.py match_needs --offerings F --needs F [--top N] [--language L]``.

Ranks only the offerings in the file for each need of the needs file, in an isolated
in-memory catalogue (see ``matching.files``). Stdout: one JSON object per need, in file order;
everything else goes to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from livslang.matching.engine import Match
from livslang.matching.evaluation import BadFile
from livslang.matching.files import match_files, run_line
from livslang.matching.reasons import explain

LANGUAGES = ("nb", "nn", "da", "en")


class Command(BaseCommand):
    help = "Rank the offerings of a JSON-LD file for each need of a needs file (JSON lines)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--offerings", required=True, type=Path)
        parser.add_argument("--needs", required=True, type=Path)
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--language", choices=LANGUAGES, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 1:
            raise CommandError("--top must be at least 1")

        def warn(message: str) -> None:
            self.stderr.write(message)

        out = self.stdout
        try:
            for spec, result in match_files(
                options["offerings"], options["needs"], top=options["top"], warn=warn
            ):
                language = options["language"] or (
                    spec.language if spec.language in LANGUAGES else "en"
                )
                with translation.override(language):

                    def render(m: Match) -> list[str]:
                        return explain(m)

                    line = run_line(result, render)
                out.write(json.dumps(line, ensure_ascii=False), ending="\n")
        except BadFile as exc:
            raise CommandError(str(exc)) from None
        if hasattr(out, "flush"):
            out.flush()
        sys.stderr.flush()
