"""The field copy's side: joining (a new SQLite database made from a checkout package),
return packages (every change the office has not acknowledged), and applying the
office's next field package with the copy's pending edits kept on top (SYNC.md §6.9)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pr_desk.data import audit
from pr_desk.data.models import User
from pr_desk.data.sync import capture, codec, identity, registry
from pr_desk.data.sync.local import write_local
from pr_desk.data.sync.models import SyncChange
from pr_desk.data.sync.office import (
    CHANGED,
    DELETED,
    LOCAL_DEFAULTS,
    NEW,
    _manifest,
    check_identity_and_schema,
    read_rows,
    tally,
)
from pr_desk.data.sync.package import (
    DAMAGED,
    ROW_DAMAGE,
    OpenedPackage,
    SyncRejected,
    write_package,
)
from pr_desk.i18n import N_


def decode_state(pkg: OpenedPackage) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {t.name: {} for t in registry.SYNCED}
    try:
        for tbl, pk, row in pkg.state():
            if tbl not in registry.BY_NAME:
                raise ValueError(f"unknown table {tbl}")
            typed = codec.row_from_canonical(tbl, json.loads(row))
            assert typed is not None
            if str(typed.get("id")) != str(uuid.UUID(pk)) or set(typed) != set(registry.synced_columns(tbl)):
                raise ValueError(f"row {tbl} {pk} incomplete")
            out[tbl][str(uuid.UUID(pk))] = typed
    except ROW_DAMAGE as exc:
        raise SyncRejected(DAMAGED, name=pkg.path.name, reason=str(exc)) from exc
    return out


def parents_first(tbl: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` of one table ordered so that a row pointing at another row of the same table
    (a directive ended by another) comes after it: SQLite checks each key as it is
    written, and a package holds its rows in key order."""
    columns = [fk.parent.name for fk in registry.table(tbl).foreign_keys if fk.column.table.name == tbl]
    if not columns or len(rows) < 2:
        return rows
    ids = {row["id"] for row in rows}
    placed: set[Any] = set()
    out: list[dict[str, Any]] = []
    pending = rows
    while pending:
        rest = []
        for row in pending:
            if all(row.get(c) is None or row[c] not in ids or row[c] in placed or row[c] == row["id"] for c in columns):
                out.append(row)
                placed.add(row["id"])
            else:
                rest.append(row)
        if len(rest) == len(pending):  # a cycle: written as it is (the database says no)
            return out + rest
        pending = rest
    return out


def join(session: Session, pkg: OpenedPackage) -> dict[str, Any]:
    """Fills a freshly migrated, empty database as the field copy the checkout describes;
    returns the replica part of the manifest. The caller's transaction commits it."""
    m = pkg.manifest
    if m["kind"] != "checkout":
        raise SyncRejected(N_("{name} is not a package for making a new field copy (it is an update for an existing one). Nothing was changed."), name=pkg.path.name)
    from pr_desk.data.queries.meta import schema_revision

    theirs, here = str(m.get("schema_revision") or ""), str(schema_revision(session) or "")
    if not registry.compatible_revision(theirs, here) or m.get("schema_fingerprint") != registry.schema_fingerprint():
        raise SyncRejected(N_("The sync file {name} was made by a different version of PR Desk. Use the same version at the office and on the laptop; nothing was changed."), name=pkg.path.name)
    rep = m["replica"]
    state = decode_state(pkg)
    from pr_desk import APP_ID

    for key, value in {"app": APP_ID, "replica_id": rep["id"], "replica_prefix": rep["prefix"], "office_id": m["office_id"],
                       identity.ROLE: "field", identity.KEY: rep["key"], identity.ACKED_SEQ: "0",
                       identity.ACKED_CHAIN: capture.GENESIS, identity.OFFICE_SEQ: str(m.get("office_seq", 0)),
                       identity.INSPECTOR: rep["inspector_id"], audit.HEAD_SEQ: "0", audit.HEAD_HASH: audit.GENESIS}.items():
        identity.put(session, key, value)
    with capture.context(session, applying=True):
        for spec in registry.SYNCED:  # one executemany per table (every row carries every synced column)
            rows = parents_first(spec.name, [{**LOCAL_DEFAULTS.get(spec.name, {}), **row} for row in state[spec.name].values()])
            if rows:
                session.execute(insert(registry.table(spec.name)), rows)
        inspector = session.get(User, uuid.UUID(rep["inspector_id"]))
        if inspector is None:
            raise SyncRejected(DAMAGED, name=pkg.path.name, reason="no inspector")
        session.info["actor"] = (inspector.id, inspector.username)
        session.flush()
    # The inspector's office password, a local column: set without touching the row's version
    # and updated_at, which travel (the copy's row stays the office's, version for version).
    write_local(session, "app_user", inspector.id, password_hash=rep["password_hash"], must_change_password=False)
    audit.append(session, action="initialise", summary=f"field copy {rep['prefix']} from package {m['package_id']}")
    return dict(rep)


