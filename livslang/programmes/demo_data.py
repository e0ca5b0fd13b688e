"""The demo programme, modelled on the seed material: a ten-year regional programme run by
Region Sjælland with its 17 municipalities, five tracks owned by the kinds of actors the
material names, goals on educational attainment, action plans and initiatives. Every figure is
a demo value, not a statistic."""

from __future__ import annotations

from dataclasses import dataclass, field

from livslang.organisations.models import Kind

PROGRAMME_SLUG = "kompetenceloeft-sjaelland"
PROGRAMME_NAME = "Kompetenceløft Sjælland (demo)"
PROGRAMME_DESCRIPTION = (
    "En tiårig regional indsats, som Region Sjælland driver sammen med regionens 17 kommuner, "
    "uddannelsesinstitutionerne, arbejdsmarkedets parter, jobcentrene og vejledningen. Målet "
    "er, at flere voksne får den uddannelse, arbejdsmarkedet efterspørger, tæt på hvor de bor.\n\n"
    "Demodata: alle tal er opfundet til demonstration."
)
SECRETARIAT = "region-sjaelland"
REGION_CODE = "1085"

# Organisations the programme needs beyond the organisations app's demo world:
# (slug, name, kind, municipality code, description).
EXTRA_ORGANISATIONS = [
    (
        "gymnasierne-sjaelland",
        "Gymnasiesamarbejdet Sjælland",
        Kind.PROVIDER,
        "340",
        "Samarbejdet mellem de almene og erhvervsrettede gymnasier i Region Sjælland (demo).",
    ),
    (
        "parterne-sjaelland",
        "Arbejdsmarkedets parter i Region Sjælland",
        Kind.LABOUR_MARKET_PARTY,
        "370",
        "Det regionale samarbejde mellem fagbevægelsen og arbejdsgiverorganisationerne (demo).",
    ),
    (
        "jobcentrene-sjaelland",
        "Jobcentrene i Region Sjælland",
        Kind.OTHER,
        "340",
        "Kommunernes jobcentre, der samarbejder om opkvalificering af ledige (demo).",
    ),
    (
        "studievalg-sjaelland",
        "Studievalg Sjælland",
        Kind.GUIDANCE_SERVICE,
        "370",
        "Vejledning om videregående uddannelse og efteruddannelse for unge og voksne (demo).",
    ),
]


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    direction: str
    baseline: str
    target: str
    # Demo values by year after the start (1 = one year in); empty for none yet.
    values: dict[int, str] = field(default_factory=dict)
    computed_kind: str = ""
    interval_months: int = 12


@dataclass(frozen=True)
class DemoGoal:
    key: str
    name: str
    indicator: DemoIndicator
    parent: str = ""
    weight: str = "1"


@dataclass(frozen=True)
class DemoAction:
    title: str
    responsible: str
    person: str
    # Days from today: start and due; status; progress.
    start: int
    due: int
    status: str
    progress: int


@dataclass(frozen=True)
class DemoTrack:
    name: str
    purpose: str
    owners: tuple[str, ...]
    contact: str
    goals: list[DemoGoal]
    actions: list[DemoAction]
    tag: str = ""


PROGRAMME_GOALS = [
    DemoGoal(
        "attainment",
        "Flere voksne med en erhvervskompetencegivende uddannelse",
        DemoIndicator(
            "Andel af de 25-64-årige med en erhvervskompetencegivende uddannelse",
            "%",
            "higher",
            "71.5",
            "77.0",
            {1: "72.1", 2: "72.9", 3: "73.4"},
        ),
    ),
    DemoGoal(
        "neet",
        "Færre unge uden uddannelse og job",
        DemoIndicator(
            "Andel af de 15-24-årige uden uddannelse og job",
            "%",
            "lower",
            "9.8",
            "6.5",
            # The last value is more than a year old: the demo shows a late indicator.
            {1: "9.4"},
        ),
    ),
    DemoGoal(
        "nearby",
        "Efter- og videreuddannelse tæt på, hvor folk bor",
        DemoIndicator(
            "Hold startet i regionen de seneste tolv måneder",
            "hold",
            "higher",
            "4",
            "40",
            computed_kind="cohorts_started_in_region",
        ),
    ),
]

