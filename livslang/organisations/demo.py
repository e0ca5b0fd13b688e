"""The organisations of the demo world and one demo user per organisation role.

Idempotent by slug: an organisation that exists is left as it is (also when someone edited it
in the demo), and a missing one is created. Nothing here is dated, so ``--today`` changes
nothing. The organisations need the reference geography (``load_geo``, which ``make run``
loads first); without it only the demo users are made, and the summary says so.
"""

from __future__ import annotations

from datetime import date, timedelta

from livslang.accounts.demo import DEMO_PASSWORD
from livslang.accounts.services import ensure_demo_user
from livslang.demo.services import DemoContribution, DemoLogin
from livslang.geo.models import Municipality
from livslang.organisations.demo_data import DemoOrganisation, all_organisations
from livslang.organisations.models import Organisation, Role
from livslang.organisations.services.demo import (
    ensure_demo_membership,
    ensure_demo_organisation,
    set_demo_centre_profile,
)

ORDER = 20

CENTRE_SLUG = "studiesenteret-finnsnes"
EMPLOYER_SLUG = "finnsnes-fiskeindustri"

# (role label in the README table, e-mail, full name, organisation slug, role there)
DEMO_MEMBERS: list[tuple[str, str, str, str | None, Role | None]] = [
    ("org_admin", "org_admin@demo.livslang.test", "Aud Admin", CENTRE_SLUG, Role.ADMIN),
    ("org_editor", "org_editor@demo.livslang.test", "Eirik Editor", CENTRE_SLUG, Role.EDITOR),
    ("org_viewer", "org_viewer@demo.livslang.test", "Vilde Viewer", CENTRE_SLUG, Role.VIEWER),
    (
        "org_admin (employer)",
        "employer@demo.livslang.test",
        "Erling Employer",
        EMPLOYER_SLUG,
        Role.ADMIN,
    ),
    ("learner", "learner@demo.livslang.test", "Lene Learner", None, None),
]
_NOTES = {
    "org_admin": "/organisations/studiesenteret-finnsnes/members/",
    "org_editor": "/organisations/studiesenteret-finnsnes/edit/",
    "org_viewer": "/organisations/studiesenteret-finnsnes/",
    "org_admin (employer)": "/organisations/finnsnes-fiskeindustri/members/",
    "learner": "/organisations/",
}


class DemoGeographyMissing(RuntimeError):
    """A demo organisation names a municipality the loaded geography does not have."""


def _municipalities() -> dict[str, Municipality]:
    return {m.code: m for m in Municipality.objects.valid_on().select_related("region")}


def _municipality(places: dict[str, Municipality], code: str, slug: str) -> Municipality:
    try:
        return places[code]
    except KeyError:
        raise DemoGeographyMissing(f"demo organisation {slug}: no municipality {code}") from None


def _build_organisation(
    spec: DemoOrganisation, places: dict[str, Municipality]
) -> tuple[Organisation, bool]:
    organisation, created = ensure_demo_organisation(
        slug=spec.slug,
        name=spec.name,
        kind=spec.kind,
        home_municipality=_municipality(places, spec.municipality, spec.slug),
        website=spec.website,
        description=spec.description,
        description_language=spec.language,
    )
    if created and spec.centre is not None:
        centre = spec.centre
        set_demo_centre_profile(
            organisation=organisation,
            municipalities_served=[_municipality(places, c, spec.slug) for c in centre.served],
            partner_providers=Organisation.objects.filter(slug__in=centre.partners),
            ownership=centre.ownership,
            organisation_form=centre.organisation_form,
            has_study_rooms=centre.study_rooms,
            has_exam_facilities=centre.exam,
            has_video_rooms=centre.video,
            other_facilities=centre.other,
        )
    return organisation, created


def build(*, today: date, shift: timedelta) -> DemoContribution:
    places = _municipalities()
    specs = all_organisations() if places else []
    by_slug: dict[str, Organisation] = {}
    created = 0
    for spec in specs:
        organisation, new = _build_organisation(spec, places)
        by_slug[spec.slug] = organisation
        created += int(new)

    logins = []
    new_members = 0
    for role_label, email, full_name, slug, role in DEMO_MEMBERS:
        user, _new_user = ensure_demo_user(email=email, full_name=full_name, password=DEMO_PASSWORD)
        member_of = by_slug.get(slug) if slug else None
        if member_of is not None and role is not None:
            new_members += int(ensure_demo_membership(user=user, organisation=member_of, role=role))
        logins.append(
            DemoLogin(
                role=role_label, email=user.email, password=DEMO_PASSWORD, note=_NOTES[role_label]
            )
        )
    if not places:
        summary = (
            "organisations skipped: no reference geography (run `manage.py load_geo`, "
            "then `manage.py demo` again); demo users ready"
        )
    else:
        summary = (
            f"{created} organisations created, {len(specs) - created} unchanged; "
            f"{new_members} memberships created"
        )
    return DemoContribution(app="organisations", summary=summary, logins=logins)
