"""The programme's structure: programmes and partners, tracks, goals with indicators and
measurements, actions and initiatives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation, Role
from livslang.programmes import computed, rules
from livslang.programmes.imports import ImportedValue
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
from livslang.programmes.services._base import (
    ACTION_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    INITIATIVE_FIELDS,
    PROGRAMME_FIELDS,
    TRACK_FIELDS,
    _apply,
    _audit,
    _save,
    _set_m2m,
    _slug_for,
    _value,
)

# --- Programmes and partners ----------------------------------------------------------------


@transaction.atomic
def create_programme(*, actor: Any, owner: Organisation, data: dict[str, Any]) -> Programme:
    """A new programme whose secretariat is ``owner`` (the actor must edit for ``owner``)."""
    role = org_queries.role_in(actor, owner)
    if role is None or not role.covers(Role.EDITOR) or not owner.is_approved:
        raise PermissionDenied
    programme = Programme()
    changes = _apply(programme, data, PROGRAMME_FIELDS)
    programme.slug = _slug_for(programme.name)
    _save(programme, changes, created=True)
    ProgrammePartner.objects.create(
        programme=programme, organisation=owner, role=PartnerRole.SECRETARIAT
    )
    _audit(actor, "programme.created", programme, {**changes, "secretariat": owner.slug})
    return programme


@transaction.atomic
def update_programme(*, actor: Any, programme: Programme, data: dict[str, Any]) -> Programme:
    rules.require_admin(actor, programme)
    changes = _apply(programme, data, PROGRAMME_FIELDS)
    _save(programme, changes, created=False)
    if changes:
        _audit(actor, "programme.updated", programme, changes)
    return programme


@transaction.atomic
def set_partner(
    *, actor: Any, programme: Programme, organisation: Organisation, role: str
) -> ProgrammePartner:
    """Add ``organisation`` to the programme with ``role``, or change its role."""
    rules.require_admin(actor, programme)
    if not organisation.is_approved:
        raise ValidationError(_("Only approved organisations can take part in a programme."))
    partner = ProgrammePartner.objects.filter(
        programme=programme, organisation=organisation
    ).first()
    old = partner.role if partner is not None else None
    if partner is None:
        partner = ProgrammePartner(programme=programme, organisation=organisation, role=role)
    elif old == PartnerRole.SECRETARIAT and role != PartnerRole.SECRETARIAT:
        _keep_a_secretariat(programme, organisation)
    partner.role = role
    partner.full_clean()
    partner.save()
    if old != role:
        _audit(
            actor,
            "programme.partner_set",
            programme,
            {organisation.slug: {"old": old, "new": role}},
        )
    return partner


def _keep_a_secretariat(programme: Programme, leaving: Organisation) -> None:
    others = ProgrammePartner.objects.filter(
        programme=programme, role=PartnerRole.SECRETARIAT
    ).exclude(organisation=leaving)
    if not others.exists():
        raise ValidationError(_("A programme needs at least one organisation as secretariat."))


@transaction.atomic
def remove_partner(*, actor: Any, programme: Programme, organisation: Organisation) -> None:
    rules.require_admin(actor, programme)
    partner = ProgrammePartner.objects.filter(
        programme=programme, organisation=organisation
    ).first()
    if partner is None:
        return
    if partner.role == PartnerRole.SECRETARIAT:
        _keep_a_secretariat(programme, organisation)
    partner.delete()
    _audit(
        actor,
        "programme.partner_removed",
        programme,
        {organisation.slug: {"old": partner.role, "new": None}},
    )


# --- Tracks --------------------------------------------------------------------------------


def _require_owners(owners: list[Organisation] | None, *, required: bool) -> None:
    if owners is None:
        if required:
            raise ValidationError(
                {"owners": _("Choose at least one organisation that owns the track.")}
            )
        return
    if not owners:
        raise ValidationError(
            {"owners": _("Choose at least one organisation that owns the track.")}
        )
    if any(not o.is_approved for o in owners):
        raise ValidationError({"owners": _("Only approved organisations can own a track.")})


@transaction.atomic
def create_track(
    *, actor: Any, programme: Programme, data: dict[str, Any], owners: list[Organisation]
) -> Track:
    rules.require_admin(actor, programme)
    _require_owners(owners, required=True)
    track = Track(programme=programme)
    changes = _apply(track, data, TRACK_FIELDS)
    _save(track, changes, created=True)
    _set_m2m(track, "owners", owners, changes, key="slug")
    _audit(actor, "track.created", track, changes, summary=programme.name)
    return track


@transaction.atomic
def update_track(
    *, actor: Any, track: Track, data: dict[str, Any], owners: list[Organisation] | None = None
) -> Track:
    rules.require_admin(actor, track.programme)
    _require_owners(owners, required=False)
    changes = _apply(track, data, TRACK_FIELDS)
    _save(track, changes, created=False)
    _set_m2m(track, "owners", owners, changes, key="slug")
    if changes:
        _audit(actor, "track.updated", track, changes, summary=track.programme.name)
    return track


# --- Goals, indicators and measurements -----------------------------------------------------


def _save_indicator(goal: Goal, data: dict[str, Any] | None, changes: dict[str, Any]) -> None:
    if data is None:
        return
    indicator = Indicator.objects.filter(goal=goal).first() or Indicator(goal=goal)
    created = indicator.pk is None
    indicator_changes = _apply(indicator, data, INDICATOR_FIELDS)
    try:
        _save(indicator, indicator_changes, created=created)
    except ValidationError as exc:
        raise ValidationError({f"indicator-{k}": v for k, v in exc.message_dict.items()}) from None
    changes.update({f"indicator.{k}": v for k, v in indicator_changes.items()})


@transaction.atomic
def create_goal(
    *,
    actor: Any,
    programme: Programme,
    track: Track | None,
    data: dict[str, Any],
    indicator: dict[str, Any] | None = None,
) -> Goal:
    """A programme goal (``track`` None, secretariat only) or a track goal (secretariat or the
    track's owners), with its indicator if ``indicator`` is given."""
    goal = Goal(programme=programme, track=track)
    if not rules.roles_in(actor, programme).can_edit_goal(goal):
        raise PermissionDenied
    changes = _apply(goal, data, GOAL_FIELDS)
    _save(goal, changes, created=True)
    _save_indicator(goal, indicator, changes)
    _audit(actor, "goal.created", goal, changes, summary=programme.name)
    return goal


@transaction.atomic
def update_goal(
    *, actor: Any, goal: Goal, data: dict[str, Any], indicator: dict[str, Any] | None = None
) -> Goal:
    rules.require_goal_editor(actor, goal)
    changes = _apply(goal, data, GOAL_FIELDS)
    _save(goal, changes, created=False)
    _save_indicator(goal, indicator, changes)
    if changes:
        _audit(actor, "goal.updated", goal, changes, summary=goal.programme.name)
    return goal


def _store_measurement(
    *,
    actor: Any,
    indicator: Indicator,
    measured_on: date,
    value: Decimal,
    source: str,
    comment: str,
    measurement: Measurement | None,
) -> Measurement:
    """Write one value of ``indicator`` (a new row, or ``measurement``, the day's existing
    one), validated; every way of recording a value ends here."""
    measurement = measurement or Measurement(indicator=indicator, measured_on=measured_on)
    measurement.value = value
    measurement.source = source
    measurement.comment = comment
    measurement.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    measurement.full_clean()
    measurement.save()
    return measurement


@transaction.atomic
def take_statistics_measurements(
    *, actor: Any, indicator: Indicator, points: list[tuple[date, Decimal]], series_label: str
) -> int:
    """Store the indicator's values from an official statistics series (one per period
    start, replacing a value of the same day); returns how many were new or changed. Called by
    the administrator's series page and by ``import_statistics`` (the insights app)."""
    changed = 0
    for measured_on, value in points:
        measurement = Measurement.objects.filter(
            indicator=indicator, measured_on=measured_on
        ).first()
        if (
            measurement is not None
            and measurement.value == value
            and measurement.source == MeasurementSource.STATISTICS
        ):
            continue
        _store_measurement(
            actor=actor,
            indicator=indicator,
            measured_on=measured_on,
            value=value,
            source=MeasurementSource.STATISTICS,
            comment=series_label[:500],
            measurement=measurement,
        )
        changed += 1
    if changed:
        _audit(
            actor,
            "measurement.from_statistics",
            indicator.goal,
            {"series": series_label, "values": changed},
            summary=indicator.goal.programme.name,
        )
    return changed


@transaction.atomic
def record_measurement(
    *,
    actor: Any,
    indicator: Indicator,
    measured_on: date,
    value: Decimal | None = None,
    comment: str = "",
) -> Measurement:
    """Store the indicator's value on ``measured_on`` (replacing one of the same day). A
    computed indicator computes the value itself (``value`` must be None); a manual one needs
    it."""
    goal = indicator.goal
    rules.require_goal_editor(actor, goal)
    if indicator.source == IndicatorSource.COMPUTED:
        if value is not None:
            raise ValidationError(_("A computed indicator's values come from Livslang's data."))
        value = computed.compute(indicator, measured_on)
        source = MeasurementSource.COMPUTED
    else:
        if value is None:
            raise ValidationError({"value": _("Enter the value.")})
        source = MeasurementSource.MANUAL
    existing = Measurement.objects.filter(indicator=indicator, measured_on=measured_on).first()
    old = existing.value if existing is not None else None
    measurement = _store_measurement(
        actor=actor,
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        source=source,
        comment=comment.strip(),
        measurement=existing,
    )
    _audit(
        actor,
        "measurement.recorded",
        measurement,
        {"value": {"old": _value(old), "new": _value(value)}, "source": source},
        summary=goal.programme.name,
    )
    return measurement


@transaction.atomic
def import_measurements(
    *, actor: Any, indicator: Indicator, values: list[ImportedValue], filename: str = ""
) -> dict[str, int]:
    """Store the values read from a CSV file (``imports.parse``), all or nothing: a value on a
    day that already has one replaces it. Not for computed indicators."""
    goal = indicator.goal
    rules.require_goal_editor(actor, goal)
    if indicator.source == IndicatorSource.COMPUTED:
        raise ValidationError(_("A computed indicator's values come from Livslang's data."))
    existing = {m.measured_on: m for m in Measurement.objects.filter(indicator=indicator)}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for item in values:
        measurement = existing.get(item.measured_on)
        if measurement is not None and (measurement.value, measurement.comment) == (
            item.value,
            item.comment,
        ):
            counts["unchanged"] += 1
            continue
        counts["updated" if measurement is not None else "created"] += 1
        _store_measurement(
            actor=actor,
            indicator=indicator,
            measured_on=item.measured_on,
            value=item.value,
            source=MeasurementSource.CSV_IMPORT,
            comment=item.comment,
            measurement=measurement,
        )
    _audit(
        actor,
        "measurement.imported",
        indicator,
        {**counts, "file": filename[:200]},
        summary=goal.programme.name,
    )
    return counts


# --- Actions -------------------------------------------------------------------------------


def _check_goals(track: Track, goals: list[Goal] | None) -> None:
    if goals and any(g.programme_id != track.programme_id for g in goals):
        raise ValidationError({"goals": _("Link goals of this programme only.")})


@transaction.atomic
def create_action(
    *, actor: Any, track: Track, data: dict[str, Any], goals: list[Goal] | None = None
) -> Action:
    rules.require_track_editor(actor, track)
    _check_goals(track, goals)
    action = Action(track=track)
    changes = _apply(action, data, ACTION_FIELDS)
    _save(action, changes, created=True)
    _set_m2m(action, "goals", goals, changes, key="public_id")
    _audit(actor, "action.created", action, changes, summary=track.name)
    return action


@transaction.atomic
def update_action(
    *, actor: Any, action: Action, data: dict[str, Any], goals: list[Goal] | None = None
) -> Action:
    rules.require_track_editor(actor, action.plan_track)
    _check_goals(action.plan_track, goals)
    changes = _apply(action, data, ACTION_FIELDS)
    _save(action, changes, created=False)
    _set_m2m(action, "goals", goals, changes, key="public_id")
    if changes:
        _audit(actor, "action.updated", action, changes, summary=action.plan_track.name)
    return action


@transaction.atomic
def set_action_status(
    *, actor: Any, action: Action, status: str, progress: int | None = None
) -> Action:
    """The inline update of the action-plan table: status and, optionally, progress."""
    data: dict[str, Any] = {"status": status}
    if progress is not None:
        data["progress"] = progress
    return update_action(actor=actor, action=action, data=data)


# --- Initiatives ---------------------------------------------------------------------------


def _check_tracks(programme: Programme, tracks: list[Track] | None) -> None:
    if tracks and any(t.programme_id != programme.pk for t in tracks):
        raise ValidationError({"tracks": _("Choose tracks of this programme only.")})


@transaction.atomic
def create_initiative(
    *, actor: Any, programme: Programme, data: dict[str, Any], tracks: list[Track] | None = None
) -> Initiative:
    rules.require_admin(actor, programme)
    _check_tracks(programme, tracks)
    initiative = Initiative(programme=programme)
    changes = _apply(initiative, data, INITIATIVE_FIELDS)
    _save(initiative, changes, created=True)
    _set_m2m(initiative, "tracks", tracks, changes, key="public_id")
    _audit(actor, "initiative.created", initiative, changes, summary=programme.name)
    return initiative


@transaction.atomic
def update_initiative(
    *,
    actor: Any,
    initiative: Initiative,
    data: dict[str, Any],
    tracks: list[Track] | None = None,
) -> Initiative:
    rules.require_admin(actor, initiative.programme)
    _check_tracks(initiative.programme, tracks)
    changes = _apply(initiative, data, INITIATIVE_FIELDS)
    _save(initiative, changes, created=False)
    _set_m2m(initiative, "tracks", tracks, changes, key="public_id")
    if changes:
        _audit(actor, "initiative.updated", initiative, changes, summary=initiative.programme.name)
    return initiative
