"""A cohort's participant list as CSV or XLSX for its organisation's staff (formula-safe)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils import timezone

from livslang.enrolments.models import Enrolment, EnrolmentStatus
from livslang.spreadsheets import csv_bytes, xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "status",
    "waitlist_position",
    "name",
    "email",
    "signed_up",
    "confirmed",
    "from_waitlist",
)
NUMERIC = frozenset({"waitlist_position"})


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _rows(enrolments: Iterable[Enrolment]) -> Iterator[Sequence[Any]]:
    for enrolment in enrolments:
        learner = enrolment.learner
        yield (
            enrolment.status,
            getattr(enrolment, "position", None)
            if enrolment.status == EnrolmentStatus.WAITLISTED
            else None,
            learner.full_name if learner is not None else "",
            learner.email if learner is not None else "",
            _when(enrolment.created_at),
            _when(enrolment.confirmed_at),
            "yes" if enrolment.promoted else "",
        )


def participant_file(enrolments: Sequence[Enrolment], fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        return csv_bytes(COLUMNS, _rows(enrolments), NUMERIC), FORMATS[fmt]
    return xlsx_bytes([("Participants", COLUMNS, _rows(enrolments))], NUMERIC), FORMATS[fmt]
