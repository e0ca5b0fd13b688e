"""Checking raw items against the catalogue and writing them in one transaction.

Writes use the catalogue services' own validation (``_validate_offering``/``_validate_cohort``
and their ``_apply``), record audit entries and change-log events like the services, but do not
require a member: ``actor=None`` is the command line (audit ``actor_label="import_offerings"``);
with an actor, the actor must be an editor of the organisation (``require_editor``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.audit.services import record
from livslang.catalog.changes import record_changes
from livslang.catalog.imports.parsing import (
    MAX_BYTES,
    FileRejected,
    RawCohort,
    RawItem,
    parse_csv,
    parse_jsonld,
    parse_xlsx,
)
from livslang.catalog.imports.report import ImportReport, Problem
from livslang.catalog.models import (
    ChangeAction,
    ChangeKind,
    Cohort,
    CohortStatus,
    ImportBatch,
    Offering,
    OfferingStatus,
)
from livslang.catalog.services import _common
from livslang.catalog.services import cohorts as cohort_services
from livslang.catalog.services import offerings as offering_services
from livslang.classifications.models import IscedField
from livslang.geo.models import Municipality
from livslang.geo.queries import UnknownPlace, resolve_postcode
from livslang.organisations.models import Kind, Organisation, Status, fold_name

ACTOR_LABEL = "import_offerings"
FORMATS = ("jsonld", "csv", "xlsx")
MODES = ("all-or-nothing", "valid-rows")
_MODES = {"onsite": "on_site", "on_site": "on_site", "online": "online", "blended": "blended"}
_CREDIT_UNITS = {"ects": "ects", "fagskolepoeng": "fagskolepoeng", "amu_days": "amu_days"}
_CURRENCY_COUNTRY = {"NOK": "NO", "DKK": "DK"}
_CAPITALS = {"NO": "0301", "DK": "101"}
_TRUE = {"true", "yes", "ja", "1", "y"}
_FALSE = {"false", "no", "nei", "nej", "0", "n"}


def identifier_q(identifier: str) -> Q:
    """What an identifier in a file refers to: an imported object's source identifier, or,
    for objects made in Livslang's pages (exported with their public id), that public id."""
    query = Q(source_identifier=identifier)
    try:
        public_id = uuid.UUID(identifier)
    except ValueError:
        return query
    return query | Q(source_identifier="", public_id=public_id)


def identifier_of(obj: Offering | Cohort) -> str:
    return obj.source_identifier or str(obj.public_id)


def format_from_filename(filename: str) -> str | None:
    lowered = filename.lower()
    for ext, fmt in (
        (".jsonld", "jsonld"),
        (".json", "jsonld"),
        (".csv", "csv"),
        (".xlsx", "xlsx"),
    ):
        if lowered.endswith(ext):
            return fmt
    return None


class _Bad(Exception):
    pass