TRACKS = [
    DemoTrack(
        "Spor 1: Ungdomsuddannelse",
        "Flere unge gennemfører en ungdomsuddannelse og kommer videre i uddannelse eller job.",
        ("gymnasierne-sjaelland", "euc-sjaelland"),
        "Mette Lund",
        [
            DemoGoal(
                "youth-completion",
                "Flere unge gennemfører en ungdomsuddannelse",
                DemoIndicator(
                    "Fuldførelsesprocent på ungdomsuddannelserne",
                    "%",
                    "higher",
                    "68",
                    "80",
                    {1: "69.5", 2: "71", 3: "72.5"},
                ),
                parent="neet",
                weight="2",
            ),
        ],
        [
            DemoAction(
                "Fælles frafaldsindsats i første år",
                "euc-sjaelland",
                "Mette Lund",
                -300,
                -20,
                "in_progress",
                70,
            ),
            DemoAction(
                "Brobygning mellem 10. klasse og erhvervsuddannelserne",
                "gymnasierne-sjaelland",
                "Jonas Krog",
                -120,
                45,
                "in_progress",
                40,
            ),
        ],
    ),
    DemoTrack(
        "Spor 2: Videregående uddannelse",
        "Videregående uddannelser på deltid og tæt på, hvor folk bor.",
        ("zealand", "absalon"),
        "Henrik Dahl",
        [
            DemoGoal(
                "part-time",
                "Flere videregående uddannelser på deltid i regionen",
                DemoIndicator(
                    "Videregående uddannelser udbudt på deltid i regionen",
                    "uddannelser",
                    "higher",
                    "12",
                    "30",
                    {1: "14", 2: "17", 3: "21"},
                ),
                parent="attainment",
                weight="1",
            ),
        ],
        [
            DemoAction(
                "Diplomuddannelse i ledelse på deltid i Næstved",
                "absalon",
                "Henrik Dahl",
                -200,
                30,
                "in_progress",
                60,
            ),
            DemoAction(
                "Akademiuddannelse i logistik som fjernundervisning",
                "zealand",
                "Sara Holm",
                -60,
                150,
                "not_started",
                0,
            ),
        ],
    ),
    DemoTrack(
        "Spor 3: Voksen- og efteruddannelse",
        "AMU og VUC bringer efteruddannelse ud i hele regionen, også om aftenen og online.",
        ("vuc-storstrom", "vuc-vestsjaelland", "celf"),
        "Anne Vestergaard",
        [
            DemoGoal(
                "seats",
                "Flere pladser på efteruddannelse mærket til indsatsen",
                DemoIndicator(
                    "Pladser på hold i udbud mærket »Kompetanseløftet« de seneste tolv måneder",
                    "pladser",
                    "higher",
                    "20",
                    "200",
                    computed_kind="seats_offered_in_track",
                ),
                parent="attainment",
                weight="2",
            ),
        ],
        [
            DemoAction(
                "Aftenhold i dansk og matematik i alle 17 kommuner",
                "vuc-storstrom",
                "Anne Vestergaard",
                -400,
                -90,
                "done",
                100,
            ),
            DemoAction(
                "AMU-kurser i svejsning og CNC tilrettelagt for virksomheder",
                "celf",
                "Peter Friis",
                -150,
                -10,
                "delayed",
                50,
            ),
            DemoAction(
                "Online læsekurser for voksne med lokale studierum",
                "vuc-vestsjaelland",
                "Lise Bach",
                -30,
                20,
                "in_progress",
                25,
            ),
        ],
        tag="Kompetanseløftet",
    ),
    DemoTrack(
        "Spor 4: Arbejdsmarkedets parter",
        "Parterne får flere virksomheder til at planlægge medarbejdernes efteruddannelse.",
        ("parterne-sjaelland",),
        "Kim Mortensen",
        [
            DemoGoal(
                "competence-plans",
                "Flere virksomheder med en kompetenceplan",
                DemoIndicator(
                    "Virksomheder med en kompetenceplan",
                    "virksomheder",
                    "higher",
                    "150",
                    "600",
                    {1: "190", 2: "260", 3: "310"},
                ),
                parent="attainment",
                weight="1",
            ),
        ],
        [
            DemoAction(
                "Kampagne om kompetenceplaner i små virksomheder",
                "parterne-sjaelland",
                "Kim Mortensen",
                -90,
                60,
                "in_progress",
                30,
            ),
            DemoAction(
                "Fælles uddannelsesambassadører på arbejdspladserne",
                "parterne-sjaelland",
                "Rikke Sand",
                30,
                300,
                "not_started",
                0,
            ),
        ],
    ),
    DemoTrack(
        "Spor 5: Beskæftigelse og vejledning",
        "Jobcentre og vejledning hjælper ledige og beskæftigede til den rette uddannelse.",
        ("jobcentrene-sjaelland", "studievalg-sjaelland"),
        "Ole Juhl",
        [
            DemoGoal(
                "unskilled-unemployed",
                "Færre ufaglærte ledige over seks måneder",
                # No value yet: the demo shows missing data.
                DemoIndicator(
                    "Ufaglærte ledige over seks måneder",
                    "personer",
                    "lower",
                    "2400",
                    "1500",
                    interval_months=6,
                ),
                parent="neet",
                weight="1",
            ),
        ],
        [
            DemoAction(
                "Uddannelsesvejledning i alle jobcentre",
                "studievalg-sjaelland",
                "Ole Juhl",
                -250,
                -5,
                "in_progress",
                80,
            ),
            DemoAction(
                "Opkvalificeringsforløb for ledige inden for pleje",
                "jobcentrene-sjaelland",
                "Nina Kjær",
                -100,
                90,
                "not_started",
                0,
            ),
            DemoAction(
                "Fælles karrieredag for voksne",
                "studievalg-sjaelland",
                "Ole Juhl",
                -500,
                -200,
                "cancelled",
                0,
            ),
        ],
    ),
]

# (name, owner slug, description, track numbers it serves (1-5), days since it started, new?)
INITIATIVES = [
    (
        "VEU-alliancen Sjælland",
        "vuc-storstrom",
        "Et samarbejde om opsøgende arbejde i virksomhederne, der var i gang før indsatsen.",
        (3, 4),
        -1500,
        False,
    ),
    (
        "Uddannelsesbussen",
        "studievalg-sjaelland",
        "En mobil vejledning, der kører til arbejdspladser og biblioteker i yderkommunerne.",
        (5,),
        -200,
        True,
    ),
    (
        "Lokale studierum i kommunerne",
        "kkr-sjaelland",
        "Studierum med udstyr til fjernundervisning i alle 17 kommuner.",
        (2, 3),
        -400,
        True,
    ),
]

# The demo users who play the programme roles (README, tests/browser/registry.py).
PROGRAMME_ADMIN_EMAIL = "programme_admin@demo.livslang.test"
TRACK_OWNER_EMAIL = "track_owner@demo.livslang.test"
TRACK_OWNER_ORGANISATION = "vuc-storstrom"
