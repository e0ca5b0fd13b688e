"""A cohort as an iCalendar file (RFC 5545): one all-day event from its start to its end date.

Written by hand: CRLF line endings, lines folded at 75 octets (never inside a UTF-8 character),
``\\``, ``;``, ``,`` and newlines escaped in text values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from livslang.catalog.models import Cohort, CohortStatus, Mode

PRODID = "-//Livslang//Livslang catalogue//EN"
LINE_OCTETS = 75
# Cohorts that are sure to run (or have run); planned and open ones are tentative.
CONFIRMED = frozenset({CohortStatus.WILL_RUN, CohortStatus.RUNNING, CohortStatus.COMPLETED})


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value (section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets; continuation lines start with a
    space (which counts toward their 75)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _date(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _location(cohort: Cohort) -> str:
    if cohort.mode == Mode.ONLINE:
        return _("Online")
    parts = [cohort.venue_name]
    place = " ".join(p for p in (cohort.postcode, getattr(cohort.municipality, "name", "")) if p)
    parts.append(place)
    return ", ".join(p for p in parts if p)


def _status(cohort: Cohort) -> str:
    if cohort.status == CohortStatus.CANCELLED:
        return "CANCELLED"
    if cohort.guaranteed_start or cohort.status in CONFIRMED:
        return "CONFIRMED"
    return "TENTATIVE"


def calendar(
    cohort: Cohort, *, url: str, host: str, now: dt.datetime, description: Iterable[str] = ()
) -> str:
    """The calendar file of ``cohort``; ``url`` is its public address, ``host`` names the UID's
    domain, ``now`` (aware) is the DTSTAMP."""
    offering = cohort.offering
    end = (cohort.end_date or cohort.start_date) + dt.timedelta(days=1)  # DTEND is exclusive
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = "\n".join([*(d for d in description if d), url])
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{cohort.public_id}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(cohort.start_date)}",
        f"DTEND;VALUE=DATE:{_date(end)}",
        f"SUMMARY:{escape_text(offering.title)}",
        f"DESCRIPTION:{escape_text(text)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        f"STATUS:{_status(cohort)}",
    ]
    location = _location(cohort)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if cohort.latitude is not None and cohort.longitude is not None:
        lines.append(f"GEO:{cohort.latitude:.6f};{cohort.longitude:.6f}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
