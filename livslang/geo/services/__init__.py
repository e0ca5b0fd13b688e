"""Writing geography: loading the shipped reference data and applying dated change events.

Both run in one transaction, compare with what is stored and write only differences, and
record one audit entry when (and only when) something changed. Reads live in
``livslang.geo.queries``.
"""

from livslang.geo.services.changes import (
    CHANGE_COLUMNS,
    ChangeFileError,
    ChangeReport,
    apply_change_file,
    apply_changes,
    register_municipality_repointer,
    register_region_repointer,
    unregister_municipality_repointer,
    unregister_region_repointer,
)
from livslang.geo.services.loading import (
    DATA_DIR,
    SHIPPED_VALID_FROM,
    LoadReport,
    ModelCounts,
    load_reference_data,
)

__all__ = [
    "CHANGE_COLUMNS",
    "DATA_DIR",
    "SHIPPED_VALID_FROM",
    "ChangeFileError",
    "ChangeReport",
    "LoadReport",
    "ModelCounts",
    "apply_change_file",
    "apply_changes",
    "load_reference_data",
    "register_municipality_repointer",
    "register_region_repointer",
    "unregister_municipality_repointer",
    "unregister_region_repointer",
]
