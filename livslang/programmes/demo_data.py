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


# --- Programmes II: the coordination group, the agreement and the experiences --------------
# Every name, date and figure below is a demo value.

GROUP_NAME = "Koordinationsgruppen for Kompetenceløft Sjælland (demo)"
GROUP_MANDATE = (
    "Gruppen omsætter de vedtagne handlingsplaner til praksis og repræsenterer alle "
    "uddannelsesniveauer, arbejdsmarkedets parter og vejledningen. (Demodata.)"
)
GROUP_MEMBER_EMAIL = "group_member@demo.livslang.test"
# (e-mail, full name, organisation slug, what they represent)
GROUP_MEMBERS = [
    (GROUP_MEMBER_EMAIL, "Gunhild Gruppe", "region-sjaelland", "public_sector"),
    ("koord.grundskole@demo.livslang.test", "Kasper Kommune", "kkr-sjaelland", "primary"),
    (
        "koord.gymnasier@demo.livslang.test",
        "Gitte Gymnasie",
        "gymnasierne-sjaelland",
        "upper_secondary",
    ),
    ("koord.erhverv@demo.livslang.test", "Erik Erhverv", "euc-sjaelland", "vocational_college"),
    ("koord.hoejere@demo.livslang.test", "Hanne Højskole", "absalon", "higher"),
    (TRACK_OWNER_EMAIL, "Torben Track", TRACK_OWNER_ORGANISATION, "adult"),
    ("koord.parter@demo.livslang.test", "Per Parter", "parterne-sjaelland", "working_life"),
    ("koord.vejledning@demo.livslang.test", "Vera Vejleder", "studievalg-sjaelland", "guidance"),
]


@dataclass(frozen=True)
class DemoDecision:
    text: str
    # (follow-up, responsible organisation slug, due in days from today, status)
    follow_ups: tuple[tuple[str, str, int, str], ...] = ()


@dataclass(frozen=True)
class DemoMeeting:
    title: str
    days: int  # from today (negative: held)
    place: str
    agenda: str
    minutes: str = ""
    decisions: tuple[DemoDecision, ...] = ()


MEETINGS = [
    DemoMeeting(
        "Koordinationsmøde 1/2026 (demo)",
        -70,
        "Regionshuset, Sorø",
        "1. Status på handlingsplanerne\n2. Aftenhold for skifteholdsarbejdere\n3. Eventuelt",
        "Gruppen gennemgik handlingsplanerne. Sporene 2 og 4 er forsinkede.",
        (
            DemoDecision(
                "VUC Storstrøm kortlægger behovet for aftenhold i yderkommunerne.",
                (("Kortlæg behovet for aftenhold", "vuc-storstrom", -10, "in_progress"),),
            ),
            DemoDecision(
                "Studievalg Sjælland planlægger vejledning på arbejdspladserne.",
                (("Plan for vejledning på arbejdspladser", "studievalg-sjaelland", 20, "done"),),
            ),
        ),
    ),
    DemoMeeting(
        "Koordinationsmøde 2/2026 (demo)",
        -14,
        "Absalon, Slagelse",
        "1. Opfølgning fra sidste møde\n2. Fælles studierum\n3. Erfaringsudveksling",
        "Gruppen besluttede at samle erfaringerne fra studierummene.",
        (
            DemoDecision(
                "KKR Sjælland samler erfaringerne fra de lokale studierum.",
                (("Saml erfaringer fra studierummene", "kkr-sjaelland", 5, "not_started"),),
            ),
            DemoDecision(
                "Arbejdsmarkedets parter inviteres til næste møde om kompetencebehov.",
                (("Invitér parterne", "parterne-sjaelland", 25, "not_started"),),
            ),
        ),
    ),
    DemoMeeting(
        "Koordinationsmøde 3/2026 (demo)",
        21,
        "Zealand, Næstved",
        "1. Kompetencebehov hos virksomhederne\n2. Status på opfølgningerne\n3. Eventuelt",
    ),
]

