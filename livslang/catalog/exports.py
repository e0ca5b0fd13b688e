"""Exports of an organisation's offerings (every status) or of all published offerings, in the
formats the importer reads: schema.org JSON-LD, CSV and XLSX (IMP-08).

The identifiers written are the import identifiers (``source_identifier``), or the public id
where there is none, so exporting and importing the same data changes nothing. Spreadsheet
cells from text fields that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
are neutralised: prefixed with ``'`` in CSV, written as text (never a formula) in XLSX.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch

from livslang.catalog import jsonld
from livslang.catalog.imports import COLUMNS
from livslang.catalog.models import (
    Cohort,
    LocalStudyGroup,
    Offering,
    OfferingStatus,
)
from livslang.spreadsheets import csv_bytes, neutralise, xlsx_bytes

if TYPE_CHECKING:
    from livslang.organisations.models import Organisation

__all__ = ["FORMATS", "export_offerings", "neutralise"]

# Format → (file extension, content type).
FORMATS: dict[str, tuple[str, str]] = {
    "jsonld": ("jsonld", "application/ld+json; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

# Columns whose values are numbers; everything else is text and neutralised when needed.
NUMERIC_COLUMNS = frozenset({"level", "credits_value", "price", "seats", "minimum_participants"})


def _offerings(organisation: Organisation | None) -> Iterator[Offering]:
    offerings = Offering.objects.select_related("provider", "owner", "isced_field")
    if organisation is not None:
        offerings = offerings.filter(owner=organisation)
    else:
        offerings = offerings.filter(status=OfferingStatus.PUBLISHED)
    cohorts = Cohort.objects.select_related("municipality", "delivering_centre").prefetch_related(
        Prefetch(
            "study_groups",
            LocalStudyGroup.objects.select_related("centre", "municipality").order_by("pk"),
        )
    )
    return iter(
        offerings.prefetch_related(
            Prefetch("cohorts", cohorts.order_by("start_date", "pk")), "delivering_centres"
        ).order_by("title", "pk")
    )


def _identifier(obj: Offering | Cohort) -> str:
    return str(getattr(obj, "source_identifier", "") or obj.public_id)


def _absolute(path: str) -> str:
    return str(getattr(settings, "SITE_URL", "") or "") + path


# --- JSON-LD ---------------------------------------------------------------------------------

# What ``jsonld.course_instance`` writes for the page but the import profile reads otherwise.
_SCHEDULE_HINTS: dict[str, dict[str, Any]] = {
    "weekend": {"byDay": ["Saturday"]},
    "evening": {"startTime": "18:00"},
    "daytime": {"startTime": "09:00"},
}


def _schedule(cohort: Cohort) -> dict[str, Any] | None:
    """A ``Schedule`` from which the importer derives the cohort's schedule kind (the
    matching-dev README's rule); None (no schedule) for self-paced cohorts."""
    kinds = cohort.schedule_kind_list
    if not kinds or kinds == ["self_paced"]:
        return None
    schedule: dict[str, Any] = {"@type": "Schedule"}
    for kind in ("weekend", "evening", "daytime"):
        if kind in kinds:
            schedule.update(_SCHEDULE_HINTS[kind])
            break
    if cohort.schedule_text:
        schedule["description"] = cohort.schedule_text
    return schedule


def _instance(cohort: Cohort, with_status: bool) -> dict[str, Any]:
    data = jsonld.course_instance(cohort, _absolute)
    data.pop("@id", None)
    data["identifier"] = _identifier(cohort)
    # One Place (the import profile) or none for online cohorts.
    if cohort.has_place:
        place = {k: v for k, v in jsonld._place(cohort).items() if k != "geo"}
        place["address"].pop("addressLocality", None)
        data["location"] = place
    else:
        data.pop("location", None)
    data["livslang:country"] = cohort.country
    if cohort.municipality is not None:
        data["livslang:municipalityCode"] = cohort.municipality.code
    schedule = _schedule(cohort)
    data.pop("courseSchedule", None)
    if schedule is not None:
        data["courseSchedule"] = schedule
    data["livslang:scheduleKinds"] = cohort.schedule_kind_list
    if cohort.schedule_text:
        data["livslang:scheduleText"] = cohort.schedule_text
    if cohort.workload_text:
        data["courseWorkload"] = cohort.workload_text
    if cohort.price is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": float(cohort.price),
            "priceCurrency": cohort.currency,
        }
    data["livslang:enrolmentMethod"] = cohort.enrolment_method
    data["livslang:guaranteedStart"] = cohort.guaranteed_start
    if cohort.minimum_participants is not None:
        data["livslang:minimumParticipants"] = cohort.minimum_participants
    if cohort.application_deadline is not None:
        data["livslang:applicationDeadline"] = cohort.application_deadline.isoformat()
    if cohort.application_url:
        data["livslang:applicationUrl"] = cohort.application_url
    if cohort.delivering_centre is not None:
        data["livslang:deliveringCentre"] = cohort.delivering_centre.slug
    group = next(iter(cohort.study_groups.all()), None)
    if group is not None:
        data["livslang:studyGroup"] = {
            "centre": group.centre.slug,
            "municipalityCode": group.municipality.code,
        }
    if with_status:
        data["livslang:status"] = cohort.status
    return data


