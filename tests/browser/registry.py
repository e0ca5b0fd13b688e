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
    RegisteredPage("search", "/search/"),
    RegisteredPage(
        "search near a postcode", "/search/?q=kurs&place=9300&country=NO&radius=100&modes=online"
    ),
    RegisteredPage("search with nothing found", "/search/?q=kurs&place=9300&exclude_online=on"),
    RegisteredPage("search log", "/search/log/", roles=MEMBERS),
    RegisteredPage("my organisations", "/organisations/mine/", roles=SIGNED_IN),
    RegisteredPage("request an organisation", "/organisations/register/", roles=SIGNED_IN),
    RegisteredPage("edit centre", f"{CENTRE}/edit/", roles=("org_editor", "org_admin")),
    RegisteredPage("members", f"{CENTRE}/members/", roles=MEMBERS),
    RegisteredPage("organisation requests", "/organisations/requests/", roles=("platform_admin",)),
    RegisteredPage("audit log", "/platform/audit/", roles=("platform_admin",)),
    RegisteredPage("centre's offerings", f"{CENTRE}/offerings/", roles=MEMBERS),
    RegisteredPage("new offering", f"{CENTRE}/offerings/new/", roles=("org_editor", "org_admin")),
    # Placeholders are filled from the demo world by demo_targets().
    RegisteredPage("offering page", "{offering_url}"),
    RegisteredPage(
        "edit offering", "/offerings/{offering_id}/edit/", roles=("org_editor", "org_admin")
    ),
    RegisteredPage(
        "new cohort", "/offerings/{offering_id}/cohorts/new/", roles=("org_editor", "org_admin")
    ),
    RegisteredPage("edit cohort", "/cohorts/{cohort_id}/edit/", roles=("org_editor", "org_admin")),
    RegisteredPage(
        "import offerings", f"{CENTRE}/offerings/import/", roles=("org_editor", "org_admin")
    ),
]
LANGUAGES = ("nb", "nn", "da", "en")


def demo_targets() -> dict[str, str]:
    """A published demo offering of the Finnsnes centre, in its richest state: the one with
    the most cohorts, preferring one with a local study group."""
    from django.db.models import Count

    from livslang.catalog.models import Offering

    offering = (
        Offering.objects.published()
        .filter(owner__slug="studiesenteret-finnsnes")
        .annotate(cohort_count=Count("cohorts"), group_count=Count("cohorts__study_groups"))
        .order_by("-group_count", "-cohort_count", "title")
        .first()
    )
    assert offering is not None, "the demo world has no offering of the Finnsnes centre"
    cohort = offering.cohorts.order_by("start_date").first()
    assert cohort is not None
    return {
        "offering_url": offering.get_absolute_url(),
        "offering_id": str(offering.public_id),
        "cohort_id": str(cohort.public_id),
    }
