"""Creating, editing and copying cohorts, their local study groups and their statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.catalog.changes import record_changes
from livslang.catalog.models import (
    SCHEDULE_FIELDS,
    ChangeAction,
    ChangeKind,
    Cohort,
    CohortStatus,
    Currency,
    EnrolmentMethod,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingStatus,
)
from livslang.catalog.services._common import (
    audit,
    audit_value,
    clean_text,
    control_character_errors,
    current,
    lock_for_cohort_change,
    lock_offering,
    merge_errors,
    require_editor,
    to_python,
    unknown_fields,
)
from livslang.catalog.services.offerings import copy_cohort_row, copy_study_groups
from livslang.geo.models import Municipality
from livslang.geo.queries import UnknownPlace, resolve_postcode
from livslang.organisations.models import Kind
from livslang.organisations.queries import centres_delivering_for

COHORT_FIELDS = frozenset(
    {
        "delivering_centre",
        "mode",
        "country",
        "municipality",
        "postcode",
        "venue_name",
        "latitude",
        "longitude",
        "start_date",
        "end_date",
        "schedule_kinds",
        *SCHEDULE_FIELDS.values(),
        "schedule_text",
        "pace",
        "workload_text",
        "price",
        "currency",
        "seats",
        "minimum_participants",
        "guaranteed_start",
        "paid_empty_seats",
        "application_deadline",
        "step_free_access",
        "hearing_loop",
        "enrolment_method",
        "application_url",
    }
)
STUDY_GROUP_FIELDS = frozenset(
    {"centre", "municipality", "room", "schedule_text", "contact_name", "contact_email"}
)
# Which statuses a cohort may move to from each status.
TRANSITIONS: dict[str, frozenset[str]] = {
    CohortStatus.PLANNED: frozenset({CohortStatus.OPEN, CohortStatus.CANCELLED}),
    CohortStatus.OPEN: frozenset(
        {CohortStatus.WILL_RUN, CohortStatus.CANCELLED, CohortStatus.PLANNED}
    ),
    CohortStatus.WILL_RUN: frozenset({CohortStatus.RUNNING, CohortStatus.CANCELLED}),
    CohortStatus.RUNNING: frozenset({CohortStatus.COMPLETED}),
    CohortStatus.COMPLETED: frozenset(),
    CohortStatus.CANCELLED: frozenset(),
}
_DEFAULT_CURRENCY = {"NO": Currency.NOK, "DK": Currency.DKK}


def _add(errors: dict[str, list[Any]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_place(cohort: Cohort, errors: dict[str, list[Any]]) -> None:
    """Postcode known in the cohort's country; municipality (and coordinates) filled from it."""
    if cohort.postcode:
        try:
            place = resolve_postcode(country=cohort.country, code=cohort.postcode)
        except UnknownPlace as exc:
            _add(errors, "postcode", _("Postcode: %(problem)s") % {"problem": exc.messages[0]})
        else:
            if cohort.municipality_id is None and place.municipality_code:
                cohort.municipality = (
                    Municipality.objects.valid_on()
                    .filter(country_id=cohort.country, code=place.municipality_code)
                    .first()
                )
            if cohort.latitude is None and cohort.longitude is None:
                cohort.latitude, cohort.longitude = place.lat, place.lon
    municipality = cohort.municipality if cohort.municipality_id else None
    if municipality is not None and municipality.country_id != cohort.country:
        _add(
            errors,
            "municipality",
            _("Municipality: choose a municipality in the cohort's country."),
        )
    if cohort.has_place and municipality is None and not cohort.postcode:
        _add(
            errors,
            "municipality",
            _(
                "Municipality: an on-site or blended cohort needs a place; enter a municipality "
                "or a postcode."
            ),
        )
    if (cohort.latitude is None) != (cohort.longitude is None):
        _add(errors, "latitude", _("Coordinates: give both latitude and longitude, or neither."))


EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _validate_cohort(cohort: Cohort, groups: list[LocalStudyGroup] | None) -> None:
    errors: dict[str, list[Any]] = {}
    control_character_errors(cohort, errors)
    start, end = cohort.start_date, cohort.end_date
    dates = {
        "start_date": _("Start date"),
        "end_date": _("End date"),
        "application_deadline": _("Application deadline"),
    }
    for name, label in dates.items():
        day = getattr(cohort, name)
        if day is not None and not EARLIEST <= day <= LATEST:
            _add(errors, name, _("%(field)s: use a date between 2000 and 2100.") % {"field": label})
    if start is None:
        _add(errors, "start_date", _("Start date: enter the date the cohort starts."))
    if end is None and not cohort.schedule_self_paced:
        _add(
            errors,
            "end_date",
            _(
                "End date: enter the date the cohort ends (only self-paced cohorts may leave it "
                "empty)."
            ),
        )
    if start is not None and end is not None and end < start:
        _add(errors, "end_date", _("End date: the cohort cannot end before it starts."))
    deadline = cohort.application_deadline
    if start is not None and deadline is not None and deadline > start:
        _add(
            errors,
            "application_deadline",
            _("Application deadline: the deadline cannot be after the start date."),
        )
    if cohort.price is not None and cohort.price < 0:
        _add(errors, "price", _("Price: the price cannot be negative."))
    if cohort.seats is not None and cohort.seats < 0:
        _add(errors, "seats", _("Seats: the number of seats cannot be negative."))
    elif cohort.seats is not None and cohort.seats < cohort.confirmed_count:
        _add(
            errors,
            "seats",
            _("Seats: %(count)d participants are already confirmed; seats cannot be fewer.")
            % {"count": cohort.confirmed_count},
        )
    minimum = cohort.minimum_participants
    if minimum is not None and minimum < 0:
        _add(
            errors,
            "minimum_participants",
            _("Minimum participants: the minimum cannot be negative."),
        )
    elif minimum is not None and cohort.seats is not None and minimum > cohort.seats:
        _add(
            errors,
            "minimum_participants",
            _("Minimum participants: the minimum cannot be above the number of seats."),
        )
    if cohort.enrolment_method == EnrolmentMethod.EXTERNAL and not cohort.application_url:
        _add(
            errors,
            "application_url",
            _("Application address: external enrolment needs the address where people apply."),
        )
    if (
        cohort.enrolment_method == EnrolmentMethod.LIVSLANG
        and cohort.status == CohortStatus.OPEN
        and cohort.seats is None
    ):
        _add(errors, "seats", _("Seats: sign-up in Livslang needs the number of seats."))
    allowed = set(centres_delivering_for(cohort.offering.owner).values_list("pk", flat=True))
    centre = cohort.delivering_centre if cohort.delivering_centre_id else None
    if centre is not None and centre.kind != Kind.CENTRE:
        _add(
            errors,
            "delivering_centre",
            _("Delivering centre: only an education centre can deliver a cohort."),
        )
    elif centre is not None and centre.pk not in allowed:
        _add(
            errors,
            "delivering_centre",
            _(
                "Delivering centre: a centre can deliver your cohorts only when it is your own "
                "organisation or names you as a partner provider."
            ),
        )
    _check_place(cohort, errors)
    if groups and cohort.mode == Mode.ON_SITE:
        _add(
            errors,
            "study_groups",
            _("Local study groups: only online and blended cohorts can have local study groups."),
        )
    for group in groups or []:
        if group.centre_id and group.centre.kind != Kind.CENTRE:
            _add(errors, "study_groups", _("Local study groups: the host must be a centre."))
        elif group.centre_id and group.centre_id not in allowed:
            _add(
                errors,
                "study_groups",
                _(
                    "Local study groups: the host must be your own centre or a centre that "
                    "names you as a partner provider."
                ),
            )
        try:
            group.full_clean(exclude=["cohort"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    _add(errors, "study_groups", f"{field}: {message}")
    try:
        cohort.full_clean(exclude=["offering"])
    except ValidationError as exc:
        merge_errors(errors, exc)
    if errors:
        raise ValidationError(errors)


def _apply(cohort: Cohort, data: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    values = dict(data)
    kinds = values.pop("schedule_kinds", None)
    if kinds is not None:
        unknown = set(kinds) - set(SCHEDULE_FIELDS)
        if unknown:
            raise ValidationError(
                {
                    "schedule_kinds": _("Schedule: unknown schedule kind %(kind)s.")
                    % {"kind": ", ".join(sorted(unknown))}
                }
            )
        for kind, field in SCHEDULE_FIELDS.items():
            values[field] = kind in kinds
    for field, raw in values.items():
        value = clean_text(raw)
        if field in ("postcode", "venue_name", "schedule_text", "workload_text", "application_url"):
            value = value or ""
        value = to_python(Cohort, field, value)
        old = current(cohort, field)
        if old != value:
            changes[field] = {"old": audit_value(old), "new": audit_value(value)}
            setattr(cohort, field, value)
    return changes


def _groups(cohort: Cohort, specs: list[dict[str, Any]] | None) -> list[LocalStudyGroup] | None:
    if specs is None:
        return None
    groups = []
    for spec in specs:
        unknown_fields(spec, STUDY_GROUP_FIELDS, "study group")
        groups.append(LocalStudyGroup(cohort=cohort, **{k: clean_text(v) for k, v in spec.items()}))
    return groups


def _save_groups(cohort: Cohort, groups: list[LocalStudyGroup] | None) -> dict[str, Any]:
    if groups is None:
        return {}
    old = [str(g.centre) for g in cohort.study_groups.select_related("centre")]
    cohort.study_groups.all().delete()
    for group in groups:
        group.cohort = cohort
    LocalStudyGroup.objects.bulk_create(groups)
    new = [str(g.centre) for g in groups]
    return {"study_groups": {"old": old, "new": new}} if old != new or groups else {}


def _public_events(offering: Offering, cohort: Cohort, *actions: str) -> None:
    if offering.status == OfferingStatus.PUBLISHED:
        record_changes([(ChangeKind.COHORT, cohort.public_id, a) for a in actions])


@transaction.atomic
def create_cohort(
    *,
    actor: Any,
    offering: Offering,
    data: dict[str, Any],
    study_groups: list[dict[str, Any]] | None = None,
) -> Cohort:
    """A new planned cohort of ``offering`` (public at once if the offering is published)."""
    unknown_fields(data, COHORT_FIELDS, "create_cohort")
    require_editor(actor, offering.owner)
    locked = lock_offering(offering)
    if locked.status == OfferingStatus.ARCHIVED:
        raise ValidationError(_("An archived offering cannot get new cohorts."))
    cohort = Cohort(offering=locked, status=CohortStatus.PLANNED)
    country = data.get("country") or locked.owner.country or "NO"
    cohort.country = country
    cohort.currency = _DEFAULT_CURRENCY.get(country, Currency.NOK)
    changes = _apply(cohort, data)
    groups = _groups(cohort, study_groups)
    _validate_cohort(cohort, groups)
    cohort.save()
    changes.update(_save_groups(cohort, groups))
    audit(actor=actor, action="cohort.create", obj=cohort, changes=changes)
    if locked.status == OfferingStatus.PUBLISHED:
        _public_events(locked, cohort, ChangeAction.CREATED, ChangeAction.PUBLISHED)
    else:
        record_changes([(ChangeKind.COHORT, cohort.public_id, ChangeAction.CREATED)])
    return cohort


@transaction.atomic
def update_cohort(
    *,
    actor: Any,
    cohort: Cohort,
    data: dict[str, Any],
    study_groups: list[dict[str, Any]] | None = None,
) -> Cohort:
    """Change the fields in ``data``; ``study_groups`` (if given) replaces the cohort's groups."""
    unknown_fields(data, COHORT_FIELDS, "update_cohort")
    require_editor(actor, cohort.offering.owner)
    locked = lock_for_cohort_change(cohort)
    if locked.status in (CohortStatus.COMPLETED, CohortStatus.CANCELLED):
        raise ValidationError(
            _("A %(status)s cohort cannot be changed. Copy it instead.")
            % {"status": CohortStatus(locked.status).label}
        )
    changes = _apply(locked, data)
    groups = _groups(locked, study_groups)
    if not changes and groups is None:
        return locked
    if groups is None and locked.mode == Mode.ON_SITE and locked.study_groups.exists():
        groups = []  # an on-site cohort has no local study groups
    _validate_cohort(locked, groups)
    locked.save()
    changes.update(_save_groups(locked, groups))
    audit(actor=actor, action="cohort.update", obj=locked, changes=changes)
    _public_events(locked.offering, locked, ChangeAction.UPDATED)
    if "seats" in changes:
        # More seats: the first on the waitlist get them at once (and are e-mailed).
        from livslang.enrolments.services import fill_from_waitlist

        fill_from_waitlist(cohort=locked)
    return locked


@transaction.atomic
def copy_cohort(*, actor: Any, cohort: Cohort) -> Cohort:
    """A planned copy of ``cohort`` in the same offering, with its local study groups."""
    offering = cohort.offering
    require_editor(actor, offering.owner)
    locked = lock_offering(offering)
    if locked.status == OfferingStatus.ARCHIVED:
        raise ValidationError(_("An archived offering cannot get new cohorts."))
    copy = copy_cohort_row(cohort, locked)
    copy.save()
    copy_study_groups(cohort, copy)
    audit(
        actor=actor,
        action="cohort.copy",
        obj=copy,
        changes={"copied_from": str(cohort.public_id)},
    )
    if locked.status == OfferingStatus.PUBLISHED:
        _public_events(locked, copy, ChangeAction.CREATED, ChangeAction.PUBLISHED)
    else:
        record_changes([(ChangeKind.COHORT, copy.public_id, ChangeAction.CREATED)])
    return copy


@transaction.atomic
def set_cohort_status(*, actor: Any, cohort: Cohort, status: str) -> Cohort:
    """Move the cohort to ``status`` if the transition is allowed (see ``TRANSITIONS``)."""
    require_editor(actor, cohort.offering.owner)
    locked = lock_for_cohort_change(cohort)
    old = locked.status
    if status not in CohortStatus.values:
        raise ValidationError(
            {"status": _("Status: unknown status “%(status)s”.") % {"status": status}}
        )
    if old == status:
        return locked
    if status not in TRANSITIONS[old]:
        raise ValidationError(
            {
                "status": _("Status: a cohort cannot go from “%(old)s” to “%(new)s”.")
                % {"old": CohortStatus(old).label, "new": CohortStatus(status).label}
            },
            code="transition",
        )
    locked.status = status
    _validate_cohort(locked, None)
    locked.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action="cohort.status",
        obj=locked,
        changes={"status": {"old": old, "new": status}},
    )
    _public_events(locked.offering, locked, ChangeAction.UPDATED)
    return locked


@transaction.atomic
def repoint_municipality(*, old: Municipality, new: Municipality) -> None:
    """After a municipal merge: cohorts and local study groups in ``old`` move to ``new``."""
    cohorts = Cohort.objects.filter(municipality=old)
    public_ids = list(
        cohorts.filter(offering__status=OfferingStatus.PUBLISHED).values_list(
            "public_id", flat=True
        )
    )
    cohorts.update(municipality=new)
    group_ids = list(
        LocalStudyGroup.objects.filter(
            municipality=old, cohort__offering__status=OfferingStatus.PUBLISHED
        ).values_list("cohort__public_id", flat=True)
    )
    LocalStudyGroup.objects.filter(municipality=old).update(municipality=new)
    changed = list(dict.fromkeys([*public_ids, *group_ids]))
    record_changes([(ChangeKind.COHORT, pid, ChangeAction.UPDATED) for pid in changed])
