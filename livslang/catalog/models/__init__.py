"""The catalogue's models: offerings, cohorts and local study groups; the change log; imports.

Writes go through ``livslang.catalog.services`` (validation, audit, change log); reads through
``livslang.catalog.queries`` or the QuerySet methods on the models.
"""

from livslang.catalog.models.changes import ChangeAction, ChangeCounter, ChangeEvent, ChangeKind
from livslang.catalog.models.imports import ImportBatch, ImportJob, ImportStage
from livslang.catalog.models.offerings import (
    SCHEDULE_FIELDS,
    Cohort,
    CohortQuerySet,
    CohortStatus,
    CreditsUnit,
    Currency,
    EnrolmentMethod,
    LevelFramework,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingLanguage,
    OfferingQuerySet,
    OfferingStatus,
    Pace,
    ScheduleKind,
    _list_of_strings,
    validate_web_address,
)

__all__ = [
    "SCHEDULE_FIELDS",
    "ChangeAction",
    "ChangeCounter",
    "ChangeEvent",
    "ChangeKind",
    "Cohort",
    "CohortQuerySet",
    "CohortStatus",
    "CreditsUnit",
    "Currency",
    "EnrolmentMethod",
    "ImportBatch",
    "ImportJob",
    "ImportStage",
    "LevelFramework",
    "LocalStudyGroup",
    "Mode",
    "Offering",
    "OfferingLanguage",
    "OfferingQuerySet",
    "OfferingStatus",
    "Pace",
    "ScheduleKind",
    "_list_of_strings",
    "validate_web_address",
]