class Converter:
    """Turns raw values into model values, recording faults on the item."""

    def __init__(self, item: RawItem) -> None:
        self.item = item

    def fault(self, src: tuple[Any, str, str], message: str) -> None:
        self.item.fault(src[1], src[2], message)

    def get(self, values: dict[str, Any], key: str, kind: str, **kw: Any) -> Any:
        src = values.get(key)
        if src is None or src[0] is None or (isinstance(src[0], str) and src[0] == ""):
            if kw.get("required"):
                label = src[2] if src else key
                loc = src[1] if src else self.item.location
                self.item.fault(loc, label, _("missing (required)"))
            return kw.get("default")
        try:
            return getattr(self, "_" + kind)(
                src[0], **{k: v for k, v in kw.items() if k not in ("required", "default")}
            )
        except _Bad as exc:
            self.fault(src, _("%(msg)s (value %(value)r)") % {"msg": exc, "value": _short(src[0])})
            return kw.get("default")

    def _text(self, v: Any, strip: bool = False) -> str:
        if isinstance(v, (bool, list, dict)):
            raise _Bad(_("expected text"))
        text = str(v) if not isinstance(v, float) or not v.is_integer() else str(int(v))
        return text.strip() if strip else text

    def _list(self, v: Any) -> list[str]:
        if isinstance(v, str):
            return [p.strip() for p in v.split(";") if p.strip()]
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return v
        raise _Bad(_("expected a list of texts"))

    def _decimal(self, v: Any) -> Decimal:
        if isinstance(v, bool):
            raise _Bad(_("expected a number"))
        try:
            number = Decimal(str(v).strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise _Bad(_("expected a number")) from None
        if not number.is_finite():
            raise _Bad(_("expected a number"))
        if number < 0:
            raise _Bad(_("cannot be negative"))
        return number

    def _integer(self, v: Any) -> int:
        if isinstance(v, bool):
            raise _Bad(_("expected a whole number"))
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, str) and v.strip().lstrip("-").isdigit():
            v = int(v.strip())
        if not isinstance(v, int):
            raise _Bad(_("expected a whole number"))
        if v < 0:
            raise _Bad(_("cannot be negative"))
        return v

    def _date(self, v: Any) -> dt.date:
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if not isinstance(v, str):
            raise _Bad(_("expected a date (YYYY-MM-DD)"))
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            raise _Bad(_("not a date (YYYY-MM-DD)")) from None

    def _boolean(self, v: Any) -> bool:
        if isinstance(v, bool):
            return v
        text = str(v).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise _Bad(_("expected true or false"))

    def _choice(self, v: Any, choices: dict[str, str]) -> str:
        if not isinstance(v, str) or v.strip().casefold() not in choices:
            raise _Bad(
                _("unknown value; use one of %(list)s") % {"list": ", ".join(sorted(set(choices)))}
            )
        return choices[v.strip().casefold()]

    def _url(self, v: Any) -> str:
        if not isinstance(v, str):
            raise _Bad(_("expected a web address"))
        try:
            parts = urlsplit(v.strip())
        except ValueError:
            raise _Bad(_("not a web address")) from None
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise _Bad(_("only http:// and https:// addresses are accepted"))
        return v.strip()


def _short(value: Any) -> Any:
    return value[:80] + "…" if isinstance(value, str) and len(value) > 80 else value


def _choices(*values: str) -> dict[str, str]:
    return {v.casefold(): v for v in values}


class Plan:
    """One item, converted: offering data for the services and cohort data, or faults."""

    def __init__(self, item: RawItem) -> None:
        self.item = item
        self.offering: dict[str, Any] = {}
        self.status = OfferingStatus.PUBLISHED
        self.provider_name = ""
        self.centres: list[str] | None = None
        self.cohorts: list[tuple[RawCohort, dict[str, Any], list[dict[str, Any]]]] = []
        self.place: Any = None
        self.country = ""


