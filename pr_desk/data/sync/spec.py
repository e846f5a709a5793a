"""How one table syncs (a workspace declares its tables with it in data/<workspace>/sync.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSync:
    name: str
    local: frozenset[str] = frozenset()  # never captured, never sent (security state)
    groups: tuple[tuple[str, ...], ...] = ()  # fields that conflict as one
    row_level: bool = False  # the whole row is one group
    form_column: str | None = None  # the column naming the form that locks this row
    same_by: str | None = None  # a content key: a field copy's new row the office holds by it changes nothing
    subset_note: str = field(default="", compare=False)


# Changed on every edit on both sides: never compared, never a conflict. The merged
# value of the office row is the office's (version + 1, the incoming edit's time/user).
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by"})
