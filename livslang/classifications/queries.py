"""Reading the education classifications."""

from __future__ import annotations

from livslang.classifications.models import IscedField, NusCode


def counts() -> dict[str, int]:
    """How many ISCED-F fields and NUS2000 codes are loaded."""
    return {"isced_fields": IscedField.objects.count(), "nus_codes": NusCode.objects.count()}