def convert(item: RawItem, organisation: Organisation | None, seen_cohorts: dict[str, int]) -> Plan:
    plan = Plan(item)
    c = Converter(item)
    v = item.values
    ident = c.get(v, "offering_identifier", "text", required=True, strip=True)
    if ident and len(ident) > 200:
        item.fault(item.location, "identifier", _("longer than 200 characters"))
    off = plan.offering
    off["title"] = c.get(v, "title", "text", required=True) or ""
    off["description"] = c.get(v, "description", "text", default="")
    off["language"] = c.get(
        v, "language", "choice", choices=_choices("nb", "nn", "da", "en", "se"), default="nb"
    )
    plan.provider_name = (
        c.get(v, "provider", "text", required=organisation is None, default="") or ""
    )
    isced = c.get(v, "isced_code", "text", strip=True)
    off["isced_field"] = None
    if isced:
        field = IscedField.objects.filter(code=isced).first()
        if field is None:
            c.fault(v["isced_code"], _("unknown ISCED-F code %(code)s") % {"code": isced})
        off["isced_field"] = field
    off["level_framework"] = c.get(
        v, "level_framework", "choice", choices={"nkr": "nkr", "eqf": "eqf"}, default=""
    )
    off["level"] = c.get(v, "level", "integer")
    off["level_text"] = c.get(v, "level_text", "text", default="")
    off["credits_value"] = c.get(v, "credits_value", "decimal")
    unit = c.get(v, "credits_unit", "text", strip=True, default="")
    off["credits_unit"] = _CREDIT_UNITS.get(unit.casefold(), "other") if unit else ""
    off["duration_text"] = c.get(v, "duration", "text", default="")
    off["target_group"] = c.get(v, "target_group", "text", default="")
    off["prerequisites"] = c.get(v, "prerequisites", "text", default="")
    off["admission_requirements"] = c.get(v, "admission_requirements", "text", default="")
    off["topics"] = c.get(v, "topics", "list", default=[])
    off["external_url"] = c.get(v, "external_url", "url", default="")
    plan.status = c.get(
        v,
        "status",
        "choice",
        choices=_choices("draft", "published", "archived"),
        default=OfferingStatus.PUBLISHED,
    )
    centres = c.get(v, "delivering_centres", "list")
    plan.centres = centres
    if not item.cohorts and item.values:
        item.fault(item.location, "hasCourseInstance", _("at least one cohort is required"))
    for raw in item.cohorts:
        cv = raw.values
        cid = c.get(cv, "cohort_identifier", "text", required=True, strip=True)
        if cid:
            if cid in seen_cohorts:
                c.fault(
                    cv["cohort_identifier"],
                    _("identifier %(id)s appears twice in the file") % {"id": cid},
                )
            seen_cohorts[cid] = item.number
            raw.identifier = cid
        data: dict[str, Any] = {}
        data["mode"] = c.get(cv, "mode", "choice", choices=_MODES, required=True)
        currency = c.get(cv, "currency", "choice", choices=_choices("NOK", "DKK", "EUR"))
        country = c.get(cv, "country", "choice", choices={"no": "NO", "dk": "DK"})
        country = (
            country
            or _CURRENCY_COUNTRY.get(currency or "")
            or (organisation.country if organisation else "NO")
        )
        data["country"] = country
        data["currency"] = currency or {"NO": "NOK", "DK": "DKK"}.get(country, "NOK")
        postcode = c.get(cv, "postcode", "text", strip=True, default="")
        data["postcode"] = postcode
        data["municipality"] = None
        data["latitude"] = data["longitude"] = None
        if postcode:
            try:
                place = resolve_postcode(country=country, code=postcode)
            except UnknownPlace as exc:
                c.fault(cv["postcode"], exc.messages[0])
            else:
                data["latitude"], data["longitude"] = place.lat, place.lon
                if place.municipality_code:
                    data["municipality"] = (
                        Municipality.objects.valid_on()
                        .filter(country_id=country, code=place.municipality_code)
                        .first()
                    )
        code = c.get(cv, "municipality_code", "text", strip=True)
        if code:
            muni = Municipality.objects.valid_on().filter(country_id=country, code=code).first()
            if muni is None:
                c.fault(
                    cv["municipality_code"],
                    _("unknown municipality code %(code)s") % {"code": code},
                )
            data["municipality"] = muni
        if plan.place is None and data["municipality"] is not None:
            plan.place = data["municipality"]
        plan.country = plan.country or country
        data["venue_name"] = c.get(cv, "venue", "text", default="")
        data["start_date"] = c.get(cv, "start_date", "date", required=True)
        data["end_date"] = c.get(cv, "end_date", "date")
        if data["start_date"] and data["end_date"] and data["end_date"] < data["start_date"]:
            c.fault(
                cv["end_date"],
                _("end date %(end)s is before start date %(start)s")
                % {"end": data["end_date"], "start": data["start_date"]},
            )
        kinds = c.get(cv, "schedule_kinds", "list", default=[])
        kinds = [
            k.replace("selfpaced", "self_paced").replace("self-paced", "self_paced") for k in kinds
        ]
        bad = [k for k in kinds if k not in ("daytime", "evening", "weekend", "self_paced")]
        if bad:
            c.fault(cv["schedule_kinds"], _("unknown schedule kind %(k)s") % {"k": ", ".join(bad)})
            kinds = []
        data["schedule_kinds"] = kinds
        data["schedule_text"] = c.get(cv, "schedule_text", "text", default="")
        data["workload_text"] = c.get(cv, "workload", "text", default="")
        data["price"] = c.get(cv, "price", "decimal")
        data["seats"] = c.get(cv, "seats", "integer")
        data["minimum_participants"] = c.get(cv, "minimum_participants", "integer")
        data["guaranteed_start"] = c.get(cv, "guaranteed_start", "boolean", default=False)
        data["application_deadline"] = c.get(cv, "application_deadline", "date")
        data["enrolment_method"] = c.get(
            cv,
            "enrolment_method",
            "choice",
            choices=_choices("livslang", "external"),
            default="livslang",
        )
        data["application_url"] = c.get(cv, "application_url", "url", default="")
        centre_slug = c.get(cv, "delivering_centre", "text", strip=True)
        data["delivering_centre"] = None
        if centre_slug:
            centre = Organisation.objects.filter(slug=centre_slug).first()
            if centre is None:
                c.fault(
                    cv["delivering_centre"],
                    _("no organisation with the address name %(s)s") % {"s": centre_slug},
                )
            data["delivering_centre"] = centre
        groups: list[dict[str, Any]] = []
        group_slug = c.get(cv, "study_group_centre", "text", strip=True)
        if group_slug:
            gcentre = Organisation.objects.filter(slug=group_slug).first()
            gcode = c.get(cv, "study_group_municipality_code", "text", strip=True, required=True)
            gmuni = Municipality.objects.valid_on().filter(code=gcode).first() if gcode else None
            if gcentre is None:
                c.fault(
                    cv["study_group_centre"],
                    _("no organisation with the address name %(s)s") % {"s": group_slug},
                )
            if gcode and gmuni is None:
                c.fault(
                    cv["study_group_municipality_code"],
                    _("unknown municipality code %(code)s") % {"code": gcode},
                )
            if gcentre is not None and gmuni is not None:
                groups.append({"centre": gcentre, "municipality": gmuni})
        plan.cohorts.append((raw, data, groups))
    return plan