def _chained(session: Session, upto: int) -> Iterator[dict[str, Any]]:
    """Canonical unacknowledged changes up to `upto`, each with its chain value, streamed
    (the rows as the package stores them, canonical JSON text written once: the chain is
    taken over the same text)."""
    for seq, tbl, pk, op, old, new, chain in _chained_rows(session, upto, {}):
        yield {"seq": seq, "tbl": tbl, "pk": pk, "op": op, "old": old, "new": new, "chain": chain}


def _chained_rows(session: Session, upto: int, tally: dict[str, Any]) -> Iterator[tuple[int, str, str, str, str | None, str | None, str]]:
    """`_chained` as the data file's rows (seq, tbl, pk, op, old, new, chain); once they
    are all read, `tally` holds their number ("changes") and the last chain value ("end")."""
    prev = identity.get(session, identity.ACKED_CHAIN) or capture.GENESIS
    acked = int(identity.get(session, identity.ACKED_SEQ) or "0")
    return capture.chained_rows(session, acked, upto, prev, tally)


def _last_chain(session: Session, upto: int) -> str | None:
    """The chain value of the last unacknowledged change up to `upto` (None: none)."""
    last = None
    for row in _chained(session, upto):
        last = row["chain"]
    return last


@dataclass(frozen=True)
class ReturnExport:
    path: Path
    package_id: str
    file_sha256: str
    changes: int


def export_return(session: Session, *, out: Path, created_by: str) -> ReturnExport:
    """Cumulative: every change since the last one the office acknowledged (SYNC.md §5.E)."""
    if not identity.is_field_copy(session):
        raise SyncRejected(N_("This database is not a field copy; return files are made on an inspector's field copy."))
    acked = int(identity.get(session, identity.ACKED_SEQ) or "0")
    start = identity.get(session, identity.ACKED_CHAIN) or capture.GENESIS
    upto = capture.max_seq(session)
    written: dict[str, Any] = {"changes": 0, "end": start}  # filled once the rows are written

    def finished() -> dict[str, Any]:  # the manifest, once every change is written
        manifest.update(end_chain=written["end"], counts={"changes": written["changes"]})
        return manifest

    manifest = _manifest(session, "return", created_by=created_by, source=identity.replica_id(session))
    manifest.update(seq_from=acked + 1, seq_to=max(upto, acked), start_chain=start, end_chain=start,
                    office_seq_applied=int(identity.get(session, identity.OFFICE_SEQ) or "0"),
                    counts={"changes": 0})
    sha = write_package(out, finished, change_rows=_chained_rows(session, upto, written), key=identity.office_key(session))
    return ReturnExport(Path(out), manifest["package_id"], sha, written["changes"])


@dataclass
class FieldApply:
    status: str  # applied | up_to_date
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    kept_local: int = 0  # rows or fields left as the copy has them (pending edits)
    by_table: dict[str, list[int]] = field(default_factory=dict)  # table -> [new, changed, deleted] (office.tally)


def _pending(session: Session, after: int) -> tuple[dict[tuple[str, str], set[str]], set[tuple[str, str]]]:
    fields: dict[tuple[str, str], set[str]] = {}
    whole: set[tuple[str, str]] = set()
    for ch in capture.read_changes(session, after):
        key = (ch.tbl, ch.pk)
        if ch.op in ("I", "D"):
            whole.add(key)
        elif ch.old is not None and ch.new is not None:
            # bookkeeping alone (a login touches version and updated_at) is no pending edit
            changed = {f for f in ch.new if f not in registry.BOOKKEEPING and not codec.same(ch.new[f], ch.old.get(f))}
            if changed:
                fields.setdefault(key, set()).update(changed)
    return fields, whole


def plan_field_package(session: Session, pkg: OpenedPackage) -> tuple[str, Any]:
    check_identity_and_schema(session, pkg, expect_kinds=("field",))
    m = pkg.manifest
    if m.get("target_replica") != identity.replica_id(session):
        raise SyncRejected(N_("The sync file {name} was made for another field copy. Nothing was changed."), name=pkg.path.name)
    have = int(identity.get(session, identity.OFFICE_SEQ) or "0")
    acked = int(identity.get(session, identity.ACKED_SEQ) or "0")
    new_acked = int(m.get("acked_seq", 0))
    if int(m.get("office_seq", 0)) < have or new_acked < acked:
        return "up_to_date", None
    if new_acked > capture.max_seq(session):
        raise SyncRejected(N_("The sync file {name} acknowledges changes this field copy never made (is it another copy's file?). Nothing was changed."), name=pkg.path.name)
    last = _last_chain(session, new_acked)
    if (last if last is not None else identity.get(session, identity.ACKED_CHAIN)) != m.get("acked_chain"):
        raise SyncRejected(N_("This field copy's history differs from what the office received (was its database file copied or restored?). Nothing was changed."))
    if int(m.get("office_seq", 0)) == have and new_acked == acked:
        return "up_to_date", None
    return "apply", decode_state(pkg)


