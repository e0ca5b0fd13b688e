"""Reading JSON-LD, CSV and XLSX files into raw items, after the limits and safety checks.

Every parser returns items whose values carry where they came from (location and field
label), so that later faults can be reported at their place in the file.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from livslang.catalog.imports.report import Problem

MAX_BYTES = 10 * 1024 * 1024
MAX_COHORTS = 20_000
MAX_COLUMNS = 100
MAX_CELL = 10_000
MAX_DEPTH = 64
MAX_ZIP_ENTRIES = 1000
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100

# One row per cohort; the offering columns are repeated on each of its cohorts' rows.
OFFERING_COLUMNS: tuple[str, ...] = (
    "offering_identifier",
    "title",
    "description",
    "language",
    "provider",
    "isced_code",
    "level_framework",
    "level",
    "level_text",
    "credits_value",
    "credits_unit",
    "duration",
    "target_group",
    "prerequisites",
    "admission_requirements",
    "topics",
    "external_url",
    "status",
)
COHORT_COLUMNS: tuple[str, ...] = (
    "cohort_identifier",
    "mode",
    "country",
    "postcode",
    "municipality_code",
    "venue",
    "start_date",
    "end_date",
    "schedule_kinds",
    "schedule_text",
    "workload",
    "price",
    "currency",
    "seats",
    "minimum_participants",
    "guaranteed_start",
    "application_deadline",
    "enrolment_method",
    "application_url",
    "delivering_centre",
    "study_group_centre",
    "study_group_municipality_code",
)
COLUMNS: tuple[str, ...] = OFFERING_COLUMNS + COHORT_COLUMNS

Src = tuple[Any, str, str]  # value, location, field label


@dataclass
class RawCohort:
    identifier: str
    location: str
    label: str
    values: dict[str, Src] = field(default_factory=dict)


@dataclass
class RawItem:
    number: int
    identifier: str
    location: str
    values: dict[str, Src] = field(default_factory=dict)
    cohorts: list[RawCohort] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def fault(self, location: str, label: str, message: str) -> None:
        self.problems.append(Problem(self.number, self.identifier, location, label, message))


class FileRejected(Exception):
    """The whole file is refused (limits, encoding, syntax, type)."""

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def problem(self) -> Problem:
        return Problem(None, "", self.location, "", self.message)


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8, with or without BOM; otherwise a clear refusal."""
    if not data.strip():
        raise FileRejected(_("the file is empty"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            hint = ""
        else:
            hint = _("; it looks like Windows-1252 — save it as UTF-8")
        raise FileRejected(
            _("the file is not UTF-8 (byte %(offset)d)") % {"offset": exc.start} + hint
        ) from None
    return text.removeprefix("\ufeff")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the JSON parser sees (and recurses into) it."""
    depth = 0
    in_string = escaped = False
    for pos, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _line_col(text, pos)
                raise FileRejected(
                    _("the JSON is nested deeper than %(max)d levels") % {"max": MAX_DEPTH},
                    _("line %(line)d, column %(col)d") % {"line": line, "col": col},
                )
        elif char in "]}":
            depth -= 1


# --- JSON-LD ---------------------------------------------------------------------------------

_DAYS_WEEKEND = {"saturday", "sunday"}


def schedule_kind(schedule: Any) -> list[str] | str:
    """The schedule kind as the matching-dev README derives it (a list, or an error text)."""
    if schedule is None:
        return ["self_paced"]
    if not isinstance(schedule, dict):
        return _("expected a Schedule object")
    days = schedule.get("byDay") or []
    if isinstance(days, str):
        days = [days]
    if not isinstance(days, list):
        return _("byDay must be a list of day names")
    names = {str(d).rsplit("/", 1)[-1].casefold() for d in days}
    if names & _DAYS_WEEKEND:
        return ["weekend"]
    start = schedule.get("startTime")
    if not isinstance(start, str) or len(start) < 4:
        return ["daytime"]
    return ["evening"] if start.zfill(5)[:5] >= "16:00" else ["daytime"]


def _item_line(text: str, identifier: str, start: int) -> tuple[str, int]:
    needle = json.dumps(identifier, ensure_ascii=False)
    pos = text.find(needle, start)
    if pos < 0:
        return "", start
    return _("line %(line)d") % {"line": _line_col(text, pos)[0]}, pos + len(needle)


def parse_jsonld(data: bytes) -> list[RawItem]:
    text = decode(data)
    check_depth(text)
    if text.count('"CourseInstance"') > MAX_COHORTS:
        raise FileRejected(_("more than %(max)d cohorts") % {"max": MAX_COHORTS})
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRejected(
            _("invalid JSON: %(msg)s") % {"msg": exc.msg},
            _("line %(line)d, column %(col)d") % {"line": exc.lineno, "col": exc.colno},
        ) from None
    except RecursionError:
        raise FileRejected(_("the JSON is nested too deeply")) from None
    if not isinstance(doc, list):
        raise FileRejected(_("the top level must be a list of Course objects"))
    items: list[RawItem] = []
    search_from = 0
    for number, obj in enumerate(doc, start=1):
        identifier = ""
        if isinstance(obj, dict):
            raw_id = obj.get("identifier", obj.get("@id"))
            identifier = str(raw_id) if isinstance(raw_id, (str, int)) else ""
        location, search_from = (
            _item_line(text, identifier, search_from) if identifier else ("", search_from)
        )
        item = RawItem(number, identifier, location)
        items.append(item)
        if not isinstance(obj, dict):
            item.fault(location, "", _("expected a Course object"))
            continue
        _jsonld_item(item, obj)
    return items


_OFFERING_PROPS = {
    "name": "title",
    "description": "description",
    "inLanguage": "language",
    "educationalLevel": "level_text",
    "timeRequired": "duration",
    "url": "external_url",
    "livslang:iscedCode": "isced_code",
    "livslang:levelFramework": "level_framework",
    "livslang:level": "level",
    "livslang:targetGroup": "target_group",
    "livslang:prerequisites": "prerequisites",
    "livslang:admissionRequirements": "admission_requirements",
    "livslang:status": "status",
    "livslang:deliveringCentre": "delivering_centres",
}
_COHORT_PROPS = {
    "courseMode": "mode",
    "startDate": "start_date",
    "endDate": "end_date",
    "courseWorkload": "workload",
    "maximumAttendeeCapacity": "seats",
    "livslang:minimumParticipants": "minimum_participants",
    "livslang:guaranteedStart": "guaranteed_start",
    "livslang:applicationDeadline": "application_deadline",
    "livslang:enrolmentMethod": "enrolment_method",
    "livslang:applicationUrl": "application_url",
    "livslang:deliveringCentre": "delivering_centre",
    "livslang:scheduleText": "schedule_text",
    "livslang:municipalityCode": "municipality_code",
    "livslang:country": "country",
}


def _jsonld_item(item: RawItem, obj: dict[str, Any]) -> None:
    loc = item.location
    if obj.get("@type") != "Course":
        item.fault(loc, "@type", _("expected “Course”, found %(v)r") % {"v": obj.get("@type")})
        return
    item.values["offering_identifier"] = (obj.get("identifier", obj.get("@id")), loc, "identifier")
    for prop, key in _OFFERING_PROPS.items():
        if prop in obj:
            item.values[key] = (obj[prop], loc, prop)
    provider = obj.get("provider")
    if isinstance(provider, dict):
        item.values["provider"] = (provider.get("name"), loc, "provider.name")
    elif provider is not None:
        item.values["provider"] = (provider, loc, "provider")
    credits = obj.get("numberOfCredits")
    if isinstance(credits, dict):
        item.values["credits_value"] = (credits.get("value"), loc, "numberOfCredits.value")
        item.values["credits_unit"] = (credits.get("unitText"), loc, "numberOfCredits.unitText")
    elif credits is not None:
        item.fault(loc, "numberOfCredits", _("expected a StructuredValue object"))
    topics: list[Any] = []
    for prop in ("teaches", "about"):
        value = obj.get(prop)
        if value is None:
            continue
        if not isinstance(value, list):
            item.fault(loc, prop, _("expected a list of texts"))
        else:
            topics.extend(value)
    item.values["topics"] = (topics, loc, "teaches")
    instances = obj.get("hasCourseInstance")
    if not isinstance(instances, list):
        item.fault(loc, "hasCourseInstance", _("expected a list of CourseInstance objects"))
        return
    for index, inst in enumerate(instances):
        path = f"hasCourseInstance[{index}]"
        if not isinstance(inst, dict) or inst.get("@type") != "CourseInstance":
            item.fault(loc, f"{path}.@type", _("expected a CourseInstance object"))
            continue
        raw_id = inst.get("identifier", inst.get("@id"))
        cohort = RawCohort(str(raw_id) if raw_id is not None else "", loc, path)
        item.cohorts.append(cohort)
        cohort.values["cohort_identifier"] = (raw_id, loc, f"{path}.identifier")
        for prop, key in _COHORT_PROPS.items():
            if prop in inst:
                cohort.values[key] = (inst[prop], loc, f"{path}.{prop}")
        location = inst.get("location")
        if isinstance(location, dict):
            cohort.values["venue"] = (location.get("name"), loc, f"{path}.location.name")
            address = location.get("address")
            if isinstance(address, dict):
                apath = f"{path}.location.address"
                cohort.values["postcode"] = (address.get("postalCode"), loc, f"{apath}.postalCode")
                cohort.values["country"] = (
                    address.get("addressCountry"),
                    loc,
                    f"{apath}.addressCountry",
                )
            elif address is not None:
                item.fault(loc, f"{path}.location.address", _("expected a PostalAddress object"))
        elif location is not None:
            item.fault(loc, f"{path}.location", _("expected a Place object"))
        offers = inst.get("offers")
        if isinstance(offers, dict):
            cohort.values["price"] = (offers.get("price"), loc, f"{path}.offers.price")
            cohort.values["currency"] = (
                offers.get("priceCurrency"),
                loc,
                f"{path}.offers.priceCurrency",
            )
        elif offers is not None:
            item.fault(loc, f"{path}.offers", _("expected an Offer object"))
        explicit = inst.get("livslang:scheduleKinds")
        if explicit is not None:
            # Livslang's own exports state every kind; courseSchedule can only imply one.
            valid = {"daytime", "evening", "weekend", "self_paced"}
            if isinstance(explicit, list) and all(k in valid for k in explicit):
                cohort.values["schedule_kinds"] = (
                    list(explicit),
                    loc,
                    f"{path}.livslang:scheduleKinds",
                )
            else:
                item.fault(
                    loc,
                    f"{path}.livslang:scheduleKinds",
                    _("expected a list of daytime, evening, weekend and self_paced"),
                )
        else:
            kinds = schedule_kind(inst.get("courseSchedule"))
            if isinstance(kinds, str):
                item.fault(loc, f"{path}.courseSchedule", kinds)
            else:
                cohort.values["schedule_kinds"] = (kinds, loc, f"{path}.courseSchedule")
        group = inst.get("livslang:studyGroup")
        if isinstance(group, dict):
            gpath = f"{path}.livslang:studyGroup"
            cohort.values["study_group_centre"] = (group.get("centre"), loc, f"{gpath}.centre")
            cohort.values["study_group_municipality_code"] = (
                group.get("municipalityCode"),
                loc,
                f"{gpath}.municipalityCode",
            )


# --- CSV and XLSX ----------------------------------------------------------------------------


def _rows_to_items(
    header: list[str], rows: list[tuple[list[Any], Any]], where: Any
) -> list[RawItem]:
    """Group rows (one per cohort) by offering identifier, in the order they first appear."""
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise FileRejected(
            _("unknown columns: %(cols)s") % {"cols": ", ".join(unknown)}, where(0, None)
        )
    if "offering_identifier" not in header:
        raise FileRejected(_("the column offering_identifier is missing"), where(0, None))
    items: dict[str, RawItem] = {}
    order: list[RawItem] = []
    for cells, row_ref in rows:
        values = {
            name: (cells[i] if i < len(cells) else None, where(i, row_ref), name)
            for i, name in enumerate(header)
            if name
        }
        raw_id = values["offering_identifier"][0]
        identifier = "" if raw_id is None else str(raw_id).strip()
        row_loc = where(None, row_ref)
        if len(cells) > len(header) and any(c not in (None, "") for c in cells[len(header) :]):
            extra = RawItem(len(order) + 1, identifier, row_loc)
            extra.fault(row_loc, "", _("the row has more cells than the header"))
            order.append(extra)
            continue
        item = items.get(identifier) if identifier else None
        if item is None:
            item = RawItem(len(order) + 1, identifier, row_loc)
            order.append(item)
            if identifier:
                items[identifier] = item
            item.values = {k: v for k, v in values.items() if k in OFFERING_COLUMNS}
        else:
            for key in OFFERING_COLUMNS:
                if key in values and _blank(values[key][0]) != _blank(item.values[key][0]):
                    item.fault(
                        values[key][1],
                        key,
                        _("differs from the first row of this offering (%(loc)s)")
                        % {"loc": item.location},
                    )
        cohort_id = values.get("cohort_identifier", (None, "", ""))[0]
        cohort = RawCohort("" if cohort_id is None else str(cohort_id).strip(), row_loc, "")
        cohort.values = {k: v for k, v in values.items() if k in COHORT_COLUMNS}
        item.cohorts.append(cohort)
    return order


def _blank(value: Any) -> Any:
    return None if value in ("", None) else value


def parse_csv(data: bytes) -> list[RawItem]:
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] = []
    rows: list[tuple[list[Any], Any]] = []
    start_line = 1
    try:
        for cells in reader:
            line = start_line
            start_line = reader.line_num + 1
            if not header:
                header = [c.strip() for c in cells]
                if len(header) > MAX_COLUMNS:
                    raise FileRejected(
                        _("%(n)d columns; at most %(max)d are allowed")
                        % {"n": len(header), "max": MAX_COLUMNS},
                        _("line 1"),
                    )
                continue
            if len(cells) > MAX_COLUMNS:
                raise FileRejected(
                    _("%(n)d columns; at most %(max)d are allowed")
                    % {"n": len(cells), "max": MAX_COLUMNS},
                    _("line %(line)d") % {"line": line},
                )
            for cell in cells:
                if len(cell) > MAX_CELL:
                    raise FileRejected(
                        _("a cell has more than %(max)d characters") % {"max": MAX_CELL},
                        _("line %(line)d") % {"line": line},
                    )
            if not any(c.strip() for c in cells):
                continue
            rows.append((cells, line))
            if len(rows) > MAX_COHORTS:
                raise FileRejected(_("more than %(max)d cohorts") % {"max": MAX_COHORTS})
    except csv.Error as exc:
        raise FileRejected(
            _("unreadable CSV: %(msg)s") % {"msg": exc}, _("line %(line)d") % {"line": start_line}
        ) from None
    if not header:
        raise FileRejected(_("the file is empty"))

    def where(col: int | None, line: Any) -> str:
        return _("line %(line)d") % {"line": 1 if line is None else line}

    return _rows_to_items(header, rows, where)


_MACRO_TYPES = ("macroEnabled", "vbaProject", "vnd.ms-office.activeX")


def check_xlsx(data: bytes) -> None:
    """The pre-checks before openpyxl sees the file: type, entries, sizes, hostile XML."""
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException

    if not data.startswith(b"PK\x03\x04"):
        raise FileRejected(_("the file is not an XLSX workbook (it is not a zip archive)"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise FileRejected(
                _("the workbook has %(n)d parts; at most %(max)d are allowed")
                % {"n": len(infos), "max": MAX_ZIP_ENTRIES}
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED:
            raise FileRejected(_("the workbook unpacks to more than 50 MB"))
        for info in infos:
            if (
                info.file_size > MAX_RATIO * max(info.compress_size, 1)
                and info.file_size > 1_000_000
            ):
                raise FileRejected(
                    _("the part %(name)s is compressed suspiciously well (zip bomb)")
                    % {"name": info.filename}
                )
            lowered = info.filename.lower()
            if "vbaproject" in lowered or lowered.endswith((".bin", ".xlsm")):
                raise FileRejected(_("the workbook contains macros; save it as plain .xlsx"))
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names:
            raise FileRejected(_("the file is not an XLSX workbook"))
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            raw = _read_bounded(archive, info)
            upper = raw[:4096].upper()
            if b"<!DOCTYPE" in upper or b"<!ENTITY" in raw.upper():
                raise FileRejected(
                    _("the part %(name)s declares a DTD or entities, which are refused")
                    % {"name": info.filename}
                )
            try:
                SafeET.fromstring(raw, forbid_dtd=True)
            except DefusedXmlException:
                raise FileRejected(
                    _("the part %(name)s declares a DTD or entities, which are refused")
                    % {"name": info.filename}
                ) from None
            except SafeET.ParseError:
                raise FileRejected(
                    _("the part %(name)s is not well-formed XML") % {"name": info.filename}
                ) from None
            if info.filename == "[Content_Types].xml":
                content_types = raw.decode("utf-8", "replace")
                if any(t in content_types for t in _MACRO_TYPES):
                    raise FileRejected(_("the workbook contains macros; save it as plain .xlsx"))
                if "spreadsheetml.sheet.main+xml" not in content_types:
                    raise FileRejected(_("the file is not an XLSX workbook"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRejected(_("the workbook is damaged: %(msg)s") % {"msg": exc}) from None


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as part:
        raw = part.read(info.file_size + 1)
    if len(raw) > info.file_size:
        raise zipfile.BadZipFile(f"{info.filename}: the stated size is wrong")
    return raw


def parse_xlsx(data: bytes) -> list[RawItem]:
    check_xlsx(data)
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FileRejected(_("the workbook cannot be read: %(msg)s") % {"msg": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        title = sheet.title
        header: list[str] = []
        rows: list[tuple[list[Any], Any]] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(cells)
            if len(values) > MAX_COLUMNS:
                raise FileRejected(
                    _("%(n)d columns; at most %(max)d are allowed")
                    % {"n": len(values), "max": MAX_COLUMNS}
                )
            for value in values:
                if isinstance(value, str) and len(value) > MAX_CELL:
                    raise FileRejected(
                        _("a cell has more than %(max)d characters") % {"max": MAX_CELL},
                        f"{title}!{number}",
                    )
            if not header:
                header = ["" if v is None else str(v).strip() for v in values]
                continue
            if all(v in (None, "") for v in values):
                continue
            rows.append((values, number))
            if len(rows) > MAX_COHORTS:
                raise FileRejected(_("more than %(max)d cohorts") % {"max": MAX_COHORTS})
    finally:
        workbook.close()
    if not header:
        raise FileRejected(_("the workbook is empty"))

    def where(col: int | None, row: Any) -> str:
        if col is None:
            return f"{title}!{1 if row is None else row}"
        return f"{title}!{get_column_letter(col + 1)}{1 if row is None else row}"

    return _rows_to_items(header, rows, where)
