"""Regional programmes: the programme, its partners, tracks, goals with their indicators and
measurements, action-plan items (actions) and initiatives (``core``); the coordination group
with meetings and decisions (``coordination``); cooperation agreements followed up region by
region (``agreements``); the knowledge base of experiences and the digest preference
(``experiences``).

Writes go through ``livslang.programmes.services`` (validation, audit); reads through
``queries`` and ``progress``. Who may see or change what is decided in ``rules`` (domain) and
``access`` (HTTP).
"""

from livslang.programmes.models.agreements import (
    Agreement,
    AgreementParty,
    Commitment,
    Evidence,
    EvidenceKind,
)
from livslang.programmes.models.coordination import (
    CoordinationGroup,
    Decision,
    GroupMember,
    Meeting,
    Represents,
)
from livslang.programmes.models.core import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Direction,
    Goal,
    Indicator,
    IndicatorSource,
    Initiative,
    Measurement,
    MeasurementSource,
    PartnerRole,
    Programme,
    ProgrammePartner,
    ProgrammeStatus,
    Track,
)
from livslang.programmes.models.experiences import (
    DigestDelivery,
    DigestPreference,
    Experience,
    ExperienceComment,
    split_tags,
)

__all__ = [
    "OPEN_ACTION_STATUSES",
    "Action",
    "ActionStatus",
    "Agreement",
    "AgreementParty",
    "Commitment",
    "CoordinationGroup",
    "Decision",
    "DigestDelivery",
    "DigestPreference",
    "Direction",
    "Evidence",
    "EvidenceKind",
    "Experience",
    "ExperienceComment",
    "Goal",
    "GroupMember",
    "Indicator",
    "IndicatorSource",
    "Initiative",
    "Measurement",
    "MeasurementSource",
    "Meeting",
    "PartnerRole",
    "Programme",
    "ProgrammePartner",
    "ProgrammeStatus",
    "Represents",
    "Track",
    "split_tags",
]