# --- writing ---------------------------------------------------------------------------------


class Writer:
    def __init__(self, actor: Any, report: ImportReport) -> None:
        self.actor = actor
        self.report = report

    def audit(
        self, action: str, obj: Any, object_type: str, changes: dict[str, Any] | None = None
    ) -> None:
        record(
            actor=self.actor,
            actor_label="" if self.actor is not None else ACTOR_LABEL,
            action=action,
            object_type=object_type,
            object_id=str(obj.public_id),
            object_repr=obj.title if isinstance(obj, Offering) else str(obj),
            changes=changes,
            summary=_("imported"),
        )

    def provider_for(self, plan: Plan, organisation: Organisation | None) -> Organisation | None:
        folded = fold_name(plan.provider_name) if plan.provider_name else ""
        if folded:
            match = Organisation.objects.filter(name_folded=folded, kind=Kind.PROVIDER).first()
            if match is not None:
                return match
        if organisation is not None:
            return organisation
        if not folded:
            return None
        place = plan.place
        if place is None and plan.country in _CAPITALS:
            # Online-only offerings: the provider is registered in the country's capital.
            place = (
                Municipality.objects.valid_on()
                .filter(country_id=plan.country, code=_CAPITALS[plan.country])
                .first()
            )
        if place is None:
            item = plan.item
            item.fault(
                item.location,
                "provider",
                _("no organisation %(name)s, and no cohort place to register it with")
                % {"name": plan.provider_name},
            )
            return None
        from livslang.organisations.services._common import unique_slug

        org = Organisation(
            name=plan.provider_name,
            slug=unique_slug(plan.provider_name),
            kind=Kind.PROVIDER,
            country=place.country_id,
            home_municipality=place,
            status=Status.APPROVED,
            decided_at=timezone.now(),
        )
        org.full_clean()
        org.save()
        record(
            actor=self.actor,
            actor_label="" if self.actor is not None else ACTOR_LABEL,
            action="organisation.import",
            object_type="organisations.organisation",
            object_id=str(org.public_id),
            object_repr=org.name,
            summary=_("created by an offering import"),
        )
        return org

    def write(self, plan: Plan, organisation: Organisation | None) -> None:
        item = plan.item
        provider = self.provider_for(plan, organisation)
        if item.problems or provider is None:
            return
        owner = organisation or provider
        if self.actor is not None:
            _common.require_editor(self.actor, owner)
        others = Offering.objects.filter(identifier_q(item.identifier)).exclude(owner=owner)
        if others.exists():
            item.fault(
                item.location,
                "identifier",
                _("identifier %(id)s belongs to another organisation's offering")
                % {"id": item.identifier},
            )
            return
        data = dict(plan.offering, provider=provider)
        if plan.centres is not None:
            centres = list(Organisation.objects.filter(slug__in=plan.centres))
            missing = set(plan.centres) - {o.slug for o in centres}
            if missing:
                item.fault(
                    item.location,
                    "delivering_centres",
                    _("no organisation with the address name %(s)s")
                    % {"s": ", ".join(sorted(missing))},
                )
                return
            data["delivering_centres"] = centres
        offering = Offering.objects.filter(identifier_q(item.identifier), owner=owner).first()
        try:
            with transaction.atomic():
                if offering is None:
                    self._create(plan, owner, data)
                    self.report.created += 1
                else:
                    changed = self._update(plan, offering, data)
                    if changed:
                        self.report.updated += 1
                    else:
                        self.report.unchanged += 1
        except _ItemFailed:
            pass

    def _fail_validation(
        self, item: RawItem, exc: ValidationError, where: dict[str, tuple[str, str]] | None = None
    ) -> None:
        where = where or {}
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                loc, label = where.get(field, (item.location, field))
                for message in errors:
                    item.fault(loc, label, message)
        else:
            for message in exc.messages:
                item.fault(item.location, "", message)
        raise _ItemFailed

    def _offering_where(self, plan: Plan) -> dict[str, tuple[str, str]]:
        names = {
            "title": "title",
            "description": "description",
            "language": "language",
            "provider": "provider",
            "level": "level",
            "level_framework": "level_framework",
            "credits_value": "credits_value",
            "credits_unit": "credits_unit",
            "external_url": "external_url",
            "duration_text": "duration",
            "delivering_centres": "delivering_centres",
            "level_text": "level_text",
        }
        out = {}
        for field, key in names.items():
            src = plan.item.values.get(key)
            if src:
                out[field] = (src[1], src[2])
        return out

    def _cohort_where(self, raw: RawCohort) -> dict[str, tuple[str, str]]:
        names = {
            "postcode": "postcode",
            "municipality": "municipality_code",
            "start_date": "start_date",
            "end_date": "end_date",
            "seats": "seats",
            "price": "price",
            "minimum_participants": "minimum_participants",
            "application_deadline": "application_deadline",
            "application_url": "application_url",
            "delivering_centre": "delivering_centre",
            "study_groups": "study_group_centre",
            "mode": "mode",
            "venue_name": "venue",
            "workload_text": "workload",
            "schedule_text": "schedule_text",
        }
        out = {}
        for field, key in names.items():
            src = raw.values.get(key)
            if src:
                out[field] = (src[1], src[2])
            else:
                out[field] = (raw.location, f"{raw.label}.{field}" if raw.label else field)
        return out

    def _create(self, plan: Plan, owner: Organisation, data: dict[str, Any]) -> None:
        item = plan.item
        offering = Offering(
            owner=owner, status=OfferingStatus.DRAFT, source_identifier=item.identifier
        )
        changes, centres = offering_services._apply(offering, data)
        offering.slug = _common.make_slug(offering.title)
        try:
            offering_services._validate_offering(offering, centres)
        except ValidationError as exc:
            self._fail_validation(item, exc, self._offering_where(plan))
        offering.save()
        if centres is not None:
            offering.delivering_centres.set(centres)
        self.audit("offering.create", offering, _common.OFFERING_TYPE, changes)
        record_changes([(ChangeKind.OFFERING, offering.public_id, ChangeAction.CREATED)])
        for raw, cdata, groups in plan.cohorts:
            self._create_cohort(plan, offering, raw, cdata, groups)
        self._set_status(offering, plan.status)

    def _create_cohort(
        self,
        plan: Plan,
        offering: Offering,
        raw: RawCohort,
        data: dict[str, Any],
        groups: list[dict[str, Any]],
    ) -> None:
        clash = Cohort.objects.filter(identifier_q(raw.identifier)).exclude(offering=offering)
        if clash.exists():
            plan.item.fault(
                raw.location,
                f"{raw.label}.identifier" if raw.label else "cohort_identifier",
                _("cohort identifier %(id)s belongs to another offering") % {"id": raw.identifier},
            )
            raise _ItemFailed
        cohort = Cohort(
            offering=offering, status=CohortStatus.OPEN, source_identifier=raw.identifier
        )
        changes = cohort_services._apply(cohort, data)
        group_rows = cohort_services._groups(cohort, groups)
        try:
            cohort_services._validate_cohort(cohort, group_rows)
        except ValidationError as exc:
            self._fail_validation(plan.item, exc, self._cohort_where(raw))
        cohort.save()
        changes.update(cohort_services._save_groups(cohort, group_rows))
        self.audit("cohort.create", cohort, _common.COHORT_TYPE, changes)
        actions = [ChangeAction.CREATED]
        if offering.status == OfferingStatus.PUBLISHED:
            actions.append(ChangeAction.PUBLISHED)
        record_changes([(ChangeKind.COHORT, cohort.public_id, a) for a in actions])
        self.report.cohorts_created += 1

    def _set_status(self, offering: Offering, status: str) -> bool:
        old = offering.status
        if old == status:
            return False
        if old == OfferingStatus.ARCHIVED:
            raise ValidationError(_("An archived offering cannot be changed. Copy it instead."))
        offering.status = status
        if status == OfferingStatus.PUBLISHED:
            offering.published_at = timezone.now()
        offering.save(update_fields=["status", "published_at", "updated_at"])
        action = {"published": "offering.publish", "draft": "offering.unpublish"}.get(
            status, "offering.archive"
        )
        self.audit(action, offering, _common.OFFERING_TYPE, {"status": {"old": old, "new": status}})
        change = (
            ChangeAction.PUBLISHED
            if status == OfferingStatus.PUBLISHED
            else ChangeAction.UNPUBLISHED
        )
        if status == OfferingStatus.PUBLISHED or old == OfferingStatus.PUBLISHED:
            ids = Cohort.objects.filter(offering=offering).values_list("public_id", flat=True)
            record_changes(
                [
                    (ChangeKind.OFFERING, offering.public_id, change),
                    *[(ChangeKind.COHORT, i, change) for i in ids],
                ]
            )
        return True

    def _update(self, plan: Plan, offering: Offering, data: dict[str, Any]) -> bool:
        item = plan.item
        locked = _common.lock_offering(offering)
        if locked.status == OfferingStatus.ARCHIVED:
            item.fault(item.location, "status", _("the offering is archived and cannot be changed"))
            raise _ItemFailed
        changes, centres = offering_services._apply(locked, data)
        changed = False
        if changes:
            try:
                offering_services._validate_offering(locked, centres)
            except ValidationError as exc:
                self._fail_validation(item, exc, self._offering_where(plan))
            locked.save()
            if centres is not None:
                locked.delivering_centres.set(centres)
            self.audit("offering.update", locked, _common.OFFERING_TYPE, changes)
            if locked.is_published:
                record_changes([(ChangeKind.OFFERING, locked.public_id, ChangeAction.UPDATED)])
            changed = True
        existing = {identifier_of(c): c for c in Cohort.objects.filter(offering=locked)}
        wanted = set()
        for raw, cdata, groups in plan.cohorts:
            wanted.add(raw.identifier)
            cohort = existing.get(raw.identifier)
            if cohort is None:
                self._create_cohort(plan, locked, raw, cdata, groups)
                changed = True
            elif self._update_cohort(plan, locked, cohort, raw, cdata, groups):
                changed = True
        for ident, cohort in existing.items():
            if ident in wanted:
                continue
            if cohort.confirmed_count:
                item.fault(
                    item.location,
                    "hasCourseInstance",
                    _(
                        "cohort %(id)s is missing from the file but has %(n)d participants; "
                        "it cannot be removed"
                    )
                    % {"id": ident or cohort.short_id, "n": cohort.confirmed_count},
                )
                raise _ItemFailed
            public_id = cohort.public_id
            self.audit("cohort.delete", cohort, _common.COHORT_TYPE)
            try:
                cohort.delete()
            except ProtectedError:
                item.fault(
                    item.location,
                    "hasCourseInstance",
                    _(
                        "cohort %(id)s is missing from the file but has sign-ups; "
                        "it cannot be removed"
                    )
                    % {"id": ident},
                )
                raise _ItemFailed from None
            if locked.is_published:
                record_changes([(ChangeKind.COHORT, public_id, ChangeAction.DELETED)])
            self.report.cohorts_removed += 1
            changed = True
        try:
            if self._set_status(locked, plan.status):
                changed = True
        except ValidationError as exc:
            self._fail_validation(item, exc)
        return changed

    def _update_cohort(
        self,
        plan: Plan,
        offering: Offering,
        cohort: Cohort,
        raw: RawCohort,
        data: dict[str, Any],
        groups: list[dict[str, Any]],
    ) -> bool:
        cohort.offering = offering
        changes = cohort_services._apply(cohort, data)
        old_groups = sorted((g.centre_id, g.municipality_id) for g in cohort.study_groups.all())
        new_groups = sorted((g["centre"].pk, g["municipality"].pk) for g in groups)
        group_rows = cohort_services._groups(cohort, groups) if old_groups != new_groups else None
        if not changes and group_rows is None:
            self.report.cohorts_unchanged += 1
            return False
        try:
            cohort_services._validate_cohort(cohort, group_rows)
        except ValidationError as exc:
            self._fail_validation(plan.item, exc, self._cohort_where(raw))
        cohort.save()
        changes.update(cohort_services._save_groups(cohort, group_rows))
        self.audit("cohort.update", cohort, _common.COHORT_TYPE, changes)
        if offering.is_published:
            record_changes([(ChangeKind.COHORT, cohort.public_id, ChangeAction.UPDATED)])
        self.report.cohorts_updated += 1
        return True