def _course(offering: Offering, with_status: bool) -> dict[str, Any]:
    cohorts = list(offering.cohorts.all())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "identifier": _identifier(offering),
        "name": offering.title,
        "description": offering.description,
        "inLanguage": offering.language,
        "provider": {"@type": "Organization", "name": offering.provider.name},
    }
    if offering.external_url:
        data["url"] = offering.external_url
    if offering.credits_value is not None or offering.credits_unit:
        credits: dict[str, Any] = {"@type": "StructuredValue"}
        if offering.credits_value is not None:
            credits["value"] = float(offering.credits_value)
        if offering.credits_unit:
            credits["unitText"] = offering.credits_unit
        data["numberOfCredits"] = credits
    if offering.level_text:
        data["educationalLevel"] = offering.level_text
    if offering.duration_text:
        data["timeRequired"] = offering.duration_text
    if offering.topic_list:
        data["teaches"] = offering.topic_list
    if offering.isced_field is not None:
        data["livslang:iscedCode"] = offering.isced_field.code
    if offering.level_framework:
        data["livslang:levelFramework"] = offering.level_framework
    if offering.level is not None:
        data["livslang:level"] = offering.level
    for field, name in (
        ("target_group", "livslang:targetGroup"),
        ("prerequisites", "livslang:prerequisites"),
        ("admission_requirements", "livslang:admissionRequirements"),
    ):
        if getattr(offering, field):
            data[name] = getattr(offering, field)
    centres = sorted(c.slug for c in offering.delivering_centres.all())
    if centres:
        data["livslang:deliveringCentre"] = centres
    if with_status:
        data["livslang:status"] = offering.status
    data["hasCourseInstance"] = [_instance(c, with_status) for c in cohorts]
    return data


def _jsonld(offerings: Iterable[Offering], with_status: bool) -> bytes:
    items = [_course(o, with_status) for o in offerings]
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- Rows (CSV and XLSX) ---------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _offering_values(offering: Offering) -> dict[str, Any]:
    return {
        "offering_identifier": _identifier(offering),
        "title": offering.title,
        "description": offering.description,
        "language": offering.language,
        "provider": offering.provider.name,
        "isced_code": offering.isced_field.code if offering.isced_field else "",
        "level_framework": offering.level_framework,
        "level": offering.level,
        "level_text": offering.level_text,
        "credits_value": offering.credits_value,
        "credits_unit": offering.credits_unit,
        "duration": offering.duration_text,
        "target_group": offering.target_group,
        "prerequisites": offering.prerequisites,
        "admission_requirements": offering.admission_requirements,
        "topics": ";".join(offering.topic_list),
        "external_url": offering.external_url,
        "status": offering.status,
    }


def _cohort_values(cohort: Cohort) -> dict[str, Any]:
    group = next(iter(cohort.study_groups.all()), None)
    return {
        "cohort_identifier": _identifier(cohort),
        "mode": cohort.mode,
        "country": cohort.country,
        "postcode": cohort.postcode,
        "municipality_code": cohort.municipality.code if cohort.municipality else "",
        "venue": cohort.venue_name,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat() if cohort.end_date else "",
        "schedule_kinds": ";".join(cohort.schedule_kind_list),
        "schedule_text": cohort.schedule_text,
        "workload": cohort.workload_text,
        "price": cohort.price,
        "currency": cohort.currency,
        "seats": cohort.seats,
        "minimum_participants": cohort.minimum_participants,
        "guaranteed_start": "true" if cohort.guaranteed_start else "false",
        "application_deadline": (
            cohort.application_deadline.isoformat() if cohort.application_deadline else ""
        ),
        "enrolment_method": cohort.enrolment_method,
        "application_url": cohort.application_url,
        "delivering_centre": cohort.delivering_centre.slug if cohort.delivering_centre else "",
        "study_group_centre": group.centre.slug if group else "",
        "study_group_municipality_code": group.municipality.code if group else "",
        "cohort_status": cohort.status,
    }


def _rows(offerings: Iterable[Offering]) -> Iterator[list[Any]]:
    """One row per cohort (an offering without cohorts: one row without cohort values), with
    ``None`` for an empty cell and numbers as ``int``/``Decimal``."""
    for offering in offerings:
        base = _offering_values(offering)
        cohorts: list[Cohort | None] = [*offering.cohorts.all()] or [None]
        for cohort in cohorts:
            values = dict(base)
            if cohort is not None:
                values.update(_cohort_values(cohort))
            row: list[Any] = []
            for column in COLUMNS:
                value = values.get(column)
                if column in NUMERIC_COLUMNS:
                    row.append(value if value is not None and value != "" else None)
                else:
                    row.append(_text(value) or None)
            yield row


def _csv(offerings: Iterable[Offering]) -> bytes:
    return csv_bytes(COLUMNS, _rows(offerings), NUMERIC_COLUMNS)


def _xlsx(offerings: Iterable[Offering]) -> bytes:
    return xlsx_bytes([("Offerings", COLUMNS, _rows(offerings))], NUMERIC_COLUMNS)


def export_offerings(*, organisation: Organisation | None = None, fmt: str) -> bytes:
    """The offerings of ``organisation`` (every status) or all published offerings, as
    ``fmt`` (``jsonld``, ``csv`` or ``xlsx``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    offerings = _offerings(organisation)
    if fmt == "jsonld":
        return _jsonld(offerings, with_status=organisation is not None)
    if fmt == "csv":
        return _csv(offerings)
    return _xlsx(offerings)