AGREEMENT_SLUG = "samarbeidsavtale-demo"
AGREEMENT_TITLE = "Samarbeidsavtale om arbeidsrelevant etter- og videreutdanning (demo)"
AGREEMENT_PURPOSE = (
    "Norske Utdanningssentre og Kompetanseforbundet skal sammen gjøre arbeidsrelevant etter- "
    "og videreutdanning tilgjengelig i hele landet, og fylle avtalen med innhold i hvert "
    "fylke. (Demodata: avtalen, partene og tallene er oppdiktet.)"
)
AGREEMENT_PARTY_EMAIL = "agreement_party@demo.livslang.test"
# (organisation slug, county codes it follows up)
AGREEMENT_PARTIES = [
    ("norske-utdanningssentre", ("18", "55", "56")),
    ("kompetanseforbundet", ("42", "46")),
]
COMMITMENTS = [
    "Kartlegge kompetansebehovet i arbeidslivet i hvert fylke",
    "Tilby minst to desentraliserte studietilbud per fylke hvert år",
    "Etablere lokale studiesteder med veiledning",
    "Dele erfaringer og resultater årlig",
]
# (commitment index, county code, action, responsible slug, due in days, status, evidence)
# evidence: ("link", description, url) or ("measurement", description, value, unit) or None
REGIONAL_ACTIONS = [
    (
        0,
        "55",
        "Behovskartlegging i Troms",
        "norske-utdanningssentre",
        -30,
        "done",
        ("link", "Rapport fra kartleggingen (demo)", "https://example.org/demo/troms-rapport"),
    ),
    (
        1,
        "55",
        "To studietilbud i Senja og Nord-Troms",
        "norske-utdanningssentre",
        60,
        "in_progress",
        ("measurement", "Påmeldte studenter (demo)", "34", "personer"),
    ),
    (0, "56", "Behovskartlegging i Finnmark", "norske-utdanningssentre", -5, "in_progress", None),
    (2, "56", "Studiested i Vadsø", "norske-utdanningssentre", 120, "not_started", None),
    (
        0,
        "18",
        "Behovskartlegging i Nordland",
        "norske-utdanningssentre",
        -60,
        "done",
        ("measurement", "Virksomheter intervjuet (demo)", "48", "virksomheter"),
    ),
    (
        0,
        "46",
        "Behovskartlegging i Vestland",
        "kompetanseforbundet",
        -20,
        "done",
        ("link", "Oppsummering (demo)", "https://example.org/demo/vestland"),
    ),
    (1, "46", "Desentralisert tilbud i helsefag", "kompetanseforbundet", 90, "not_started", None),
    (0, "42", "Behovskartlegging i Agder", "kompetanseforbundet", -3, "not_started", None),
    (3, "42", "Erfaringsseminar i Kristiansand", "kompetanseforbundet", 150, "not_started", None),
]


@dataclass(frozen=True)
class DemoExperience:
    title: str
    author: str  # organisation slug
    tags: str
    context: str
    target_group: str
    done: str
    learned: str
    results: str = ""
    tracks: tuple[int, ...] = ()  # track numbers (1-5)
    days: int = -30  # published, from today
    comments: tuple[str, ...] = ()


