"""Every page template that `make a11y-full` checks, with the roles that see it.

The cross-product runs on the demo world (`load_geo` + `demo`), signed in as the demo user
of each role. Each issue that adds pages appends them here (CONTRIBUTING.md, "How to add a
page"); a page's richest state comes from the demo world.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EVERYONE = (
    "anonymous",
    "learner",
    "org_viewer",
    "org_editor",
    "org_admin",
    "platform_admin",
    "programme_admin",
    "track_owner",
    "group_member",
    "agreement_party",
)
SIGNED_IN = EVERYONE[1:]
MEMBERS = ("org_viewer", "org_editor", "org_admin")
CENTRE = "/organisations/studiesenteret-finnsnes"
# The demo programme (livslang/programmes/demo.py): Region Sjælland's secretariat is the
# programme_admin; the track owner edits for VUC Storstrøm, which owns track 3.
PROGRAMME = "/programmes/kompetenceloeft-sjaelland"
PROGRAMME_READERS = ("programme_admin", "track_owner")

# The demo users (livslang/*/demo.py) who play each role; all share the demo password.
DEMO_USERS = {
    "learner": "learner@demo.livslang.test",
    "org_viewer": "org_viewer@demo.livslang.test",
    "org_editor": "org_editor@demo.livslang.test",
    "org_admin": "org_admin@demo.livslang.test",
    "platform_admin": "admin@demo.livslang.test",
    "programme_admin": "programme_admin@demo.livslang.test",
    "track_owner": "track_owner@demo.livslang.test",
    "group_member": "group_member@demo.livslang.test",
    # An org_editor of Norske Utdanningssentre, a party to the demo agreement (Nordland,
    # Troms and Finnmark).
    "agreement_party": "agreement_party@demo.livslang.test",
}
# Programmes II (livslang/programmes/demo.py): the group member sits in the demo programme's
# coordination group; the demo agreement is public and followed up in five counties.
AGREEMENT = "/programmes/agreements/samarbeidsavtale-demo"
GROUP_WRITERS = ("group_member",)
EXPERIENCE_WRITERS = ("programme_admin", "track_owner", "group_member")


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
    RegisteredPage("API tokens", f"{CENTRE}/api-tokens/", roles=("org_admin",)),
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
    RegisteredPage("sign up", "/cohorts/{open_cohort_id}/sign-up/", roles=SIGNED_IN),
    RegisteredPage("your courses", "/my/courses/", roles=SIGNED_IN),
    RegisteredPage(
        "tell me when this runs near me", "/offerings/{offering_id}/interest/", roles=SIGNED_IN
    ),
    RegisteredPage("unsubscribe from a digest", "/unsubscribe/{unsubscribe_token}/"),
    RegisteredPage("cancel a place", "/my/courses/{enrolment_id}/cancel/", roles=("learner",)),
    RegisteredPage(
        "participants", "/cohorts/{full_cohort_id}/participants/", roles=("org_editor", "org_admin")
    ),
    RegisteredPage("your privacy", "/my/privacy/", roles=SIGNED_IN),
    RegisteredPage("your data", "/my/privacy/data/", roles=SIGNED_IN),
    RegisteredPage("delete your account", "/my/privacy/delete/", roles=SIGNED_IN),
    RegisteredPage("programmes", "/programmes/"),
    RegisteredPage("programme page", f"{PROGRAMME}/"),
    RegisteredPage("programme overview", f"{PROGRAMME}/overview/", roles=PROGRAMME_READERS),
    RegisteredPage("action plan", f"{PROGRAMME}/actions/", roles=PROGRAMME_READERS),
    RegisteredPage(
        "action plan filtered", f"{PROGRAMME}/actions/?due=overdue", roles=PROGRAMME_READERS
    ),
    RegisteredPage("status report", f"{PROGRAMME}/report/", roles=PROGRAMME_READERS),
    RegisteredPage("track page", "/programmes/tracks/{track_id}/"),
    RegisteredPage("goal page", "/programmes/goals/{goal_id}/"),
    RegisteredPage("track goal page", "/programmes/goals/{track_goal_id}/"),
    RegisteredPage(
        "our responsibilities",
        "/programmes/responsibilities/vuc-storstrom/",
        roles=("track_owner",),
    ),
    RegisteredPage(
        "new programme", "/programmes/new/", roles=("org_editor", "org_admin", "programme_admin")
    ),
    RegisteredPage("edit programme", f"{PROGRAMME}/edit/", roles=("programme_admin",)),
    RegisteredPage("programme partners", f"{PROGRAMME}/partners/", roles=("programme_admin",)),
    RegisteredPage("new track", f"{PROGRAMME}/tracks/new/", roles=("programme_admin",)),
    RegisteredPage("new overall goal", f"{PROGRAMME}/goals/new/", roles=("programme_admin",)),
    RegisteredPage("new initiative", f"{PROGRAMME}/initiatives/new/", roles=("programme_admin",)),
    RegisteredPage(
        "edit initiative",
        "/programmes/initiatives/{initiative_id}/edit/",
        roles=("programme_admin",),
    ),
    RegisteredPage("edit track", "/programmes/tracks/{track_id}/edit/", roles=("programme_admin",)),
    RegisteredPage(
        "new track goal", "/programmes/tracks/{track_id}/goals/new/", roles=PROGRAMME_READERS
    ),
    RegisteredPage(
        "new action", "/programmes/tracks/{track_id}/actions/new/", roles=PROGRAMME_READERS
    ),
    RegisteredPage("edit goal", "/programmes/goals/{track_goal_id}/edit/", roles=PROGRAMME_READERS),
    RegisteredPage(
        "record a value",
        "/programmes/goals/{track_goal_id}/measurements/new/",
        roles=PROGRAMME_READERS,
    ),
    RegisteredPage("edit action", "/programmes/actions/{action_id}/edit/", roles=PROGRAMME_READERS),
    RegisteredPage("public competence needs", "/needs/"),
    RegisteredPage("a public competence need", "/needs/{public_need_id}/"),
    RegisteredPage("register a competence need", "/needs/new/", roles=SIGNED_IN),
    RegisteredPage("competence needs of mine", "/my/needs/", roles=SIGNED_IN),
    # Programmes II
    RegisteredPage("coordination group", f"{PROGRAMME}/group/"),
    RegisteredPage("meeting page", "/programmes/meetings/{meeting_id}/"),
    RegisteredPage("coming meeting page", "/programmes/meetings/{coming_meeting_id}/"),
    RegisteredPage("new meeting", f"{PROGRAMME}/group/meetings/new/", roles=GROUP_WRITERS),
    RegisteredPage(
        "coordination group settings", f"{PROGRAMME}/group/edit/", roles=("programme_admin",)
    ),
    RegisteredPage("edit meeting", "/programmes/meetings/{meeting_id}/edit/", roles=GROUP_WRITERS),
    RegisteredPage(
        "record a decision",
        "/programmes/meetings/{meeting_id}/decisions/new/",
        roles=GROUP_WRITERS,
    ),
    RegisteredPage("agreements", "/programmes/agreements/"),
    RegisteredPage("agreement page", f"{AGREEMENT}/"),
    RegisteredPage("region follow-up", f"{AGREEMENT}/regions/55/"),
    RegisteredPage(
        "new regional action", f"{AGREEMENT}/regions/55/actions/new/", roles=("agreement_party",)
    ),
    RegisteredPage(
        "add evidence",
        "/programmes/follow-ups/{regional_action_id}/evidence/new/",
        roles=("agreement_party",),
    ),
    RegisteredPage("experiences", f"{PROGRAMME}/experiences/"),
    RegisteredPage("experiences searched", f"{PROGRAMME}/experiences/?q=aftenhold&tag="),
    RegisteredPage("experience page", "/programmes/experiences/{experience_id}/"),
    RegisteredPage(
        "share an experience", f"{PROGRAMME}/experiences/new/", roles=EXPERIENCE_WRITERS
    ),
    RegisteredPage("digest settings", "/programmes/digest/", roles=SIGNED_IN),
    RegisteredPage(
        "stop the programme digest",
        "/programmes/digest/unsubscribe/{digest_token}/",
        roles=("anonymous",),
    ),
    RegisteredPage("pledge participants", "/cohorts/{open_cohort_id}/pledge/", roles=SIGNED_IN),
    RegisteredPage("pledges of my employers", "/my/pledges/", roles=SIGNED_IN),
    RegisteredPage("brokerage dashboard", "/brokerage/studiesenteret-finnsnes/", roles=MEMBERS),
    RegisteredPage(
        "propose a cohort",
        "/brokerage/studiesenteret-finnsnes/propose/?cluster={demand_cluster}",
        roles=("org_editor", "org_admin"),
    ),
    RegisteredPage(
        "course requests", "/brokerage/studiesenteret-finnsnes/requests/", roles=MEMBERS
    ),
    RegisteredPage(
        "new course request",
        "/brokerage/studiesenteret-finnsnes/requests/new/",
        roles=("org_editor", "org_admin"),
    ),
    RegisteredPage("a course request", "/brokerage/requests/{course_request_id}/", roles=MEMBERS),
    RegisteredPage("regional insight", "/insights/"),
    RegisteredPage("regional insight: a country", "/insights/no/"),
    RegisteredPage("regional insight: a county", "/insights/no-55/"),
    RegisteredPage("regional insight: topics", "/insights/no-55/topic/"),
    RegisteredPage("regional insight: printable report", "/insights/dk-1085/report/"),
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
    from livslang.enrolments.models import Enrolment

    places = Enrolment.objects.filter(learner__email=DEMO_USERS["learner"]).order_by("status")
    seat, waiting = places[0], places[1]
    return {
        "offering_url": offering.get_absolute_url(),
        "offering_id": str(offering.public_id),
        "cohort_id": str(cohort.public_id),
        "open_cohort_id": str(seat.cohort.public_id),
        "enrolment_id": str(seat.public_id),
        "full_cohort_id": str(waiting.cohort.public_id),
        "unsubscribe_token": _unsubscribe_token(),
        **programme_targets(),
        "public_need_id": _public_need_id(),
        **brokerage_targets(),
    }


def brokerage_targets() -> dict[str, str]:
    """The demo course request and the largest demand cluster of the Finnsnes centre
    (livslang/brokerage/demo.py)."""
    from urllib.parse import quote

    from livslang.brokerage.models import CourseRequest
    from livslang.brokerage.queries import demand
    from livslang.organisations.models import Organisation

    request = CourseRequest.objects.filter(is_demo=True).order_by("pk").first()
    assert request is not None, "the demo world has no course request"
    clusters = demand(Organisation.objects.get(slug=CENTRE.rsplit("/", 1)[1]))
    assert clusters, "the demo world has no demand around Finnsnes"
    return {
        "course_request_id": str(request.public_id),
        "demand_cluster": quote(clusters[0].key),
    }


def _public_need_id() -> str:
    """The demo employer's public need (livslang/needs/demo.py)."""
    from livslang.needs.models import Need

    need = Need.objects.filter(is_demo=True, visibility="public").order_by("pk").first()
    assert need is not None, "the demo world has no public need"
    return str(need.public_id)


