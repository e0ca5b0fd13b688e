"""schema.org ``Course`` with its ``CourseInstance``s as JSON-LD, embedded in offering pages."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from livslang.catalog.models import Cohort, CreditsUnit, Mode, Offering

COURSE_MODE = {Mode.ON_SITE: "onsite", Mode.ONLINE: "online", Mode.BLENDED: "blended"}
# Inside <script> only these can end the element or start markup; \u escapes keep the JSON equal.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _place(cohort: Cohort) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": cohort.country}
    if cohort.municipality is not None:
        address["addressLocality"] = cohort.municipality.name
    if cohort.postcode:
        address["postalCode"] = cohort.postcode
    place: dict[str, Any] = {"@type": "Place", "address": address}
    if cohort.venue_name:
        place["name"] = cohort.venue_name
    if cohort.latitude is not None and cohort.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": cohort.latitude,
            "longitude": cohort.longitude,
        }
    return place


def course_instance(cohort: Cohort, absolute: Callable[[str], str]) -> dict[str, Any]:
    url = absolute(cohort.get_absolute_url())
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "@id": url,
        "identifier": str(cohort.public_id),
        "courseMode": COURSE_MODE.get(Mode(cohort.mode), cohort.mode),
        "startDate": cohort.start_date.isoformat(),
    }
    if cohort.end_date is not None:
        instance["endDate"] = cohort.end_date.isoformat()
    locations: list[dict[str, Any]] = []
    if cohort.has_place:
        locations.append(_place(cohort))
    if cohort.mode in (Mode.ONLINE, Mode.BLENDED):
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        instance["location"] = locations[0] if len(locations) == 1 else locations
    if cohort.schedule_text:
        instance["courseSchedule"] = {"@type": "Schedule", "description": cohort.schedule_text}
    if cohort.price is not None:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": str(cohort.price),
            "priceCurrency": cohort.currency,
            "url": url,
        }
        if cohort.application_deadline is not None:
            offer["validThrough"] = cohort.application_deadline.isoformat()
        instance["offers"] = offer
    if cohort.seats is not None:
        instance["maximumAttendeeCapacity"] = cohort.seats
    return instance


def course(
    offering: Offering, cohorts: Iterable[Cohort], absolute: Callable[[str], str]
) -> dict[str, Any]:
    """The offering as a schema.org ``Course``; ``absolute`` turns a path into a full URL."""
    provider = offering.provider
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": absolute(offering.get_absolute_url()),
        "url": absolute(offering.get_absolute_url()),
        "identifier": str(offering.public_id),
        "name": offering.title,
        "description": offering.description or offering.title,
        "inLanguage": offering.language,
        "provider": {
            "@type": "Organization",
            "name": provider.name,
            "url": absolute(reverse("organisations:detail", args=[provider.slug])),
        },
    }
    if offering.credits_value is not None and offering.credits_unit:
        data["numberOfCredits"] = {
            "@type": "StructuredValue",
            "value": float(offering.credits_value),
            "unitText": str(CreditsUnit(offering.credits_unit).label),
        }
    if offering.level is not None and offering.level_framework:
        data["educationalLevel"] = f"{offering.level_framework.upper()} {offering.level}"
    if offering.level_text:
        data["educationalCredentialAwarded"] = offering.level_text
    if offering.topic_list:
        data["keywords"] = ", ".join(offering.topic_list)
    if offering.has_prerequisites:
        data["coursePrerequisites"] = offering.prerequisites
    if offering.isced_field is not None:
        data["about"] = {
            "@type": "DefinedTerm",
            "termCode": offering.isced_field.code,
            "name": offering.isced_field.name_en,
            "inDefinedTermSet": "ISCED-F 2013",
        }
    data["hasCourseInstance"] = [course_instance(c, absolute) for c in cohorts]
    return data


def script(data: dict[str, Any]) -> SafeString:
    """``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped, so no text
    in the data can close the element (as Django's ``json_script``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(text),
    )
