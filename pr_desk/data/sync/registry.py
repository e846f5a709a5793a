"""Which tables sync, and how: columns that never leave a database, columns that are
bookkeeping (not compared), field groups that conflict as one, row-level tables, and
the rows an approved form locks. The schema fingerprint is computed from here."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table

from pr_desk.data import search

# BOOKKEEPING is re-exported: office and field sync read it as registry.BOOKKEEPING
from pr_desk.data.sync.spec import BOOKKEEPING as BOOKKEEPING
from pr_desk.data.sync.spec import TableSync
from pr_desk.data.tables import Base
from pr_desk.workspaces import hooks

# The shared tables that travel; each workspace adds its own (data/<workspace>/sync.py).
# Order matters: parents before children (inserts in this order, deletes reversed).
SHARED: tuple[TableSync, ...] = (
    TableSync("app_user", local=frozenset({"password_hash", "failed_logins", "locked_until",
                                           "last_login_at", "must_change_password"})),
    TableSync("unit"),
    TableSync("office_setting"),
)

# Tables that never leave the office, and why (a test checks every table is in one list).
SHARED_NOT_SYNCED: dict[str, str] = {
    "pr_desk_meta": "each database's own identity and counters",
    "audit_record": "each database's own hash-chained trail",
}
# The search index (data/search.py): derived, raw-DDL tables (not models; FTS5's cannot
# be one), rebuilt by each database from its own records, so never in a package.
DERIVED_NOT_SYNCED: dict[str, str] = dict(search.TABLES)


def _collect() -> tuple[tuple[TableSync, ...], dict[str, str], tuple[Callable[..., dict[str, list[dict[str, Any]]]], ...]]:
    synced, not_synced, subsets = list(SHARED), dict(SHARED_NOT_SYNCED) | DERIVED_NOT_SYNCED, []
    for _workspace, module in hooks("sync"):
        synced.extend(module.SYNCED)
        not_synced.update(module.NOT_SYNCED)
        if hasattr(module, "subset"):
            subsets.append(module.subset)
    return tuple(synced), not_synced, tuple(subsets)


# SUBSETS: a workspace's own part of a field copy, subset(session, unit_ids=, file_cap=)
# -> {table: typed rows} (evaluation's part is office.subset_state's own).
SYNCED, NOT_SYNCED, SUBSETS = _collect()

# The oldest schema revision whose packages this version still merges as they are: every
# migration since then left the synced tables alone, which the schema fingerprint proves on
# each package. Move it up to the revision of a migration that changes a synced table
# (SYNC.md: "sync-compatible" migrations). 0008 made the directive register travel (new
# synced tables): a package of an older field copy lacks them and is refused (update the
# laptop; its work is kept there). 0010 added the calibration columns to the evaluation
# assignments and forms (a second inspector's form, the decision which one counts).
SYNC_COMPATIBLE_FROM = "0010"


def compatible_revision(theirs: str, here: str) -> bool:
    """A package made at `theirs` can be merged at `here` (with the same fingerprint)."""
    return theirs == here or SYNC_COMPATIBLE_FROM <= theirs <= here


BY_NAME = {t.name: t for t in SYNCED}
ORDER = {t.name: i for i, t in enumerate(SYNCED)}


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def synced_columns(name: str) -> list[str]:
    """The columns that travel, in table order."""
    local = BY_NAME[name].local
    return [c.name for c in table(name).columns if c.name not in local]


def merge_units(name: str) -> list[tuple[str, ...]]:
    """The units a row is merged in: each group, and each other non-bookkeeping column alone."""
    spec = BY_NAME[name]
    cols = [c for c in synced_columns(name) if c not in BOOKKEEPING and c != "id"]
    if spec.row_level:
        return [tuple(cols)]
    grouped = {c for g in spec.groups for c in g}
    return [tuple(g) for g in spec.groups] + [(c,) for c in cols if c not in grouped]


@functools.cache
def schema_fingerprint() -> str:
    """SHA-256 over the synced tables' columns, types, keys and NOT NULLs (SYNC.md §6.12).
    Computed once per process: the tables are this program's own and do not change while
    it runs, and each str(type) builds a dialect (about 15 ms a call, asked by every
    package written and every import checked)."""
    shape = []
    for spec in SYNCED:
        t = table(spec.name)
        shape.append([spec.name, [[c.name, str(c.type), bool(c.primary_key), bool(c.nullable)]
                                  for c in t.columns if c.name not in spec.local]])
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