def _unsubscribe_token() -> str:
    """The unsubscribe link of the demo learner's saved search (livslang/enrolments/demo.py)."""
    from livslang.enrolments.models import SavedSearch
    from livslang.enrolments.services import unsubscribe_token

    search = SavedSearch.objects.select_related("user").get(
        user__email=DEMO_USERS["learner"], offering__isnull=True
    )
    return unsubscribe_token(search, user=search.user)


def programme_targets() -> dict[str, str]:
    """Track 3 of the demo programme (the track owner's), its goal, an action and an
    initiative, and an overall goal with contributions."""
    from livslang.programmes.models import Goal, Programme

    programme = Programme.objects.get(slug=PROGRAMME.rsplit("/", 1)[1])
    track = programme.tracks.get(position=3)
    overall = Goal.objects.filter(programme=programme, track__isnull=True).order_by("position")
    initiative = programme.initiatives.order_by("name").first()
    action = track.actions.order_by("pk").first()
    assert initiative is not None and action is not None
    return {
        "track_id": str(track.public_id),
        "goal_id": str(overall[0].public_id),
        "track_goal_id": str(track.goals.get().public_id),
        "action_id": str(action.public_id),
        "initiative_id": str(initiative.public_id),
        **programme_two_targets(programme),
    }


def programme_two_targets(programme: Any) -> dict[str, str]:
    """The demo group's held meeting with the most decisions and its coming meeting, the
    experience with comments, and the group member's digest unsubscribe token."""
    from django.db.models import Count
    from django.utils import timezone

    from livslang.accounts.models import User
    from livslang.programmes.models import Action, Experience, Meeting
    from livslang.programmes.services.digest import unsubscribe_token

    meetings = Meeting.objects.filter(group__programme=programme)
    today = timezone.localdate()
    held = (
        meetings.filter(held_on__lt=today)
        .annotate(n=Count("decisions"))
        .order_by("-n", "held_on")
        .first()
    )
    coming = meetings.filter(held_on__gte=today).order_by("held_on").first()
    experience = (
        Experience.objects.filter(programme=programme)
        .annotate(n=Count("comments"))
        .order_by("-n", "pk")
        .first()
    )
    assert held is not None and coming is not None and experience is not None
    member = User.objects.get(email=DEMO_USERS["group_member"])
    regional = Action.objects.filter(
        commitment__agreement__slug=AGREEMENT.rsplit("/", 1)[1], region__code="55"
    ).first()
    assert regional is not None
    return {
        "meeting_id": str(held.public_id),
        "coming_meeting_id": str(coming.public_id),
        "experience_id": str(experience.public_id),
        "digest_token": unsubscribe_token(member),
        "regional_action_id": str(regional.public_id),
    }
