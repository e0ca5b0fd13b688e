"""Reasons rendered in the viewer's language (stored as codes with parameters)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from livslang.catalog.models import Mode, OfferingLanguage, ScheduleKind
from livslang.matching.constraints import Reason


def _day(value: str | None) -> str:
    return formats.date_format(date.fromisoformat(value), "j F Y") if value else ""


def _amount(value: str) -> str:
    return formats.number_format(Decimal(value), 0, use_l10n=True, force_grouping=True)


def _language(code: str) -> str:
    try:
        return str(OfferingLanguage(code).label)
    except ValueError:
        return code


def _mode(code: str) -> str:
    try:
        return str(Mode(code).label)
    except ValueError:
        return code


def _kinds(codes: list[str]) -> str:
    labels = []
    for code in codes:
        try:
            labels.append(str(ScheduleKind(code).label))
        except ValueError:
            labels.append(code)
    return ", ".join(labels) if labels else _("no fixed times")


def _price(p: dict) -> str:
    # An amount and its currency code read the same in every language.
    text = f"{_amount(p['price'])} {p['currency']}"
    if "converted" in p:
        text += " " + _("(%(amount)s %(currency)s at the fixed rate of %(date)s)") % {
            "amount": _amount(p["converted"]),
            "currency": p["to"],
            "date": _day(p["rate_date"]),
        }
    return text


def render(reason: Reason) -> str:
    p = reason.params
    code = reason.code
    if code == "mode":
        if reason.ok:
            return _mode(p["mode"])
        return _("%(mode)s — not a mode you accept") % {"mode": _mode(p["mode"])}
    if code == "distance":
        values = {"km": p["km"], "max": p.get("max"), "place": p.get("place") or ""}
        if reason.ok and p.get("max") is None:
            return _("%(km)s km away") % values
        if reason.ok:
            return _("%(km)s km away, within your %(max)s km") % values
        return _("%(km)s km away — beyond your %(max)s km") % values
    if code == "distance_unknown":
        return _("distance unknown — no place to measure from")
    if code == "schedule":
        if reason.ok:
            return _kinds(p["kinds"])
        return _("%(kinds)s — not a time you accept") % {"kinds": _kinds(p["kinds"])}
    if code == "starts":
        return _("starts %(date)s") % {"date": _day(p["start"])}
    if code == "starts_too_early":
        return _("starts %(date)s — before your earliest start, %(earliest)s") % {
            "date": _day(p["start"]),
            "earliest": _day(p["earliest"]),
        }
    if code == "starts_too_late":
        return _("starts %(date)s — after your latest start, %(latest)s") % {
            "date": _day(p["start"]),
            "latest": _day(p["latest"]),
        }
    if code == "open_enrolment":
        values = {"start": _day(p["start"]), "end": _day(p.get("end"))}
        if reason.ok:
            return _("self-paced, open from %(start)s to %(end)s") % values
        return _("self-paced, open from %(start)s to %(end)s — outside your start window") % (
            values
        )
    if code == "price_free":
        return _("no fee")
    if code == "price":
        values = {"price": _price(p)}
        if "max" not in p:
            return values["price"]
        values.update({"difference": _amount(p["difference"]), "currency": p["to"]})
        if reason.ok:
            return _("%(price)s, %(difference)s %(currency)s under budget") % values
        return _("%(price)s — %(difference)s %(currency)s over budget") % values
    if code == "price_unknown_currency":
        return _("%(amount)s %(currency)s — no exchange rate for this currency") % {
            "amount": _amount(p["price"]),
            "currency": p["currency"],
        }
    if code == "seats":
        values = {"seats": p["seats"], "participants": p["participants"]}
        if reason.ok:
            return _("%(seats)s seats free") % values
        return _("only %(seats)s seats free for %(participants)s participants") % values
    if code == "teaching_language":
        values = {
            "language": _language(p["language"]),
            "wanted": ", ".join(_language(c) for c in p["wanted"]),
        }
        if reason.ok:
            return _("taught in %(language)s") % values
        return _("taught in %(language)s — you asked for %(wanted)s") % values
    if code == "language_note":
        return _("taught in %(language)s — the participants speak %(spoken)s") % {
            "language": _language(p["language"]),
            "spoken": ", ".join(_language(c) for c in p["spoken"]),
        }
    return code


def render_all(reasons: list[Reason]) -> list[str]:
    """The reasons in display order: what fails first, then what fits."""
    ordered = [r for r in reasons if not r.ok] + [r for r in reasons if r.ok]
    return [render(r) for r in ordered]


def concept_label(cid: str) -> str:
    """A concept's name in the active language (its first term), else in English."""
    from django.utils.translation import get_language

    from livslang.matching.thesaurus import by_id

    concept = by_id().get(cid)
    if concept is None:
        return cid
    language = (get_language() or "en")[:2]
    return concept.labels.get(language) or concept.labels.get("en") or cid


def explain(match: Any) -> list[str]:
    """Why this offering is on the list: what it is about, then its best cohort's reasons."""
    texts: list[str] = []
    if match.concepts:
        texts.append(
            _("about %(topics)s") % {"topics": ", ".join(concept_label(c) for c in match.concepts)}
        )
    if match.verdict is None:
        texts.append(_("no cohort you can join"))
        return texts
    return texts + render_all(match.verdict.reasons)
