"""The demo programme (``demo_data``): Region Sjælland's ten-year programme with five tracks.

Idempotent by the programme's slug: an existing demo programme is left as it is, except that
its dates move by ``shift`` when the demo world is re-dated. Dates are relative to ``today``.
Needs the organisations of ``livslang.organisations.demo`` (ORDER 20) and the catalogue
(ORDER 30), whose cohorts the computed indicators count; without the geography nothing is made.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from livslang.accounts.demo import DEMO_PASSWORD
from livslang.accounts.services import ensure_demo_user
from livslang.audit.services import record
from livslang.demo.services import DemoContribution, DemoLogin
from livslang.geo.models import Municipality, Region
from livslang.organisations.models import Organisation, Role
from livslang.organisations.services.demo import (
    ensure_demo_membership,
    ensure_demo_organisation,
)
from livslang.programmes import computed
from livslang.programmes.demo_data import (
    EXTRA_ORGANISATIONS,
    INITIATIVES,
    PROGRAMME_ADMIN_EMAIL,
    PROGRAMME_DESCRIPTION,
    PROGRAMME_GOALS,
    PROGRAMME_NAME,
    PROGRAMME_SLUG,
    REGION_CODE,
    SECRETARIAT,
    TRACK_OWNER_EMAIL,
    TRACK_OWNER_ORGANISATION,
    TRACKS,
    DemoGoal,
)
from livslang.programmes.models import (
    Action,
    Goal,
    Indicator,
    IndicatorSource,
    Initiative,
    Measurement,
    MeasurementSource,
    PartnerRole,
    Programme,
    ProgrammePartner,
    Track,
)

ORDER = 40
_MUNICIPALITY_SLUG_SUFFIX = "-kommune"


def _logins() -> list[DemoLogin]:
    return [
        DemoLogin(
            role="programme_admin",
            email=PROGRAMME_ADMIN_EMAIL,
            password=DEMO_PASSWORD,
            note=f"/programmes/{PROGRAMME_SLUG}/overview/",
        ),
        DemoLogin(
            role="track_owner",
            email=TRACK_OWNER_EMAIL,
            password=DEMO_PASSWORD,
            note=f"/programmes/{PROGRAMME_SLUG}/actions/",
        ),
    ]


def _ensure_users(organisations: dict[str, Organisation]) -> None:
    admin, _new = ensure_demo_user(
        email=PROGRAMME_ADMIN_EMAIL, full_name="Pernille Programme", password=DEMO_PASSWORD
    )
    ensure_demo_membership(user=admin, organisation=organisations[SECRETARIAT], role=Role.ADMIN)
    owner, _new = ensure_demo_user(
        email=TRACK_OWNER_EMAIL, full_name="Torben Track", password=DEMO_PASSWORD
    )
    ensure_demo_membership(
        user=owner, organisation=organisations[TRACK_OWNER_ORGANISATION], role=Role.EDITOR
    )


def _organisations() -> dict[str, Organisation] | None:
    places = {m.code: m for m in Municipality.objects.valid_on().filter(country_id="DK")}
    if not places:
        return None
    for slug, name, kind, code, description in EXTRA_ORGANISATIONS:
        ensure_demo_organisation(
            slug=slug,
            name=name,
            kind=kind,
            home_municipality=places[code],
            description=description,
            description_language="da",
        )
    return {o.slug: o for o in Organisation.objects.approved()}


def _shift(programme: Programme, shift: timedelta) -> None:
    """Move every date of the demo programme by ``shift`` (the world was re-dated)."""
    programme.start_date += shift
    programme.end_date += shift
    programme.save(update_fields=["start_date", "end_date", "updated_at"])
    for indicator in Indicator.objects.filter(goal__programme=programme):
        indicator.baseline_date += shift
        indicator.target_date += shift
        indicator.save(update_fields=["baseline_date", "target_date", "updated_at"])
    # Latest first when moving forward (and oldest first when moving back), so that the
    # one-value-per-day constraint holds after every single update.
    measurements = Measurement.objects.filter(indicator__goal__programme=programme)
    ordered = measurements.order_by("-measured_on" if shift.days > 0 else "measured_on")
    for measurement in ordered:
        measurement.measured_on += shift
        measurement.save(update_fields=["measured_on"])
    for action in Action.objects.filter(track__programme=programme):
        action.start_date = action.start_date + shift if action.start_date else None
        action.due_date = action.due_date + shift if action.due_date else None
        action.save(update_fields=["start_date", "due_date", "updated_at"])
    for initiative in Initiative.objects.filter(programme=programme, started_on__isnull=False):
        initiative.started_on = initiative.started_on + shift if initiative.started_on else None
        initiative.save(update_fields=["started_on", "updated_at"])


def _goal(
    programme: Programme,
    track: Track | None,
    spec: DemoGoal,
    position: int,
    parents: dict[str, Goal],
    start: date,
    end: date,
    today: date,
) -> Goal:
    goal = Goal(
        programme=programme,
        track=track,
        name=spec.name,
        parent=parents.get(spec.parent),
        weight=Decimal(spec.weight),
        position=position,
        is_demo=True,
    )
    goal.full_clean()
    goal.save()
    data = spec.indicator
    indicator = Indicator(
        goal=goal,
        name=data.name,
        unit=data.unit,
        direction=data.direction,
        baseline_value=Decimal(data.baseline),
        baseline_date=date(start.year - 1, 12, 31),
        target_value=Decimal(data.target),
        target_date=end,
        source=IndicatorSource.COMPUTED if data.computed_kind else IndicatorSource.MANUAL,
        computed_kind=data.computed_kind,
        interval_months=data.interval_months,
    )
    indicator.full_clean()
    indicator.save()
    for years_in, value in data.values.items():
        Measurement.objects.create(
            indicator=indicator,
            value=Decimal(value),
            measured_on=date(start.year + years_in - 1, 12, 31),
            source=MeasurementSource.MANUAL,
            comment="Demoværdi",
            is_demo=True,
        )
    if data.computed_kind:
        Measurement.objects.create(
            indicator=indicator,
            value=computed.compute(indicator, today),
            measured_on=today,
            source=MeasurementSource.COMPUTED,
            comment="Beregnet fra Livslangs data",
            is_demo=True,
        )
    return goal


def _create(today: date, organisations: dict[str, Organisation]) -> Programme:
    start = date(today.year - 3, 1, 1)
    end = date(start.year + 10, 1, 1) - timedelta(days=1)
    programme = Programme(
        slug=PROGRAMME_SLUG,
        name=PROGRAMME_NAME,
        description=PROGRAMME_DESCRIPTION,
        region=Region.objects.valid_on().filter(country_id="DK", code=REGION_CODE).first(),
        start_date=start,
        end_date=end,
        is_public=True,
        is_demo=True,
    )
    programme.full_clean()
    programme.save()
    ProgrammePartner.objects.create(
        programme=programme,
        organisation=organisations[SECRETARIAT],
        role=PartnerRole.SECRETARIAT,
    )
    partners = ["kkr-sjaelland"] + [
        slug
        for slug in organisations
        if slug.endswith(_MUNICIPALITY_SLUG_SUFFIX) and organisations[slug].country == "DK"
    ]
    ProgrammePartner.objects.bulk_create(
        ProgrammePartner(programme=programme, organisation=organisations[slug]) for slug in partners
    )
    parents: dict[str, Goal] = {}
    for position, spec in enumerate(PROGRAMME_GOALS):
        parents[spec.key] = _goal(programme, None, spec, position, parents, start, end, today)
    tracks = []
    for number, track_spec in enumerate(TRACKS, start=1):
        track = Track(
            programme=programme,
            name=track_spec.name,
            purpose=track_spec.purpose,
            tag=track_spec.tag,
            contact_name=track_spec.contact,
            position=number,
            is_demo=True,
        )
        track.full_clean()
        track.save()
        track.owners.set([organisations[slug] for slug in track_spec.owners])
        tracks.append(track)
        goals = [
            _goal(programme, track, goal, position, parents, start, end, today)
            for position, goal in enumerate(track_spec.goals)
        ]
        for item in track_spec.actions:
            action = Action(
                track=track,
                title=item.title,
                responsible_organisation=organisations[item.responsible],
                responsible_person=item.person,
                start_date=today + timedelta(days=item.start),
                due_date=today + timedelta(days=item.due),
                status=item.status,
                progress=item.progress,
                is_demo=True,
            )
            action.full_clean()
            action.save()
            action.goals.set(goals)
    for name, owner, description, served, started, is_new in INITIATIVES:
        initiative = Initiative.objects.create(
            programme=programme,
            name=name,
            description=description,
            owner=organisations[owner],
            started_on=today + timedelta(days=started),
            is_new=is_new,
            is_demo=True,
        )
        initiative.tracks.set([tracks[n - 1] for n in served])
    return programme


@transaction.atomic
def build(*, today: date, shift: timedelta) -> DemoContribution:
    organisations = _organisations()
    if organisations is None or SECRETARIAT not in organisations:
        return DemoContribution(
            app="programmes",
            summary="programme skipped: no reference geography or demo organisations",
            logins=_logins(),
        )
    _ensure_users(organisations)
    existing = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if existing is not None:
        if shift:
            _shift(existing, shift)
        return DemoContribution(app="programmes", summary="1 programme unchanged", logins=_logins())
    programme = _create(today, organisations)
    record(
        actor=None,
        actor_label="demo",
        action="programme.demo_create",
        object_type="programmes.programme",
        object_id=str(programme.public_id),
        object_repr=programme.name,
        summary="demo programme",
    )
    return DemoContribution(
        app="programmes",
        summary=(
            f"1 programme created with {len(TRACKS)} tracks, "
            f"{Goal.objects.filter(programme=programme).count()} goals and "
            f"{Action.objects.filter(track__programme=programme).count()} actions"
        ),
        logins=_logins(),
    )
