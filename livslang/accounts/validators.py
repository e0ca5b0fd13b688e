"""Password validation beyond Django's validators (SEC-10): no composition rules, only a
block list of common Norwegian and Danish passwords."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "nordic-common-passwords.txt"

# Digits, punctuation and spaces people put around a common word ("Passord123!", "2024sommer").
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _fold(text: str) -> str:
    return text.casefold().strip()


class NordicCommonPasswordValidator:
    """Refuses a password that is a common Norwegian or Danish password or word, also with
    digits or punctuation before or after it ("passord123", "Sommer2024!").

    Complements Django's ``CommonPasswordValidator`` (an English-language list, which lacks
    e.g. "passord123"). The list is ``data/nordic-common-passwords.txt``: one entry a line,
    ``#`` starts a comment.
    """

    def __init__(self, password_list_path: str | Path = DATA_FILE) -> None:
        self.password_list_path = Path(password_list_path)

    @cached_property
    def passwords(self) -> frozenset[str]:
        lines = self.password_list_path.read_text(encoding="utf-8").splitlines()
        return frozenset(
            _fold(line) for line in lines if line.strip() and not line.lstrip().startswith("#")
        )

    def validate(self, password: str, user: Any = None) -> None:
        folded = _fold(password)
        core = _DECORATION.sub("", folded)
        if folded in self.passwords or core in self.passwords:
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self) -> str:
        # Django's message id, so its translations apply.
        return _("Your password can’t be a commonly used password.")  # noqa: RUF001
