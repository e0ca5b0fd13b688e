"""CSV and XLSX files that spreadsheets open safely (IMP-08): text cells never become formulas.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return as
a formula. In CSV such text gets a leading ``'``; in XLSX every text cell is written as a string
(openpyxl would otherwise store "=…" as a formula). Numeric columns stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A text cell a spreadsheet will not read as a formula (CSV: prefixed with ``'``)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Collection[str] = ()
) -> bytes:
    """UTF-8 CSV with CRLF line ends (RFC 4180); ``None`` is an empty cell."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                "" if value is None else str(value) if column in numeric else neutralise(str(value))
                for column, value in zip(columns, row, strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    numeric: Collection[str] = (),
) -> bytes:
    """A workbook with one sheet per ``(title, columns, rows)``; text cells are strings."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(columns))
        for row in rows:
            cells: list[Any] = []
            for column, value in zip(columns, row, strict=True):
                if value is None or value == "":
                    cells.append(None)
                elif column in numeric:
                    cells.append(float(value) if isinstance(value, Decimal) else value)
                else:
                    cell = WriteOnlyCell(sheet, value=str(value))
                    cell.data_type = "s"  # never a formula
                    cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