def apply_field_package(session: Session, pkg: OpenedPackage) -> FieldApply:
    """Makes the copy's synced tables equal to the office's subset, except what the copy
    changed since the upload the office acknowledged: those fields and rows stay as they
    are here (they go to the office with the next return file). Not captured: these are
    the office's values, not edits of this copy."""
    status, state = plan_field_package(session, pkg)
    if status == "up_to_date":
        return FieldApply("up_to_date")
    m = pkg.manifest
    new_acked = int(m["acked_seq"])
    pending_fields, pending_rows = _pending(session, new_acked)
    merge = _FieldMerge(session, pending_fields, pending_rows, FieldApply("applied"), f"sync: field package {m['package_id']}")
    with capture.context(session, applying=True):
        for spec in registry.SYNCED:
            merge.write_table(spec.name, state[spec.name])
        for spec in reversed(registry.SYNCED):
            merge.delete_gone(spec.name, state[spec.name])
        audit.append_many(session, merge.trail)
        # acknowledged changes go; the newest stays so the sequence never restarts
        session.execute(delete(SyncChange).where(SyncChange.id < new_acked))
        identity.put(session, identity.ACKED_SEQ, str(new_acked))
        identity.put(session, identity.ACKED_CHAIN, str(m["acked_chain"]))
        identity.put(session, identity.OFFICE_SEQ, str(m["office_seq"]))
    session.flush()
    return merge.result


@dataclass
class _FieldMerge:
    """The steps of applying a field package to the copy's tables, sharing the copy's
    pending edits (kept as they are), the counts and the audit trail."""

    session: Session
    pending_fields: dict[tuple[str, str], set[str]]
    pending_rows: set[tuple[str, str]]
    result: FieldApply
    summary: str
    trail: list[dict[str, Any]] = field(default_factory=list)

    def write_table(self, tbl: str, incoming: dict[str, dict[str, Any]]) -> None:
        """The office's rows of one table: new rows first (one executemany; parents'
        tables come before their children's), then the changes, which may point at a row
        new in the same table."""
        table = registry.table(tbl)
        new_rows, changes = self._sort_rows(tbl, incoming)
        result = self.result
        if new_rows:
            self.session.execute(insert(table), parents_first(tbl, new_rows))
            result.inserted += len(new_rows)
            tally(result.by_table, tbl, NEW, len(new_rows))
        for pk_value, values in changes:
            self.session.execute(update(table).where(table.c.id == pk_value).values(**values))
            self.trail.append({"action": "update", "table_name": tbl, "record_id": pk_value, "summary": self.summary})
            result.updated += 1
            tally(result.by_table, tbl, CHANGED)

    def _sort_rows(self, tbl: str, incoming: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[tuple[Any, dict[str, Any]]]]:
        """(rows new here, (id, values) of rows that differ), leaving out what the copy edited."""
        local = {str(r["id"]): r for r in read_rows(self.session, tbl)}
        new_rows, changes = [], []
        for pk, row in incoming.items():
            key = (tbl, pk)
            if key in self.pending_rows:
                self.result.kept_local += 1
                continue
            here = local.get(pk)
            if here is None:
                new_rows.append({**LOCAL_DEFAULTS.get(tbl, {}), **row})
                self.trail.append({"action": "insert", "table_name": tbl, "record_id": row["id"], "summary": self.summary})
                continue
            mine = self.pending_fields.get(key, set())
            values = {f: v for f, v in row.items() if f not in mine and not codec.same(v, here.get(f))}
            if mine:
                self.result.kept_local += 1
                for f in registry.BOOKKEEPING:
                    values.pop(f, None)
            if values:
                changes.append((row["id"], values))
        return new_rows, changes

    def delete_gone(self, tbl: str, incoming: dict[str, dict[str, Any]]) -> None:
        """Rows the office no longer sends are deleted, unless the copy edited them or
        another row still points at them."""
        table = registry.table(tbl)
        result = self.result
        for r in read_rows(self.session, tbl):
            pk = str(r["id"])
            key = (tbl, pk)
            if pk in incoming or key in self.pending_rows or key in self.pending_fields:
                continue
            try:
                with self.session.begin_nested():
                    self.session.execute(delete(table).where(table.c.id == r["id"]))
                self.trail.append({"action": "purge", "table_name": tbl, "record_id": r["id"], "summary": self.summary})
                result.deleted += 1
                tally(result.by_table, tbl, DELETED)
            except IntegrityError:
                result.kept_local += 1
