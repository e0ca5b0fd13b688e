# ruff: noqa: RUF001 - en dashes in time ranges are correct typography in these languages
"""Course themes of the demo catalogue, in the offerings' own languages (nb, nn, da).

Each theme says what kind of offering it is: ``own`` (the centre's own course), ``uni`` (a
university or college course delivered locally, ECTS), ``fagskole`` (a vocational college
course, fagskolepoeng), ``amu`` (a Danish AMU course, days), ``vuc`` (a single VUC subject) or
``akademi`` (a module of a Danish academy programme, ECTS). ``isced`` is an ISCED-F 2013
detailed field; it is left empty when the reference data is not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    title: str
    kind: str
    isced: str
    topics: tuple[str, ...]
    credits: str = ""
    duration: str = ""
    level: int | None = None


NB_THEMES = [
    Theme("Helsefagarbeider for voksne", "own", "0913", ("helse", "omsorg"), "", "2 semestre", 4),
    Theme(
        "Velferdsteknologi i kommunene",
        "uni",
        "0913",
        ("velferdsteknologi", "helse"),
        "15",
        "1 semester",
        6,
    ),
    Theme("Demensomsorg i praksis", "uni", "0913", ("demens", "omsorg"), "15", "1 semester", 6),
    Theme(
        "Ledelse i helse- og omsorgstjenesten",
        "uni",
        "0413",
        ("ledelse", "helse"),
        "30",
        "2 semestre",
        7,
    ),
    Theme("Førstelinjeledelse", "fagskole", "0413", ("ledelse",), "30", "1 år", 5),
    Theme("Grunnkurs i IKT-sikkerhet", "own", "0612", ("IKT", "sikkerhet"), "", "6 kvelder", None),
    Theme(
        "Programmering for nybegynnere",
        "uni",
        "0613",
        ("IKT", "programmering"),
        "10",
        "1 semester",
        6,
    ),
    Theme("Digitale verktøy på jobben", "own", "0611", ("IKT", "kontor"), "", "4 uker", None),
    Theme("Byggdrift og vedlikehold", "fagskole", "0732", ("bygg", "drift"), "15", "1 semester", 5),
    Theme("Fagbrev i tømrerfaget for voksne", "own", "0732", ("bygg", "fagbrev"), "", "1 år", 4),
    Theme(
        "Sjømat og havbruk: fiskehelse",
        "uni",
        "0831",
        ("havbruk", "fiskehelse"),
        "10",
        "1 semester",
        6,
    ),
    Theme("Akvakulturdriftsoperatør", "own", "0831", ("havbruk", "fagbrev"), "", "1 år", 4),
    Theme(
        "Sjømatproduksjon og kvalitet",
        "fagskole",
        "0721",
        ("sjømat", "kvalitet"),
        "15",
        "1 semester",
        5,
    ),
    Theme(
        "Barnehagepedagogikk for assistenter",
        "uni",
        "0112",
        ("barnehage", "pedagogikk"),
        "15",
        "2 semestre",
        6,
    ),
    Theme(
        "Veiledning av lærlinger",
        "fagskole",
        "0111",
        ("veiledning", "pedagogikk"),
        "10",
        "1 semester",
        5,
    ),
    Theme(
        "Regnskap og økonomistyring", "uni", "0411", ("økonomi", "regnskap"), "15", "1 semester", 6
    ),
    Theme(
        "Økonomi for små bedrifter", "own", "0411", ("økonomi", "gründer"), "", "8 kvelder", None
    ),
    Theme("Norsk for arbeidslivet", "own", "0231", ("språk", "norsk"), "", "12 uker", None),
    Theme("Engelsk i jobbsammenheng", "own", "0231", ("språk", "engelsk"), "", "10 kvelder", None),
    Theme("Prosjektledelse", "uni", "0413", ("ledelse", "prosjekt"), "7.5", "1 semester", 6),
]

NN_THEMES = [
    Theme("Helsefagarbeidar for vaksne", "own", "0913", ("helse", "omsorg"), "", "2 semester", 4),
    Theme(
        "Velferdsteknologi i kommunane",
        "uni",
        "0913",
        ("velferdsteknologi", "helse"),
        "15",
        "1 semester",
        6,
    ),
    Theme(
        "Leiing i helse- og omsorgstenesta",
        "uni",
        "0413",
        ("leiing", "helse"),
        "30",
        "2 semester",
        7,
    ),
    Theme("Førstelinjeleiing", "fagskole", "0413", ("leiing",), "30", "1 år", 5),
    Theme("Grunnkurs i IKT-tryggleik", "own", "0612", ("IKT", "tryggleik"), "", "6 kveldar", None),
    Theme("Digitale verktøy i arbeidet", "own", "0611", ("IKT", "kontor"), "", "4 veker", None),
    Theme("Byggdrift og vedlikehald", "fagskole", "0732", ("bygg", "drift"), "15", "1 semester", 5),
    Theme("Fagbrev i tømrarfaget for vaksne", "own", "0732", ("bygg", "fagbrev"), "", "1 år", 4),
    Theme("Landbruk og reiseliv", "own", "0811", ("landbruk", "reiseliv"), "", "10 veker", None),
    Theme(
        "Barnehagepedagogikk for assistentar",
        "uni",
        "0112",
        ("barnehage", "pedagogikk"),
        "15",
        "2 semester",
        6,
    ),
    Theme(
        "Rettleiing av lærlingar",
        "fagskole",
        "0111",
        ("rettleiing", "pedagogikk"),
        "10",
        "1 semester",
        5,
    ),
    Theme(
        "Rekneskap og økonomistyring",
        "uni",
        "0411",
        ("økonomi", "rekneskap"),
        "15",
        "1 semester",
        6,
    ),
    Theme(
        "Økonomi for små verksemder", "own", "0411", ("økonomi", "gründar"), "", "8 kveldar", None
    ),
    Theme("Norsk for arbeidslivet", "own", "0231", ("språk", "norsk"), "", "12 veker", None),
    Theme("Prosjektleiing", "uni", "0413", ("leiing", "prosjekt"), "7.5", "1 semester", 6),
    Theme("Reiselivsverter", "own", "1015", ("reiseliv", "vertskap"), "", "6 veker", None),
]

DA_THEMES = [
    Theme("AMU: Truckcertifikat A og B", "amu", "1041", ("truck", "lager"), "5", "5 dage", None),
    Theme(
        "AMU: Hygiejnebevis for fødevarebranchen",
        "amu",
        "0721",
        ("hygiejne", "fødevarer"),
        "2",
        "2 dage",
        None,
    ),
    Theme(
        "AMU: Velfærdsteknologi i ældreplejen",
        "amu",
        "0913",
        ("velfærdsteknologi", "pleje"),
        "3",
        "3 dage",
        None,
    ),
    Theme(
        "AMU: Grundlæggende svejsning", "amu", "0715", ("svejsning", "metal"), "10", "2 uger", None
    ),
    Theme("AMU: Arbejdsmiljø og sikkerhed", "amu", "1022", ("arbejdsmiljø",), "3", "3 dage", None),
    Theme(
        "AMU: Digital kompetence på arbejdspladsen",
        "amu",
        "0611",
        ("IT", "digital"),
        "5",
        "5 dage",
        None,
    ),
    Theme(
        "AMU: Pædagogisk assistent i dagtilbud",
        "amu",
        "0112",
        ("pædagogik", "dagtilbud"),
        "10",
        "2 uger",
        None,
    ),
    Theme("VUC: Dansk som andetsprog", "vuc", "0231", ("dansk", "sprog"), "", "1 semester", None),
    Theme("VUC: Matematik C", "vuc", "0541", ("matematik",), "", "1 semester", None),
    Theme("VUC: Engelsk C", "vuc", "0231", ("engelsk", "sprog"), "", "1 semester", None),
    Theme(
        "VUC: Ordblindeundervisning", "vuc", "0232", ("læsning", "ordblind"), "", "10 uger", None
    ),
    Theme("VUC: Samfundsfag C", "vuc", "0312", ("samfund",), "", "1 semester", None),
    Theme(
        "Akademiuddannelse: Ledelse, modul 1",
        "akademi",
        "0413",
        ("ledelse",),
        "10",
        "1 semester",
        5,
    ),
    Theme(
        "Akademiuddannelse: Økonomistyring", "akademi", "0411", ("økonomi",), "10", "1 semester", 5
    ),
    Theme(
        "Akademiuddannelse: Innovation og forretningsudvikling",
        "akademi",
        "0413",
        ("innovation",),
        "10",
        "1 semester",
        5,
    ),
    Theme(
        "Akademiuddannelse: IT-sikkerhed",
        "akademi",
        "0612",
        ("IT", "sikkerhed"),
        "10",
        "1 semester",
        5,
    ),
    Theme(
        "Akademiuddannelse: Sundhedspraksis", "akademi", "0913", ("sundhed",), "10", "1 semester", 5
    ),
    Theme(
        "Diplommodul: Praktikvejledning", "akademi", "0111", ("vejledning",), "10", "1 semester", 6
    ),
]

DESCRIPTIONS = {
    "nb": (
        "{title} er for voksne som vil styrke kompetansen sin ved siden av jobb. "
        "Undervisningen foregår lokalt på {centre} eller på nett, med veiledning underveis.\n\n"
        "Tilbudet gis i samarbeid med {provider}."
    ),
    "nn": (
        "{title} er for vaksne som vil styrkje kompetansen sin ved sida av jobb. "
        "Undervisninga går føre seg lokalt på {centre} eller på nett, med rettleiing undervegs."
        "\n\nTilbodet blir gitt i samarbeid med {provider}."
    ),
    "da": (
        "{title} er for voksne, der vil styrke deres kompetencer ved siden af arbejdet. "
        "Undervisningen foregår lokalt hos {centre} eller online.\n\n"
        "Forløbet udbydes i samarbejde med {provider}."
    ),
}
TARGET_GROUPS = {
    "nb": "Voksne i arbeid som vil ta videreutdanning nær hjemstedet.",
    "nn": "Vaksne i arbeid som vil ta vidareutdanning nær heimstaden.",
    "da": "Voksne i job eller ledige, der vil opkvalificere sig.",
}
SCHEDULES = {
    "daytime": {"nb": "Dagtid, 09–15", "nn": "Dagtid, 09–15", "da": "Dagtimer, 8.30–15"},
    "evening": {"nb": "Tirsdager 18–21", "nn": "Tysdagar 18–21", "da": "Tirsdage 17–20"},
    "weekend": {
        "nb": "Samlinger lørdag–søndag",
        "nn": "Samlingar laurdag–sundag",
        "da": "Weekender",
    },
    "self_paced": {"nb": "I eget tempo", "nn": "I eige tempo", "da": "I eget tempo"},
}
VENUES = {
    "nb": "Studiesenterets lokaler",
    "nn": "Studiesenteret sine lokale",
    "da": "Skolens lokaler",
}
ROOMS = {"nb": "Studierom 1", "nn": "Studierom 1", "da": "Studielokale 2"}
