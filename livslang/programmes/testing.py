"""Small factories for tests, here and in other apps: programmes, tracks, goals with their
indicators, measurements and actions. They write directly (no audit), so a test can set up any
state in one line."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from livslang.organisations.models import Organisation
from livslang.programmes.models import (
    Action,
    Direction,
    Goal,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementSource,
    PartnerRole,
    Programme,
    ProgrammePartner,
    Track,
)

_sequence = itertools.count(1)


def make_programme(
    secretariat: Organisation | None = None,
    *,
    name: str | None = None,
    partners: tuple[Organisation, ...] = (),
    **fields: Any,
) -> Programme:
    """A ten-year programme run by ``secretariat`` (private unless ``is_public=True``)."""
    name = name or f"Programme {next(_sequence)}"
    fields.setdefault("start_date", date(2024, 1, 1))
    fields.setdefault("end_date", date(2033, 12, 31))
    programme = Programme.objects.create(
        slug=f"{slugify(name)}-{next(_sequence)}", name=name, **fields
    )
    if secretariat is not None:
        ProgrammePartner.objects.create(
            programme=programme, organisation=secretariat, role=PartnerRole.SECRETARIAT
        )
    for partner in partners:
        ProgrammePartner.objects.create(programme=programme, organisation=partner)
    return programme


def make_track(
    programme: Programme, owners: list[Organisation] | None = None, **fields: Any
) -> Track:
    fields.setdefault("name", f"Track {next(_sequence)}")
    track = Track.objects.create(programme=programme, **fields)
    track.owners.set(owners or [])
    return track


def make_goal(
    programme: Programme,
    track: Track | None = None,
    *,
    parent: Goal | None = None,
    weight: str = "1",
    indicator: dict[str, Any] | None = None,
    with_indicator: bool = True,
    **fields: Any,
) -> Goal:
    """A goal with a manual "higher is better" indicator from 10 (2023-12-31) to 20
    (2033-12-31) unless ``indicator`` overrides some of it or ``with_indicator`` is False."""
    fields.setdefault("name", f"Goal {next(_sequence)}")
    goal = Goal.objects.create(
        programme=programme, track=track, parent=parent, weight=Decimal(weight), **fields
    )
    if with_indicator:
        values: dict[str, Any] = {
            "name": f"Indicator of {goal.name}",
            "unit": "%",
            "direction": Direction.HIGHER,
            "baseline_value": Decimal("10"),
            "baseline_date": date(2023, 12, 31),
            "target_value": Decimal("20"),
            "target_date": date(2033, 12, 31),
            "source": IndicatorSource.MANUAL,
        }
        values.update(indicator or {})
        Indicator.objects.create(goal=goal, **values)
    return goal


def measure(goal: Goal, value: str, on: date, **fields: Any) -> Measurement:
    return Measurement.objects.create(
        indicator=goal.indicator,
        value=Decimal(value),
        measured_on=on,
        source=fields.pop("source", MeasurementSource.MANUAL),
        **fields,
    )


def make_action(track: Track, **fields: Any) -> Action:
    fields.setdefault("title", f"Action {next(_sequence)}")
    return Action.objects.create(track=track, **fields)


def make_group(programme: Programme, members: tuple[tuple[Any, Organisation], ...] = ()) -> Any:
    """A coordination group with ``members`` (user, organisation) representing "other"."""
    from livslang.programmes.models import CoordinationGroup, GroupMember

    group = CoordinationGroup.objects.create(programme=programme, name="Coordination group")
    for user, organisation in members:
        GroupMember.objects.create(group=group, user=user, organisation=organisation)
    return group


def make_meeting(group: Any, held_on: date, **fields: Any) -> Any:
    from livslang.programmes.models import Meeting

    fields.setdefault("title", f"Meeting {next(_sequence)}")
    return Meeting.objects.create(group=group, held_on=held_on, **fields)


def make_follow_up(meeting: Any, organisation: Organisation, **fields: Any) -> Action:
    """A decision of ``meeting`` with one follow-up for ``organisation``."""
    from livslang.programmes.models import Decision

    decision = Decision.objects.create(meeting=meeting, text=fields.pop("text", "Decided."))
    fields.setdefault("title", f"Follow-up {next(_sequence)}")
    return Action.objects.create(decision=decision, responsible_organisation=organisation, **fields)


def make_agreement(
    parties: list[tuple[Organisation, list[Any]]],
    commitments: list[str],
    **fields: Any,
) -> Any:
    """An agreement signed by ``parties`` (organisation, regions it follows up)."""
    from livslang.programmes.models import Agreement, AgreementParty, Commitment

    title = fields.pop("title", f"Agreement {next(_sequence)}")
    agreement = Agreement.objects.create(
        slug=f"{slugify(title)}-{next(_sequence)}",
        title=title,
        signed_on=fields.pop("signed_on", date(2025, 6, 1)),
        **fields,
    )
    for organisation, regions in parties:
        party = AgreementParty.objects.create(agreement=agreement, organisation=organisation)
        party.regions.set(regions)
    for position, text in enumerate(commitments):
        Commitment.objects.create(agreement=agreement, title=text, position=position)
    return agreement


def make_experience(programme: Programme, organisation: Organisation, **fields: Any) -> Any:
    from livslang.programmes.models import Experience

    fields.setdefault("title", f"Experience {next(_sequence)}")
    fields.setdefault("what_was_done", "Something was done.")
    fields.setdefault("what_was_learned", "Something was learned.")
    return Experience.objects.create(
        programme=programme, author_organisation=organisation, **fields
    )
