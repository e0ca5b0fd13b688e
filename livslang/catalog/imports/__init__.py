"""Bulk import of offerings and cohorts (schema.org JSON-LD, CSV, XLSX); see README.md."""

from livslang.catalog.imports.importer import format_from_filename, run_import
from livslang.catalog.imports.parsing import COLUMNS
from livslang.catalog.imports.report import ImportReport, Problem

__all__ = ["COLUMNS", "ImportReport", "Problem", "format_from_filename", "run_import"]
