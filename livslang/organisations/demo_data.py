"""The organisations of the demo world: the actors of the seed material, education centres from
Vadsø to Lister, Danish adult-education providers in Region Sjælland, universities, colleges
and vocational schools, and employers. Invented centres and employers carry invented names;
descriptions are written for the demo and do not describe the real institutions' offer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from livslang.organisations.models import Kind, Ownership


@dataclass(frozen=True)
class DemoCentre:
    served: tuple[str, ...]
    ownership: str
    organisation_form: str
    study_rooms: bool = True
    exam: bool = True
    video: bool = True
    other: str = ""
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    municipality: str
    language: str
    description: str
    website: str = ""
    centre: DemoCentre | None = field(default=None)


# The 17 municipalities of Region Sjælland (DK kommunekoder), each as an organisation.
SJAELLAND_MUNICIPALITIES = {
    "320": "Faxe",
    "253": "Greve",
    "376": "Guldborgsund",
    "316": "Holbæk",
    "326": "Kalundborg",
    "259": "Køge",
    "350": "Lejre",
    "360": "Lolland",
    "370": "Næstved",
    "306": "Odsherred",
    "329": "Ringsted",
    "265": "Roskilde",
    "330": "Slagelse",
    "269": "Solrød",
    "340": "Sorø",
    "336": "Stevns",
    "390": "Vordingborg",
}

_NB_CENTRE = (
    "{name} er møteplassen for voksne som vil ta utdanning uten å flytte fra {place}. "
    "Vi henter studier fra universiteter, høgskoler og fagskoler hit, samler nok deltakere "
    "til at et kull kan starte, og tilbyr lesesaler og eksamenslokaler.\n\n"
    "Vi samarbeider tett med arbeidslivet i regionen om hvilken kompetanse som trengs."
)
_NN_CENTRE = (
    "{name} er møtestaden for vaksne som vil ta utdanning utan å flytte frå {place}. "
    "Vi hentar studium frå universitet, høgskular og fagskular hit, samlar nok deltakarar "
    "til at eit kull kan starte, og tilbyr lesesalar og eksamenslokale.\n\n"
    "Vi samarbeider tett med arbeidslivet i regionen om kva kompetanse som trengst."
)


def _nb(name: str, place: str) -> str:
    return _NB_CENTRE.format(name=name, place=place)


def _nn(name: str, place: str) -> str:
    return _NN_CENTRE.format(name=name, place=place)


_MUNICIPAL = Ownership.MUNICIPALITY
_FOUNDATION = Ownership.FOUNDATION
_COMPANY = Ownership.COMPANY

NORWEGIAN_CENTRES = [
    DemoOrganisation(
        "studiesenteret-varanger",
        "Studiesenteret Varanger",
        Kind.CENTRE,
        "5607",
        "nb",
        _nb("Studiesenteret Varanger", "Varanger"),
        centre=DemoCentre(
            ("5607", "5605", "5636", "5634", "5628", "5632"),
            _MUNICIPAL,
            "interkommunalt samarbeid",
            partners=("uit", "nord-universitet"),
        ),
    ),
    DemoOrganisation(
        "studiesenteret-alta",
        "Studiesenteret Alta",
        Kind.CENTRE,
        "5601",
        "nb",
        _nb("Studiesenteret Alta", "Vest-Finnmark"),
        centre=DemoCentre(
            ("5601", "5614", "5612", "5616"),
            _MUNICIPAL,
            "kommunal enhet",
            partners=("uit",),
        ),
    ),
    DemoOrganisation(
        "studiesenteret-finnsnes",
        "Studiesenteret Finnsnes",
        Kind.CENTRE,
        "5530",
        "nb",
        _nb("Studiesenteret Finnsnes", "Senja og Midt-Troms"),
        centre=DemoCentre(
            ("5530", "5528", "5526", "5524", "5520", "5522", "5518"),
            _FOUNDATION,
            "stiftelse",
            other="Verksted for praktisk opplæring og et grupperom med storskjerm.",
            partners=("uit", "nord-universitet", "ntnu"),
        ),
    ),
    DemoOrganisation(
        "lofoten-studiesenter",
        "Lofoten studiesenter",
        Kind.CENTRE,
        "1865",
        "nb",
        _nb("Lofoten studiesenter", "Lofoten"),
        centre=DemoCentre(
            ("1865", "1866", "1860", "1859", "1874", "1856", "1857"),
            _MUNICIPAL,
            "interkommunalt selskap",
            partners=("nord-universitet", "uit"),
        ),
    ),
    DemoOrganisation(
        "helgeland-kunnskapssenter",
        "Helgeland kunnskapssenter",
        Kind.CENTRE,
        "1824",
        "nb",
        _nb("Helgeland kunnskapssenter", "Helgeland"),
        centre=DemoCentre(
            ("1824", "1822", "1820", "1825", "1826", "1816", "1827"),
            _COMPANY,
            "aksjeselskap eid av kommunene",
            partners=("nord-universitet", "ntnu"),
        ),
    ),
    DemoOrganisation(
        "studiesenteret-namdal",
        "Studiesenteret Namdal",
        Kind.CENTRE,
        "5007",
        "nb",
        _nb("Studiesenteret Namdal", "Namdalen"),
        centre=DemoCentre(
            ("5007", "5047", "5049", "5046", "5060", "5045", "5020"),
            _MUNICIPAL,
            "interkommunalt samarbeid",
            video=False,
            partners=("ntnu", "nord-universitet"),
        ),
    ),
    DemoOrganisation(
        "nordmore-studiesenter",
        "Nordmøre studiesenter",
        Kind.CENTRE,
        "1505",
        "nb",
        _nb("Nordmøre studiesenter", "Nordmøre"),
        centre=DemoCentre(
            ("1505", "1554", "1557", "1560", "1573", "1576"),
            Ownership.COOPERATIVE,
            "samvirkeforetak",
            partners=("himolde", "ntnu"),
        ),
    ),
    DemoOrganisation(
        "sunnfjord-studiesenter",
        "Sunnfjord studiesenter",
        Kind.CENTRE,
        "4647",
        "nn",
        _nn("Sunnfjord studiesenter", "Sunnfjord"),
        centre=DemoCentre(
            ("4647", "4646", "4638", "4645", "4637"),
            _MUNICIPAL,
            "kommunal eining",
            partners=("uib",),
        ),
    ),
    DemoOrganisation(
        "studiesenteret-nord-gudbrandsdal",
        "Studiesenteret Nord-Gudbrandsdal",
        Kind.CENTRE,
        "3437",
        "nn",
        _nn("Studiesenteret Nord-Gudbrandsdal", "Nord-Gudbrandsdalen"),
        centre=DemoCentre(
            ("3437", "3435", "3436", "3431", "3438", "3434", "3433", "3432"),
            _MUNICIPAL,
            "interkommunalt samarbeid",
            exam=False,
            partners=("inn",),
        ),
    ),
    DemoOrganisation(
        "hallingdal-studiesenter",
        "Hallingdal studiesenter",
        Kind.CENTRE,
        "3324",
        "nn",
        _nn("Hallingdal studiesenter", "Hallingdal"),
        centre=DemoCentre(
            ("3324", "3322", "3328", "3326", "3330", "3320"),
            _FOUNDATION,
            "stifting",
            partners=("usn", "inn"),
        ),
    ),
    DemoOrganisation(
        "valdres-kompetansesenter",
        "Valdres kompetansesenter",
        Kind.CENTRE,
        "3451",
        "nn",
        _nn("Valdres kompetansesenter", "Valdres"),
        centre=DemoCentre(
            ("3451", "3452", "3450", "3453", "3449", "3454"),
            _MUNICIPAL,
            "interkommunalt samarbeid",
            partners=("inn",),
        ),
    ),
    DemoOrganisation(
        "lister-utdanningssenter",
        "Lister utdanningssenter",
        Kind.CENTRE,
        "4207",
        "nb",
        _nb("Lister utdanningssenter", "Lister"),
        centre=DemoCentre(
            ("4207", "4227", "4206", "4225", "4226", "4228"),
            _COMPANY,
            "aksjeselskap",
            partners=("uia", "uis"),
        ),
    ),
]

_NB_PROVIDER = (
    "{name} tilbyr videreutdanning for voksne i arbeid, også som samlingsbaserte og "
    "nettbaserte studier som gjennomføres lokalt sammen med utdanningssentrene."
)


def _provider(slug: str, name: str, code: str, website: str = "") -> DemoOrganisation:
    return DemoOrganisation(
        slug, name, Kind.PROVIDER, code, "nb", _NB_PROVIDER.format(name=name), website
    )


NORWEGIAN_PROVIDERS = [
    _provider("uit", "UiT Norges arktiske universitet", "5501", "https://uit.no"),
    _provider("ntnu", "NTNU", "5001", "https://www.ntnu.no"),
    _provider("uib", "Universitetet i Bergen", "4601", "https://www.uib.no"),
    _provider("oslomet", "OsloMet – storbyuniversitetet", "0301", "https://www.oslomet.no"),  # noqa: RUF001
    _provider("usn", "Universitetet i Sørøst-Norge", "3901", "https://www.usn.no"),
    _provider("inn", "Høgskolen i Innlandet", "3403", "https://www.inn.no"),
    _provider("uia", "Universitetet i Agder", "4204", "https://www.uia.no"),
    _provider("uis", "Universitetet i Stavanger", "1103", "https://www.uis.no"),
    _provider("nord-universitet", "Nord universitet", "1804", "https://www.nord.no"),
    _provider("himolde", "Høgskolen i Molde", "1506", "https://www.himolde.no"),
    _provider("hiof", "Høgskolen i Østfold", "3101", "https://www.hiof.no"),
    _provider("fagskolen-vestfold-og-telemark", "Fagskolen Vestfold og Telemark", "4001"),
    _provider("fagskolen-i-viken", "Fagskolen i Viken", "3205"),
]

_DA_CENTRE = (
    "{name} tilbyder voksen- og efteruddannelse i Region Sjælland: kurser for ledige og "
    "beskæftigede, forløb tilrettelagt for virksomheder og vejledning om mulighederne.\n\n"
    "Vi samarbejder med kommunerne og virksomhederne om at bringe uddannelsen tæt på, "
    "hvor folk bor og arbejder."
)


def _dk_centre(
    slug: str, name: str, code: str, served: tuple[str, ...], form: str
) -> DemoOrganisation:
    return DemoOrganisation(
        slug,
        name,
        Kind.CENTRE,
        code,
        "da",
        _DA_CENTRE.format(name=name),
        centre=DemoCentre(
            served,
            Ownership.OTHER,
            form,
            video=code != "376",
            partners=("zealand", "absalon"),
        ),
    )


DANISH_CENTRES = [
    _dk_centre(
        "vuc-storstrom",
        "VUC Storstrøm",
        "370",
        ("370", "390", "376", "360", "320", "336"),
        "selvejende institution (VUC)",
    ),
    _dk_centre(
        "vuc-vestsjaelland",
        "VUC Vestsjælland",
        "330",
        ("330", "340", "326", "316", "306"),
        "selvejende institution (VUC)",
    ),
    _dk_centre(
        "euc-sjaelland",
        "EUC Sjælland",
        "370",
        ("370", "320", "336", "329", "259"),
        "erhvervsskole med AMU",
    ),
    _dk_centre("celf", "CELF", "376", ("376", "360"), "erhvervsskole med AMU"),
    _dk_centre(
        "roskilde-tekniske-skole",
        "Roskilde Tekniske Skole",
        "265",
        ("265", "350", "253", "269", "259"),
        "erhvervsskole med AMU",
    ),
]

_DA_PROVIDER = (
    "{name} udbyder videregående uddannelse og efter- og videreuddannelse på flere "
    "campusser i Region Sjælland, også som deltid og fjernundervisning."
)

DANISH_PROVIDERS = [
    DemoOrganisation(
        "zealand",
        "Zealand – Sjællands Erhvervsakademi",  # noqa: RUF001 - its name
        Kind.PROVIDER,
        "370",
        "da",
        _DA_PROVIDER.format(name="Zealand"),
        "https://www.zealand.dk",
    ),
    DemoOrganisation(
        "absalon",
        "Professionshøjskolen Absalon",
        Kind.PROVIDER,
        "340",
        "da",
        _DA_PROVIDER.format(name="Professionshøjskolen Absalon"),
        "https://phabsalon.dk",
    ),
]

PARTNERSHIP = [
    DemoOrganisation(
        "norske-utdanningssentre",
        "Norske Utdanningssentre",
        Kind.FEDERATION,
        "0301",
        "nb",
        "Interesseorganisasjonen for utdanningssentrene i Norge. Vi arbeider for at voksne "
        "skal kunne ta utdanning der de bor, og for gode vilkår for sentrene som gjør det mulig.",
    ),
    DemoOrganisation(
        "kompetanseforbundet",
        "Kompetanseforbundet",
        Kind.FEDERATION,
        "0301",
        "nb",
        "Et forbund for organisasjoner som arbeider med voksnes læring. Sammen med Norske "
        "Utdanningssentre har vi inngått en samarbeidsavtale om tilgang til arbeidsrelevant "
        "etter- og videreutdanning i hele landet.",
    ),
    DemoOrganisation(
        "region-sjaelland",
        "Region Sjælland",
        Kind.REGION,
        "340",
        "da",
        "Region Sjælland driver sammen med regionens 17 kommuner en tiårig indsats for, at "
        "flere voksne får den uddannelse, arbejdsmarkedet efterspørger.",
        "https://www.regionsjaelland.dk",
    ),
    DemoOrganisation(
        "kkr-sjaelland",
        "KKR Sjælland",
        Kind.FEDERATION,
        "340",
        "da",
        "Kommunekontaktrådet for de 17 kommuner i Region Sjælland. KKR Sjælland koordinerer "
        "kommunernes arbejde med uddannelse og beskæftigelse i regionen.",
    ),
    DemoOrganisation(
        "senja-kommune",
        "Senja kommune",
        Kind.MUNICIPALITY,
        "5530",
        "nb",
        "Senja kommune er vertskommune for Studiesenteret Finnsnes og en stor arbeidsgiver "
        "innen helse, oppvekst og teknisk drift.",
        "https://www.senja.kommune.no",
    ),
    DemoOrganisation(
        "karriere-troms",
        "Karriere Troms",
        Kind.GUIDANCE_SERVICE,
        "5501",
        "nb",
        "Gratis karriereveiledning for voksne i Troms, på kontoret, på telefon og på nett.",
    ),
]

EMPLOYERS = [
    DemoOrganisation(
        "finnsnes-fiskeindustri",
        "Finnsnes Fiskeindustri AS",
        Kind.EMPLOYER,
        "5530",
        "nb",
        "Fiskeforedling på Senja med om lag 120 ansatte. Vi trenger fagarbeidere innen "
        "industriell matproduksjon og automatisering.",
    ),
    DemoOrganisation(
        "alta-bygg-og-anlegg",
        "Alta Bygg og Anlegg AS",
        Kind.EMPLOYER,
        "5601",
        "nb",
        "Entreprenør i Vest-Finnmark. Vi søker etter- og videreutdanning i prosjektledelse "
        "og betongfag for våre ansatte.",
    ),
    DemoOrganisation(
        "vefsn-mekaniske-verksted",
        "Vefsn Mekaniske Verksted AS",
        Kind.EMPLOYER,
        "1824",
        "nb",
        "Mekanisk industri i Mosjøen. Vi trenger sveisere med sertifikat og teknikere med "
        "fagskoleutdanning.",
    ),
    DemoOrganisation(
        "kongsberg-presisjon",
        "Kongsberg Presisjon AS",
        Kind.EMPLOYER,
        "3303",
        "nb",
        "Leverandør av presisjonsdeler til industrien. Vi satser på videreutdanning i "
        "automatisering og kvalitetsledelse.",
    ),
    DemoOrganisation(
        "sandefjord-maritime-service",
        "Sandefjord Maritime Service AS",
        Kind.EMPLOYER,
        "3907",
        "nb",
        "Verksted og service for skip. Vi trenger kompetanse i elektro og grønn omstilling.",
    ),
    DemoOrganisation(
        "stavanger-energiservice",
        "Stavanger Energiservice AS",
        Kind.EMPLOYER,
        "1103",
        "nb",
        "Service og vedlikehold for energianlegg på land og til havs.",
    ),
    DemoOrganisation(
        "naestved-maskinfabrik",
        "Næstved Maskinfabrik A/S",
        Kind.EMPLOYER,
        "370",
        "da",
        "Maskinfabrik med 80 medarbejdere. Vi har brug for AMU-kurser i svejsning og CNC.",
    ),
    DemoOrganisation(
        "kalundborg-procesindustri",
        "Kalundborg Procesindustri A/S",
        Kind.EMPLOYER,
        "326",
        "da",
        "Procesindustri i Kalundborg. Vi efteruddanner operatører og teknikere løbende.",
    ),
]


def sjaelland_municipalities() -> list[DemoOrganisation]:
    return [
        DemoOrganisation(
            f"{name.lower().replace('æ', 'ae').replace('ø', 'o')}-kommune",
            f"{name} Kommune",
            Kind.MUNICIPALITY,
            code,
            "da",
            f"{name} Kommune er en af de 17 kommuner i Region Sjælland og en del af den "
            "regionale indsats for voksen- og efteruddannelse.",
        )
        for code, name in SJAELLAND_MUNICIPALITIES.items()
    ]


def all_organisations() -> list[DemoOrganisation]:
    """Providers first, so centres can name them as partners."""
    return [
        *NORWEGIAN_PROVIDERS,
        *DANISH_PROVIDERS,
        *PARTNERSHIP,
        *sjaelland_municipalities(),
        *NORWEGIAN_CENTRES,
        *DANISH_CENTRES,
        *EMPLOYERS,
    ]
