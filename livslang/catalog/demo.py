"""The demo catalogue: a few hundred offerings with cohorts at the demo centres (NO and DK).

Idempotent by natural key (owner, slug): an offering that exists is left as it is, a missing
one is created with its cohorts. Cohort dates are relative to ``today``; when the demo world
moves to another day, every demo cohort's dates move by ``shift`` in place. Rows are written
in bulk; the change log still gets every event (``created``/``published`` for new public
objects, ``updated`` for moved cohorts), in the same transaction. Organisations come from
``livslang.organisations.demo`` (ORDER 20); without them nothing is made.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from livslang.audit.services import record
from livslang.catalog.changes import record_changes
from livslang.catalog.demo_data import (
    DA_THEMES,
    DESCRIPTIONS,
    NB_THEMES,
    NN_THEMES,
    ROOMS,
    SCHEDULES,
    TARGET_GROUPS,
    VENUES,
    Theme,
)
from livslang.catalog.models import (
    SCHEDULE_FIELDS,
    ChangeAction,
    ChangeKind,
    Cohort,
    CohortStatus,
    CreditsUnit,
    Currency,
    EnrolmentMethod,
    LevelFramework,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingStatus,
    Pace,
)
from livslang.catalog.services import make_slug
from livslang.classifications.models import IscedField
from livslang.demo.services import DemoContribution
from livslang.geo.models import Postcode
from livslang.organisations.demo_data import (
    DANISH_CENTRES,
    DANISH_PROVIDERS,
    NORWEGIAN_CENTRES,
    NORWEGIAN_PROVIDERS,
)
from livslang.organisations.models import Organisation

ORDER = 30
OFFERINGS_PER_CENTRE = {"NO": 15, "DK": 16}
_MODES = [Mode.ON_SITE, Mode.ON_SITE, Mode.ONLINE, Mode.BLENDED]
_KINDS = ["daytime", "evening", "weekend", "self_paced"]
_CREDIT_UNITS = {
    "uni": CreditsUnit.ECTS,
    "akademi": CreditsUnit.ECTS,
    "fagskole": CreditsUnit.FAGSKOLEPOENG,
    "amu": CreditsUnit.AMU_DAYS,
}


@dataclass
class _World:
    today: date
    centres: list[Organisation]
    providers: dict[str, list[Organisation]]  # country -> providers
    isced: dict[str, IscedField]
    postcodes: dict[int, Postcode]  # municipality id -> one postcode there
    all_centres_by_country: dict[str, list[Organisation]]


def _rng(key: str) -> random.Random:
    return random.Random(zlib.crc32(key.encode()))  # noqa: S311 - demo data, not security


def _themes(language: str) -> list[Theme]:
    return {"nb": NB_THEMES, "nn": NN_THEMES, "da": DA_THEMES}[language]


def _load_world(today: date) -> _World | None:
    centre_slugs = [c.slug for c in [*NORWEGIAN_CENTRES, *DANISH_CENTRES]]
    provider_slugs = [p.slug for p in [*NORWEGIAN_PROVIDERS, *DANISH_PROVIDERS]]
    found = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=[*centre_slugs, *provider_slugs])
        .select_related("home_municipality")
        .prefetch_related("centre_profile__municipalities_served")
    }
    centres = [found[s] for s in centre_slugs if s in found]
    if not centres:
        return None
    providers: dict[str, list[Organisation]] = {"NO": [], "DK": []}
    for slug in provider_slugs:
        if slug in found:
            providers[found[slug].country].append(found[slug])
    by_country: dict[str, list[Organisation]] = {"NO": [], "DK": []}
    for centre in centres:
        by_country[centre.country].append(centre)
    postcodes: dict[int, Postcode] = {}
    for postcode in Postcode.objects.filter(municipality__isnull=False).order_by("code"):
        postcodes.setdefault(postcode.municipality_id, postcode)  # type: ignore[arg-type]
    isced = {f.code: f for f in IscedField.objects.all()}
    return _World(today, centres, providers, isced, postcodes, by_country)


def _language(centre: Organisation) -> str:
    return (
        centre.description_language
        if centre.description_language in ("nb", "nn")
        else ("da" if centre.country == "DK" else "nb")
    )


def _places(centre: Organisation) -> list[Any]:
    profile = getattr(centre, "centre_profile", None)
    served = list(profile.municipalities_served.all()) if profile is not None else []
    return [centre.home_municipality, *[m for m in served if m.pk != centre.home_municipality_id]]


def _offering(world: _World, centre: Organisation, theme: Theme, index: int) -> Offering:
    rng = _rng(f"{centre.slug}:{theme.title}")
    language = _language(centre)
    provider = centre
    if theme.kind in ("uni", "fagskole", "akademi") and world.providers[centre.country]:
        choices = world.providers[centre.country]
        provider = choices[(index + len(centre.slug)) % len(choices)]
    status = OfferingStatus.PUBLISHED
    if index % 15 == 14:
        status = OfferingStatus.DRAFT
    published_at = None
    if status == OfferingStatus.PUBLISHED:
        day = world.today - timedelta(days=rng.randint(0, 90))
        published_at = timezone.make_aware(datetime.combine(day, time(9, 0)))
    unit = _CREDIT_UNITS.get(theme.kind, CreditsUnit.NONE) if theme.credits else CreditsUnit.NONE
    return Offering(
        slug=make_slug(theme.title),
        title=theme.title,
        description=DESCRIPTIONS[language].format(
            title=theme.title, centre=centre.name, provider=provider.name
        ),
        language=language,
        provider=provider,
        owner=centre,
        isced_field=world.isced.get(theme.isced),
        topics=list(theme.topics),
        level_framework=LevelFramework.NKR
        if theme.level and centre.country == "NO"
        else (LevelFramework.EQF if theme.level else LevelFramework.NONE),
        level=theme.level,
        credits_value=Decimal(theme.credits) if theme.credits else None,
        credits_unit=unit,
        duration_text=theme.duration,
        target_group=TARGET_GROUPS[language],
        prerequisites="" if theme.kind in ("own", "amu", "vuc") else _prerequisites(language),
        admission_requirements=""
        if theme.kind in ("own", "amu", "vuc")
        else _prerequisites(language),
        funding_employer=theme.kind in ("amu", "fagskole", "own"),
        funding_public_grant=theme.kind in ("amu", "akademi", "own"),
        funding_loan=theme.kind in ("uni", "fagskole", "vuc"),
        campaign_tags=["Kompetanseløftet"] if rng.random() < 0.2 else [],
        external_url=provider.website if provider.website else "",
        status=status,
        published_at=published_at,
        is_demo=True,
    )


def _prerequisites(language: str) -> str:
    return {
        "nb": "Generell studiekompetanse eller realkompetanse.",
        "nn": "Generell studiekompetanse eller realkompetanse.",
        "da": "Relevant erhvervserfaring eller gymnasial uddannelse.",
    }[language]


def _status(start: date, end: date | None, today: date, rng: random.Random) -> str:
    if end is not None and end < today:
        return CohortStatus.COMPLETED
    if start <= today:
        return CohortStatus.RUNNING
    if rng.random() < 0.08:
        return CohortStatus.CANCELLED
    if start - today > timedelta(days=180):
        return CohortStatus.PLANNED
    return CohortStatus.WILL_RUN if rng.random() < 0.25 else CohortStatus.OPEN


def _cohorts(
    world: _World, offering: Offering, theme: Theme, index: int
) -> list[tuple[Cohort, list[LocalStudyGroup]]]:
    centre = offering.owner
    rng = _rng(f"cohorts:{centre.slug}:{offering.slug}")
    language = offering.language
    places = _places(centre)
    result = []
    for n in range(1 + (index + n_extra(offering)) % 3):
        mode = _MODES[(index + n) % len(_MODES)]
        kind = _KINDS[(index + 2 * n) % len(_KINDS)]
        kinds = {kind}
        if kind == "evening" and rng.random() < 0.3:
            kinds.add("weekend")
        start = world.today + timedelta(days=rng.randint(-30, 240))
        end = (
            None
            if kind == "self_paced" and n % 2 == 0
            else start + timedelta(days=rng.choice([2, 5, 14, 42, 90, 120]))
        )
        municipality = places[(index + n) % len(places)]
        postcode = world.postcodes.get(municipality.pk)
        external = theme.kind in ("uni", "akademi") and n % 2 == 0
        seats = None if external and n % 4 == 0 else rng.choice([8, 12, 15, 20, 25, 30])
        status = _status(start, end, world.today, rng)
        minimum = min(6, seats) if seats else None
        has_place = mode != Mode.ONLINE
        price = _price(theme, centre.country, rng)
        cohort = Cohort(
            offering=offering,
            delivering_centre=centre,
            mode=mode,
            country=centre.country,
            municipality=municipality if has_place else None,
            postcode=postcode.code if has_place and postcode else "",
            venue_name=VENUES[language] if has_place else "",
            latitude=postcode.lat if has_place and postcode else None,
            longitude=postcode.lon if has_place and postcode else None,
            start_date=start,
            end_date=end,
            schedule_text=" / ".join(SCHEDULES[k][language] for k in _KINDS if k in kinds),
            pace=Pace.FULL_TIME if kind == "daytime" and theme.kind == "amu" else Pace.PART_TIME,
            workload_text=theme.duration,
            price=price,
            currency=Currency.NOK if centre.country == "NO" else Currency.DKK,
            seats=seats,
            minimum_participants=minimum,
            guaranteed_start=status == CohortStatus.WILL_RUN or rng.random() < 0.1,
            application_deadline=start - timedelta(days=14) if rng.random() < 0.6 else None,
            step_free_access=None if not has_place else rng.random() < 0.8,
            hearing_loop=None if not has_place or rng.random() < 0.4 else rng.random() < 0.5,
            status=status,
            enrolment_method=EnrolmentMethod.EXTERNAL if external else EnrolmentMethod.LIVSLANG,
            application_url=(offering.provider.website or "https://www.samordnaopptak.no")
            if external
            else "",
            is_demo=True,
            **{SCHEDULE_FIELDS[k]: k in kinds for k in _KINDS},
        )
        groups = []
        if mode in (Mode.ONLINE, Mode.BLENDED):
            hosts = world.all_centres_by_country[centre.country]
            for host in {centre, hosts[(index + n) % len(hosts)]}:
                groups.append(
                    LocalStudyGroup(
                        centre=host,
                        municipality=host.home_municipality,
                        room=ROOMS[language],
                        schedule_text=SCHEDULES["evening"][language],
                        contact_name=host.name,
                        contact_email=f"post@{host.slug}.example.org",
                        is_demo=True,
                    )
                )
        result.append((cohort, groups))
    return result


def n_extra(offering: Offering) -> int:
    return len(offering.slug) % 2


def _price(theme: Theme, country: str, rng: random.Random) -> Decimal | None:
    if theme.kind in ("vuc",):
        return Decimal("0")
    if theme.kind == "amu":
        return Decimal(rng.choice([0, 0, 130, 260]))
    base = (
        rng.choice([1500, 2900, 4500, 7900, 12500])
        if country == "NO"
        else rng.choice([1200, 2400, 4800, 7600])
    )
    return None if rng.random() < 0.05 else Decimal(base)


def _shift_dates(shift: timedelta) -> list[tuple[str, Any, str]]:
    cohorts = list(Cohort.objects.filter(is_demo=True).select_related("offering"))
    for cohort in cohorts:
        cohort.start_date += shift
        if cohort.end_date is not None:
            cohort.end_date += shift
        if cohort.application_deadline is not None:
            cohort.application_deadline += shift
    Cohort.objects.bulk_update(
        cohorts, ["start_date", "end_date", "application_deadline"], batch_size=500
    )
    return [
        (ChangeKind.COHORT, c.public_id, ChangeAction.UPDATED)
        for c in cohorts
        if c.offering.status == OfferingStatus.PUBLISHED
    ]


def _events(offerings: Iterable[Offering], cohorts: Iterable[Cohort]) -> list[Any]:
    events: list[tuple[str, Any, str]] = []
    public = set()
    for offering in offerings:
        events.append((ChangeKind.OFFERING, offering.public_id, ChangeAction.CREATED))
        if offering.status == OfferingStatus.PUBLISHED:
            public.add(offering.pk)
            events.append((ChangeKind.OFFERING, offering.public_id, ChangeAction.PUBLISHED))
    for cohort in cohorts:
        events.append((ChangeKind.COHORT, cohort.public_id, ChangeAction.CREATED))
        if cohort.offering_id in public:
            events.append((ChangeKind.COHORT, cohort.public_id, ChangeAction.PUBLISHED))
    return events


@transaction.atomic
def build(*, today: date, shift: timedelta) -> DemoContribution:
    world = _load_world(today)
    if world is None:
        return DemoContribution(
            app="catalog", summary="catalogue skipped: no demo centres (see organisations)"
        )
    events = _shift_dates(shift) if shift else []
    existing = set(Offering.objects.filter(is_demo=True).values_list("owner_id", "slug"))
    new_offerings: list[tuple[Offering, Theme, int]] = []
    for centre in world.centres:
        themes = _themes(_language(centre))
        start = zlib.crc32(centre.slug.encode()) % len(themes)
        count = min(OFFERINGS_PER_CENTRE[centre.country], len(themes))
        for k in range(count):
            theme = themes[(start + k) % len(themes)]
            offering = _offering(world, centre, theme, k)
            if (centre.pk, offering.slug) not in existing:
                new_offerings.append((offering, theme, k))
    Offering.objects.bulk_create([o for o, _, _ in new_offerings], batch_size=500)
    through = Offering.delivering_centres.through
    through.objects.bulk_create(
        [through(offering_id=o.pk, organisation_id=o.owner_id) for o, _, _ in new_offerings],
        batch_size=500,
    )
    pairs = [p for o, theme, k in new_offerings for p in _cohorts(world, o, theme, k)]
    cohorts = Cohort.objects.bulk_create([c for c, _ in pairs], batch_size=500)
    groups = []
    for cohort, cohort_groups in pairs:
        for group in cohort_groups:
            group.cohort = cohort
            groups.append(group)
    LocalStudyGroup.objects.bulk_create(groups, batch_size=500)
    events += _events([o for o, _, _ in new_offerings], cohorts)
    record_changes(events)
    if new_offerings or shift:
        record(
            actor=None,
            actor_label="demo",
            action="catalog.demo_build",
            object_type="catalog.offering",
            changes={
                "offerings": len(new_offerings),
                "cohorts": len(cohorts),
                "shifted_days": shift.days,
            },
            summary="demo catalogue",
        )
    total = Offering.objects.filter(is_demo=True).count()
    summary = (
        f"{len(new_offerings)} offerings and {len(cohorts)} cohorts created, "
        f"{total - len(new_offerings)} offerings unchanged"
    )
    if shift:
        summary += f"; cohort dates moved by {shift.days} days"
    return DemoContribution(app="catalog", summary=summary)
