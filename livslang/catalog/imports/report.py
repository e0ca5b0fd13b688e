"""What an import reports: problems with their place in the file, and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Problem:
    """One fault: the item (numbered from 1, None for the whole file), where and what."""

    item: int | None
    identifier: str
    location: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = []
        if self.item is not None:
            if self.identifier:
                parts.append(
                    _("item %(n)d (identifier %(id)s)") % {"n": self.item, "id": self.identifier}
                )
            else:
                parts.append(_("item %(n)d") % {"n": self.item})
        if self.location:
            parts.append(self.location)
        text = f"{self.field}: {self.message}" if self.field else self.message
        return ", ".join([*parts, text])


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cohorts_created: int = 0
    cohorts_updated: int = 0
    cohorts_unchanged: int = 0
    cohorts_removed: int = 0
    rejected_items: int = 0
    problems: list[Problem] = field(default_factory=list)
    total_items: int = 0
    imported: bool = False
    batch_id: int | None = None

    def summary_lines(self, dry_run: bool = False) -> list[str]:
        lines = [
            f"created={self.created} updated={self.updated} unchanged={self.unchanged}",
            f"cohorts created={self.cohorts_created} updated={self.cohorts_updated} "
            f"unchanged={self.cohorts_unchanged} removed={self.cohorts_removed}",
        ]
        if self.rejected_items and self.imported:
            lines.append(f"rejected={self.rejected_items}")
        return [f"dry-run: {line}" for line in lines] if dry_run else lines

    def rejection_line(self) -> str:
        items = len({p.item for p in self.problems if p.item is not None}) or (self.rejected_items)
        return _("rejected: %(n)d problems in %(k)d of %(m)d items; nothing was imported") % {
            "n": len(self.problems),
            "k": items,
            "m": self.total_items,
        }
