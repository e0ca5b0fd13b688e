"""Small factories for tests, here and in other apps: organisations, members, the places they
need. They write directly (no audit, no e-mail), so a test can set up any state in one line.

With the reference geography loaded (``load_geo``) the real municipality is used; without it a
minimal county/region and municipality row is created for the code.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from livslang.accounts.models import User
from livslang.geo.models import Country, Municipality, Region
from livslang.organisations.models import (
    CentreProfile,
    Kind,
    Membership,
    Organisation,
    Role,
    Status,
)
from livslang.organisations.services import unique_slug

DEFAULT_PASSWORD = "correct horse battery staple"  # noqa: S105 - test users only
SENJA = "5530"  # kommunenummer of Senja since 2024 (5421 in 2020-2023)

# code: (name, region code, region name), for tests that run without the reference data.
_PLACES: dict[str, tuple[str, str, str]] = {
    "5530": ("Senja", "55", "Troms"),
    "5526": ("Sørreisa", "55", "Troms"),
    "5501": ("Tromsø", "55", "Troms"),
    "5601": ("Alta", "56", "Finnmark"),
    "5607": ("Vadsø", "56", "Finnmark"),
    "1804": ("Bodø", "18", "Nordland"),
    "0301": ("Oslo", "03", "Oslo"),
    "4601": ("Bergen", "46", "Vestland"),
    "5001": ("Trondheim", "50", "Trøndelag"),
    "340": ("Sorø", "1085", "Region Sjælland"),
    "370": ("Næstved", "1085", "Region Sjælland"),
    "101": ("København", "1084", "Region Hovedstaden"),
}
_COUNTRY_NAMES = {"NO": "Norway", "DK": "Denmark"}
_VALID_FROM = date(2024, 1, 1)
_sequence = itertools.count(1)


def ensure_municipality(code: str) -> Municipality:
    """The municipality with official ``code`` (NO four digits, DK three)."""
    existing = Municipality.objects.valid_on().filter(code=code).first()
    if existing is not None:
        return existing
    country = "NO" if len(code) == 4 else "DK"
    default_region = code[:2] if country == "NO" else "1085"
    name, region_code, region_name = _PLACES.get(
        code, (f"Kommune {code}", default_region, f"Region {default_region}")
    )
    Country.objects.get_or_create(code=country, defaults={"name": _COUNTRY_NAMES[country]})
    region = Region.objects.filter(country_id=country, code=region_code).first()
    if region is None:
        region = Region.objects.create(
            country_id=country,
            code=region_code,
            name=region_name,
            name_official=region_name,
            kind=Region.Kind.COUNTY if country == "NO" else Region.Kind.REGION,
            label_lat=69.0 if country == "NO" else 55.4,
            label_lon=18.0 if country == "NO" else 11.6,
            valid_from=_VALID_FROM,
        )
    return Municipality.objects.create(
        country_id=country,
        code=code,
        name=name,
        name_official=name,
        region=region,
        label_lat=69.2 if country == "NO" else 55.4,
        label_lon=17.9 if country == "NO" else 11.6,
        settlement_lat=69.23 if country == "NO" else 55.43,
        settlement_lon=17.98 if country == "NO" else 11.56,
        valid_from=_VALID_FROM,
    )


def make_user(email: str | None = None, **fields: Any) -> User:
    email = email or f"person{next(_sequence)}@example.org"
    password = fields.pop("password", DEFAULT_PASSWORD)
    fields.setdefault("email_verified_at", timezone.now())
    return User.objects.create_user(email=email, password=password, **fields)


def make_organisation(
    kind: str = Kind.CENTRE,
    municipality_code: str = SENJA,
    slug: str | None = None,
    status: str = Status.APPROVED,
    name: str | None = None,
    **fields: Any,
) -> Organisation:
    """An organisation (approved unless ``status`` says otherwise); a centre gets an empty
    centre profile. It has no members: add them with ``make_member``."""
    municipality = ensure_municipality(municipality_code)
    name = name or f"{Kind(kind).label.capitalize()} {next(_sequence)}"
    if status == Status.REJECTED:
        fields.setdefault("rejection_reason", "Not an organisation we know.")
    organisation = Organisation(
        slug=slug or unique_slug(name),
        name=name,
        kind=kind,
        country=municipality.country_id,
        home_municipality=municipality,
        status=status,
        **fields,
    )
    organisation.full_clean()
    organisation.save()
    if kind == Kind.CENTRE:
        CentreProfile.objects.create(organisation=organisation)
    return organisation


def make_member(
    organisation: Organisation,
    role: str = Role.VIEWER,
    email: str | None = None,
    **user_fields: Any,
) -> Membership:
    """A new user who is a member of ``organisation`` with ``role`` (the user is ``.user``)."""
    user = make_user(email, **user_fields)
    return Membership.objects.create(user=user, organisation=organisation, role=role)