class _ItemFailed(Exception):
    pass


def parse(data: bytes, fmt: str) -> list[RawItem]:
    if len(data) > MAX_BYTES:
        raise FileRejected(_("the file is larger than 10 MB"))
    if fmt == "jsonld":
        return parse_jsonld(data)
    if fmt == "csv":
        if data.startswith(b"PK\x03\x04"):
            raise FileRejected(_("the file is a zip archive (XLSX?), not CSV"))
        return parse_csv(data)
    return parse_xlsx(data)


def run_import(
    *,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    organisation: Organisation | None = None,
    actor: Any = None,
    mode: str = "all-or-nothing",
    dry_run: bool = False,
) -> ImportReport:
    """Import ``data``; see the package README. Nothing is written unless ``imported``."""
    report = ImportReport()
    fmt = fmt or format_from_filename(filename)
    if fmt not in FORMATS:
        report.problems.append(
            Problem(None, "", "", "", _("unknown format; use jsonld, csv or xlsx"))
        )
        return report
    if mode not in MODES:
        raise ValueError(mode)
    try:
        items = parse(data, fmt)
    except FileRejected as exc:
        report.problems.append(exc.problem())
        return report
    report.total_items = len(items)
    with transaction.atomic():
        seen_offerings: dict[str, int] = {}
        seen_cohorts: dict[str, int] = {}
        writer = Writer(actor, report)
        for item in items:
            if item.identifier:
                if item.identifier in seen_offerings:
                    item.fault(
                        item.location,
                        "identifier",
                        _("identifier %(id)s appears twice in the file (item %(n)d)")
                        % {"id": item.identifier, "n": seen_offerings[item.identifier]},
                    )
                seen_offerings.setdefault(item.identifier, item.number)
            plan = convert(item, organisation, seen_cohorts)
            if item.problems:
                continue
            try:
                with transaction.atomic():
                    writer.write(plan, organisation)
                    if item.problems:
                        raise _ItemFailed
            except _ItemFailed:
                pass
            except PermissionDenied:
                item.fault(
                    item.location,
                    "",
                    _("you are not an editor of the organisation that owns this offering"),
                )
        for item in items:
            report.problems.extend(item.problems)
        report.rejected_items = sum(1 for item in items if item.problems)
        failed = report.rejected_items and mode == "all-or-nothing"
        if failed or dry_run or (report.rejected_items and report.rejected_items == len(items)):
            transaction.set_rollback(True)
            report.imported = False
            return report
        report.imported = True
        batch = ImportBatch.objects.create(
            organisation=organisation,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:255],
            format=fmt,
            sha256=hashlib.sha256(data).hexdigest(),
            mode=mode,
            dry_run=False,
            counts={
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "cohorts_created": report.cohorts_created,
                "cohorts_updated": report.cohorts_updated,
                "cohorts_unchanged": report.cohorts_unchanged,
                "cohorts_removed": report.cohorts_removed,
                "rejected": report.rejected_items,
            },
        )
        report.batch_id = batch.pk
    return report
