"""Turning a parsed item's raw values into the catalogue services' values, or faults.

Reads only: names are looked up (ISCED-F codes, postcodes, municipalities, centres), nothing
is written. Every fault is recorded on the item with its place in the file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from livslang.catalog.imports.parsing import RawCohort, RawItem
from livslang.catalog.models import OfferingStatus
from livslang.classifications.models import IscedField
from livslang.geo.models import Municipality
from livslang.geo.queries import UnknownPlace, resolve_postcode
from livslang.organisations.models import Organisation

_MODES = {"onsite": "on_site", "on_site": "on_site", "online": "online", "blended": "blended"}
_CREDIT_UNITS = {"ects": "ects", "fagskolepoeng": "fagskolepoeng", "amu_days": "amu_days"}
_CURRENCY_COUNTRY = {"NOK": "NO", "DKK": "DK"}
_TRUE = {"true", "yes", "ja", "1", "y"}
_FALSE = {"false", "no", "nei", "nej", "0", "n"}


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