EXPERIENCES = [
    DemoExperience(
        "Aftenhold for skifteholdsarbejdere (demo)",
        "vuc-storstrom",
        "skifteholdsarbejde, aftenhold",
        "Mange på skiftehold kunne ikke følge holdene om dagen.",
        "Skifteholdsarbejdere i industrien",
        "Vi gentog hver lektion både formiddag og aften, så deltagerne kunne skifte hold.",
        "Fleksible mødetider betyder mere end korte forløb.",
        "18 af 20 gennemførte (demotal).",
        (3,),
        -2,
        ("Det vil vi også prøve i Vestsjælland.",),
    ),
    DemoExperience(
        "Studierum på biblioteket (demo)",
        "kkr-sjaelland",
        "studierum, fjernundervisning",
        "Lang transport til uddannelsesstederne.",
        "Voksne på fjernundervisning",
        "Kommunerne indrettede studierum med skærm og kamera på bibliotekerne.",
        "Et fast sted og en kontaktperson holder deltagerne fast.",
        "",
        (2, 3),
        -5,
    ),
    DemoExperience(
        "Vejledning på arbejdspladsen (demo)",
        "studievalg-sjaelland",
        "vejledning, virksomheder",
        "Ufaglærte søger sjældent vejledning selv.",
        "Ufaglærte medarbejdere",
        "Vejlederne holdt åben vejledning i frokostpausen på seks virksomheder.",
        "Vejledning tæt på arbejdet sænker tærsklen.",
        "",
        (5,),
        -40,
    ),
    DemoExperience(
        "Lærlinge i kommunerne (demo)",
        "kkr-sjaelland",
        "lærlinge, kommuner",
        "Kommunerne mangler social- og sundhedsassistenter.",
        "Voksne lærlinge",
        "Kommunerne oprettede flere voksenlærepladser med fast mentor.",
        "En mentor fra første dag halverer frafaldet.",
        "",
        (1, 4),
        -60,
    ),
    DemoExperience(
        "Uddannelsesbussen i yderkommunerne (demo)",
        "studievalg-sjaelland",
        "vejledning, yderkommuner",
        "Lang afstand til vejledningen.",
        "Voksne i yderkommunerne",
        "Bussen kørte til biblioteker og virksomheder hver uge.",
        "Faste tider på faste steder gør bussen kendt.",
        "",
        (5,),
        -90,
    ),
    DemoExperience(
        "Realkompetencevurdering før AMU (demo)",
        "euc-sjaelland",
        "realkompetence, amu",
        "Mange havde allerede en del af kompetencerne.",
        "Erfarne ufaglærte",
        "Vi vurderede deltagernes realkompetence før holdstart.",
        "Kortere forløb motiverer erfarne deltagere.",
        "",
        (4,),
        -100,
    ),
    DemoExperience(
        "Fælles holdoprettelse på tværs af kommuner (demo)",
        "vuc-vestsjaelland",
        "holdoprettelse, samarbejde",
        "For få deltagere i hver kommune til at oprette et hold.",
        "Voksne i små kommuner",
        "To kommuner samlede deltagerne på ét hold med online undervisning.",
        "Samarbejde over kommunegrænsen får holdene op at køre.",
        "",
        (3,),
        -120,
    ),
    DemoExperience(
        "Gymnasiefag for voksne om aftenen (demo)",
        "gymnasierne-sjaelland",
        "hf, aftenhold",
        "Voksne manglede enkeltfag for at søge videre.",
        "Voksne uden gymnasial uddannelse",
        "Gymnasierne udbød enkeltfag på aftenhold.",
        "Enkeltfag er en vej ind til videre uddannelse.",
        "",
        (1,),
        -150,
    ),
    DemoExperience(
        "Korte kurser i digital omstilling (demo)",
        "parterne-sjaelland",
        "digitalisering, virksomheder",
        "Virksomhederne havde brug for hurtig opkvalificering.",
        "Medarbejdere i små virksomheder",
        "Parterne aftalte korte kurser tilpasset virksomhederne.",
        "Kort og skræddersyet virker for små virksomheder.",
        "",
        (4,),
        -170,
    ),
    DemoExperience(
        "Jobcentrets samarbejde med VUC (demo)",
        "jobcentrene-sjaelland",
        "jobcenter, ledige",
        "Ledige uden uddannelse havde svært ved at komme i gang.",
        "Ledige ufaglærte",
        "Jobcentret og VUC holdt fælles informationsmøder.",
        "Ét fælles møde giver færre tabte overgange.",
        "",
        (4, 5),
        -200,
    ),
    DemoExperience(
        "Sygeplejerskeuddannelse tæt på hjemmet (demo)",
        "absalon",
        "sygepleje, decentral uddannelse",
        "Mangel på sygeplejersker i yderkommunerne.",
        "Voksne med familie",
        "Absalon udbød dele af uddannelsen decentralt i studierummene.",
        "Decentral undervisning fastholder de voksne studerende.",
        "",
        (2,),
        -230,
    ),
    DemoExperience(
        "Mentorordning for unge voksne (demo)",
        "euc-sjaelland",
        "mentor, unge voksne",
        "Unge voksne faldt fra i første måned.",
        "Unge voksne 25-29 år",
        "Hver elev fik en mentor fra en virksomhed.",
        "En voksen at ringe til gør forskellen i de første uger.",
        "",
        (1,),
        -260,
    ),
]
