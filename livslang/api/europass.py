"""An export of published offerings and cohorts as European Learning Model (ELM 3)
learning opportunities, in JSON-LD, for Europass.

ELM-aligned, not validated: the ELM SHACL shapes cannot be vendored here, so no SHACL
validation runs. An offering is a ``LearningOpportunity`` with its ``LearningSpecification``;
each cohort is a ``LearningOpportunity`` of its own (``hasPart`` of the offering's) with its
dates, place, price and mode. Fields no standard carries (minimum participants, guaranteed
start, local study groups, enrolment method) are in the ``livslang:`` extension.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse

from livslang.catalog.models import Cohort, Offering

ELM = "http://data.europa.eu/snb/model/elm/"
CONTEXT = {
    "elm": ELM,
    "dc": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "livslang": f"{getattr(settings, 'SITE_URL', '')}/api/v1/europass/vocabulary#",
    "id": "@id",
    "type": "@type",
}
_LANGUAGE = {
    "nb": "http://publications.europa.eu/resource/authority/language/NOB",
    "nn": "http://publications.europa.eu/resource/authority/language/NNO",
    "da": "http://publications.europa.eu/resource/authority/language/DAN",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
    "se": "http://publications.europa.eu/resource/authority/language/SME",
}
_MODE = {
    "on_site": "http://data.europa.eu/snb/learning-setting/inPerson",
    "online": "http://data.europa.eu/snb/learning-setting/online",
    "blended": "http://data.europa.eu/snb/learning-setting/blended",
}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _text(value: str, language: str) -> dict[str, str]:
    return {"@value": value, "@language": language}


def _specification(offering: Offering) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "id": _absolute(offering.get_absolute_url()) + "#specification",
        "type": "elm:LearningAchievementSpecification",
        "dc:title": _text(offering.title, offering.language),
        "elm:language": {"id": _LANGUAGE.get(offering.language, _LANGUAGE["nb"])},
    }
    if offering.description:
        spec["dc:description"] = _text(offering.description, offering.language)
    if offering.isced_field:
        spec["elm:ISCEDFCode"] = {
            "id": f"http://data.europa.eu/snb/isced-f/{offering.isced_field.code}"
        }
    if offering.credits_value is not None and offering.credits_unit == "ects":
        spec["elm:creditPoint"] = {
            "type": "elm:CreditPoint",
            "elm:framework": {"id": "http://data.europa.eu/snb/education-credit/ECTS"},
            "elm:point": format(offering.credits_value.normalize(), "f"),
        }
    elif offering.credits_value is not None:
        spec["livslang:credits"] = {
            "livslang:value": format(offering.credits_value.normalize(), "f"),
            "livslang:unit": offering.credits_unit,
        }
    if offering.level is not None and offering.level_framework == "eqf":
        spec["elm:EQFLevel"] = {"id": f"http://data.europa.eu/snb/eqf/{offering.level}"}
    elif offering.level is not None:
        spec["livslang:level"] = {
            "livslang:framework": offering.level_framework,
            "livslang:value": offering.level,
        }
    if offering.prerequisites:
        spec["elm:entryRequirement"] = {
            "type": "elm:Note",
            "elm:noteLiteral": _text(offering.prerequisites, offering.language),
        }
    if offering.target_group:
        spec["elm:targetGroup"] = _text(offering.target_group, offering.language)
    return spec


def _cohort(cohort: Cohort, offering: Offering) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": _absolute(cohort.get_absolute_url()),
        "type": "elm:LearningOpportunity",
        "dc:title": _text(offering.title, offering.language),
        "elm:learningSchedule": {"@value": cohort.schedule_text} if cohort.schedule_text else None,
        "elm:temporal": {
            "type": "elm:PeriodOfTime",
            "elm:startDate": {"@value": cohort.start_date.isoformat(), "@type": "xsd:date"},
        },
        "elm:mode": {"id": _MODE[cohort.mode]} if cohort.mode in _MODE else None,
        "elm:homepage": {"id": _absolute(cohort.get_absolute_url())},
        "livslang:status": cohort.status,
        "livslang:minimumParticipants": cohort.minimum_participants,
        "livslang:guaranteedStart": cohort.guaranteed_start,
        "livslang:enrolmentMethod": cohort.enrolment_method,
        "livslang:seats": cohort.seats,
        "livslang:localStudyGroups": [
            {
                "livslang:centre": g.centre.slug if g.centre else None,
                "livslang:municipality": g.municipality.code if g.municipality else None,
                "livslang:room": g.room,
            }
            for g in cohort.study_groups.all()
        ],
    }
    if cohort.end_date:
        node["elm:temporal"]["elm:endDate"] = {
            "@value": cohort.end_date.isoformat(),
            "@type": "xsd:date",
        }
    if cohort.application_deadline:
        node["elm:applicationDeadline"] = {
            "@value": cohort.application_deadline.isoformat(),
            "@type": "xsd:date",
        }
    if cohort.price is not None:
        node["elm:priceDetail"] = {
            "type": "elm:PriceDetail",
            "elm:amount": {
                "type": "elm:Amount",
                "elm:value": format(cohort.price.normalize(), "f"),
                "elm:unit": {
                    "id": "http://publications.europa.eu/resource/authority/currency/"
                    + cohort.currency
                },
            },
        }
    if cohort.municipality is not None or cohort.postcode:
        node["elm:location"] = {
            "type": "elm:Location",
            "elm:address": {
                "type": "elm:Address",
                "elm:countryCode": {
                    "id": "http://publications.europa.eu/resource/authority/country/"
                    + ("NOR" if cohort.country == "NO" else "DNK")
                },
                "elm:fullAddress": {
                    "@value": " ".join(
                        p
                        for p in (
                            cohort.venue_name,
                            cohort.postcode,
                            cohort.municipality.name if cohort.municipality else "",
                        )
                        if p
                    )
                },
            },
        }
    if cohort.safe_application_url:
        node["elm:applicationProcess"] = {"id": cohort.safe_application_url}
    return {k: v for k, v in node.items() if v is not None}


def opportunity(offering: Offering) -> dict[str, Any]:
    url = _absolute(offering.get_absolute_url())
    cohorts = sorted(offering.cohorts.all(), key=lambda c: (c.start_date, c.pk))
    return {
        "id": url,
        "type": "elm:LearningOpportunity",
        "dc:identifier": str(offering.public_id),
        "dc:title": _text(offering.title, offering.language),
        "elm:homepage": {"id": url},
        "elm:learningAchievementSpecification": _specification(offering),
        "elm:providedBy": {
            "id": _absolute(reverse("organisations:detail", args=[offering.provider.slug])),
            "type": "elm:Organisation",
            "elm:legalName": _text(offering.provider.name, offering.language),
        }
        if offering.provider
        else None,
        "elm:hasPart": [_cohort(c, offering) for c in cohorts],
        "livslang:funding": {
            "livslang:employer": offering.funding_employer,
            "livslang:publicGrant": offering.funding_public_grant,
            "livslang:loan": offering.funding_loan,
        },
    }


def graph(offerings: Iterable[Offering], meta: dict[str, int] | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@graph": [opportunity(o) for o in offerings],
    }
    if meta is not None:
        document["livslang:page"] = meta
    return document
