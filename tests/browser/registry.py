"""Every page template that `make a11y-full` checks, with the roles that see it.

Each issue that adds pages appends them here (see CONTRIBUTING.md, "How to add a page").
``setup`` names a fixture-free function that prepares the page's richest state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command


def load_reference_data() -> None:
    call_command("load_geo", verbosity=0)


@dataclass(frozen=True)
class RegisteredPage:
    name: str
    path: str
    roles: tuple[str, ...] = ("anonymous", "learner", "platform_admin")
    setup: Callable[[], None] | None = None
    expected_status: int = 200
    extra: dict[str, str] = field(default_factory=dict)


PAGES = [
    RegisteredPage("front page", "/"),
    RegisteredPage("about the data", "/about/data/", setup=load_reference_data),
    RegisteredPage("accessibility statement", "/accessibility/"),
    RegisteredPage("privacy notice", "/privacy/"),
    RegisteredPage("cookie statement", "/cookies/"),
    RegisteredPage("not found", "/no-such-page/", expected_status=404),
    RegisteredPage("method not allowed", "/i18n/setlang/", expected_status=405),
]
LANGUAGES = ("nb", "nn", "da", "en")
