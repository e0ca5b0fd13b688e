"""Plain-text rules shared by the catalogue's services and its feeds."""

from __future__ import annotations

import re

# C0/C1 control characters other than tab and line breaks: they cannot appear in XML (Atom,
# exports) or iCalendar, and no one types them on purpose.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
