"""The administrator's list of field copies: for each inspector's laptop the last package
made for it, the last return file brought back, and what that means (waiting for its
return, back in step, nothing back yet, retired)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pr_desk.data.engine import Database
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import sort_key
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require

# in the order a person should look at them: a copy that has brought nothing back first
STATES: tuple[tuple[str, str], ...] = (
    ("nothing_back", N_("Nothing brought back yet")),
    ("waiting", N_("Waiting for its return file")),
    ("in_step", N_("Back in step")),
    ("retired", N_("Retired")),
)
_ORDER = {state: i for i, (state, _label) in enumerate(STATES)}


@dataclass(frozen=True)
class FieldCopyState:
    replica_id: uuid.UUID
    inspector: str  # the inspector's name when the copy was made
    prefix: str  # of the numbers issued on the copy
    last_out: dt.datetime | None  # the last package made for it (its checkout or a later one)
    last_back: dt.datetime | None  # the last return file imported from it
    state: str  # one of STATES

    @property
    def state_label(self) -> str:
        return _(dict(STATES)[self.state])

    @property
    def alert(self) -> bool:
        return self.state == "nothing_back"


def copy_state(*, last_out: dt.datetime | None, last_back: dt.datetime | None, retired: bool) -> str:
    if retired:
        return "retired"
    if last_back is None:
        return "nothing_back"
    if last_out is not None and last_out > last_back:
        return "waiting"
    return "in_step"


def _when(value: dt.datetime | None) -> tuple[int, dt.datetime]:
    """Sorts a missing time before every time."""
    return (0, dt.datetime.min.replace(tzinfo=dt.UTC)) if value is None else (1, _aware(value))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


SORT_KEYS: dict[str, Callable[[FieldCopyState], Any]] = {
    "inspector": lambda c: (sort_key(c.inspector), c.prefix),
    "prefix": lambda c: c.prefix,
    "last_out": lambda c: (_when(c.last_out), c.prefix),
    "last_back": lambda c: (_when(c.last_back), c.prefix),
    "state_label": lambda c: (_ORDER[c.state], _when(c.last_back), c.prefix),
}


def field_copy_states(db: Database, actor: Actor, *, sort_key: str | None = None,
                      descending: bool = False) -> list[FieldCopyState]:
    """Every field copy this office made, retired ones too; by default those needing a
    look first (nothing back, then waiting longest for a return), retired ones last."""
    require(actor, Permission.MANAGE_SYNC)
    from pr_desk.data.sync.queries import field_copies, last_packages_out

    with read(db) as session:
        out = last_packages_out(session)
        rows = field_copies(session, include_retired=True)
        copies = []
        for replica, back in rows:
            last_out = out.get(replica.id) or replica.created_at
            last_out = _aware(last_out) if last_out is not None else None
            last_back = _aware(back) if back is not None else None
            copies.append(FieldCopyState(replica.id, replica.name, replica.prefix, last_out, last_back,
                                         copy_state(last_out=last_out, last_back=last_back, retired=bool(replica.retired))))
    key = SORT_KEYS.get(sort_key or "state_label", SORT_KEYS["state_label"])
    return sorted(copies, key=key, reverse=descending)


__all__ = ["STATES", "FieldCopyState", "copy_state", "field_copy_states"]
