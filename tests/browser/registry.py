"""Every page template that `make a11y-full` checks, with the roles that see it.

The cross-product runs on the demo world (`load_geo` + `demo`), signed in as the demo user
of each role. Each issue that adds pages appends them here (CONTRIBUTING.md, "How to add a
page"); a page's richest state comes from the demo world.
"""

from __future__ import annotations

from dataclasses import dataclass

EVERYONE = ("anonymous", "learner", "org_viewer", "org_editor", "org_admin", "platform_admin")
SIGNED_IN = EVERYONE[1:]
MEMBERS = ("org_viewer", "org_editor", "org_admin")
CENTRE = "/organisations/studiesenteret-finnsnes"

# The demo users (livslang/*/demo.py) who play each role; all share the demo password.
DEMO_USERS = {
    "learner": "learner@demo.livslang.test",
    "org_viewer": "org_viewer@demo.livslang.test",
    "org_editor": "org_editor@demo.livslang.test",
    "org_admin": "org_admin@demo.livslang.test",
    "platform_admin": "admin@demo.livslang.test",
}


@dataclass(frozen=True)
class RegisteredPage:
    name: str
    path: str
    roles: tuple[str, ...] = EVERYONE
    expected_status: int = 200


PAGES = [
    RegisteredPage("front page", "/"),
    RegisteredPage("about the data", "/about/data/"),
    RegisteredPage("accessibility statement", "/accessibility/"),
    RegisteredPage("privacy notice", "/privacy/"),
    RegisteredPage("cookie statement", "/cookies/"),
    RegisteredPage("not found", "/no-such-page/", expected_status=404),
    RegisteredPage("method not allowed", "/i18n/setlang/", expected_status=405),
    RegisteredPage("sign in", "/account/login/", roles=("anonymous",)),
    RegisteredPage("register", "/account/register/", roles=("anonymous",)),
    RegisteredPage("password reset", "/account/password/reset/", roles=("anonymous",)),
    RegisteredPage("profile", "/account/profile/", roles=SIGNED_IN),
    RegisteredPage("change password", "/account/password/", roles=SIGNED_IN),
    RegisteredPage("change e-mail", "/account/email/", roles=SIGNED_IN),
    RegisteredPage("organisation directory", "/organisations/"),
    RegisteredPage("directory filtered", "/organisations/?kind=centre&region=55"),
    RegisteredPage("centre page", f"{CENTRE}/"),
    RegisteredPage("my organisations", "/organisations/mine/", roles=SIGNED_IN),
    RegisteredPage("request an organisation", "/organisations/register/", roles=SIGNED_IN),
    RegisteredPage("edit centre", f"{CENTRE}/edit/", roles=("org_editor", "org_admin")),
    RegisteredPage("members", f"{CENTRE}/members/", roles=MEMBERS),
    RegisteredPage("organisation requests", "/organisations/requests/", roles=("platform_admin",)),
    RegisteredPage("audit log", "/platform/audit/", roles=("platform_admin",)),
]
LANGUAGES = ("nb", "nn", "da", "en")
