"""The office side: the subset a field copy holds, field packages (the first one makes
the copy), and the merge of a field copy's return package (SYNC.md §6.7, §6.8)."""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pr_desk import __version__
from pr_desk.data import audit, staging
from pr_desk.data.evaluation.models import EvaluationAssignment, EvaluationForm
from pr_desk.data.ids import new_id
from pr_desk.data.models import User
from pr_desk.data.sync import capture, codec, identity, registry, sql_merge
from pr_desk.data.sync.models import SyncChange, SyncConflict, SyncImport, SyncReplica
from pr_desk.data.sync.package import (
    DAMAGED,
    ROW_DAMAGE,
    OpenedPackage,
    SyncRejected,
    write_package,
)
from pr_desk.data.types import utcnow
from pr_desk.i18n import N_

LOCAL_DEFAULTS = {"app_user": {"password_hash": "!", "failed_logins": 0, "must_change_password": False}}


def schema_revision(session: Session) -> str:
    from pr_desk.data.queries.meta import schema_revision as rev

    return rev(session) or ""


# --- the subset of one inspector ------------------------------------------------------

def subset_state(session: Session, inspector_id: uuid.UUID, *, file_cap: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Typed rows, per synced table, that a field copy of `inspector_id` holds: their
    assignments and assigned units, every form of those units (earlier ones read-only by
    their status) with scores, evidence and visits, templates, periods, settings, the
    users those rows point at, and each workspace's own part for those units (the
    directives sent to them; files over `file_cap` bytes without their content). No
    meeting-queue table, so no citizen's data."""
    t = registry.table
    assignments = t("evaluation_assignment")
    unit_ids = set(session.scalars(select(EvaluationAssignment.unit_id).where(EvaluationAssignment.inspector_id == inspector_id)))
    form_ids = set(session.scalars(select(EvaluationForm.id).where(EvaluationForm.unit_id.in_(unit_ids)))) if unit_ids else set()
    where: dict[str, Any] = {
        "unit": t("unit").c.id.in_(unit_ids),
        "office_setting": None,
        "evaluation_template": None,
        "evaluation_axis": None,
        "evaluation_indicator": None,
        "evaluation_period": None,
        "evaluation_assignment": assignments.c.inspector_id == inspector_id,
        "evaluation_form": t("evaluation_form").c.id.in_(form_ids),
        "evaluation_score": t("evaluation_score").c.form_id.in_(form_ids),
        "evaluation_attachment": t("evaluation_attachment").c.form_id.in_(form_ids),
        "evaluation_field_visit": t("evaluation_field_visit").c.form_id.in_(form_ids),
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for name, clause in where.items():
        out[name] = read_rows(session, name, clause)
    user_ids = {inspector_id}
    for row in out["evaluation_form"] + out["evaluation_assignment"]:
        if row.get("inspector_id"):
            user_ids.add(row["inspector_id"])
    out["app_user"] = read_rows(session, "app_user", t("app_user").c.id.in_(user_ids))
    for part in registry.SUBSETS:
        out.update(part(session, unit_ids=unit_ids, file_cap=file_cap))
    return out


def read_rows(session: Session, tbl: str, clause: Any = None) -> list[dict[str, Any]]:
    table = registry.table(tbl)
    cols = [table.c[c] for c in registry.synced_columns(tbl)]
    q = select(*cols).order_by(table.c.id)
    if clause is not None:
        q = q.where(clause)
    result = session.execute(q)
    keys = list(result.keys())
    return [dict(zip(keys, r, strict=False)) for r in result]


def read_row(session: Session, tbl: str, pk: uuid.UUID) -> dict[str, Any] | None:
    table = registry.table(tbl)
    cols = [table.c[c] for c in registry.synced_columns(tbl)]
    row = session.execute(select(*cols).where(table.c.id == pk)).first()
    return dict(row._mapping) if row else None


def _state_entries(state: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str]]:
    return [(tbl, str(row["id"]), codec.dumps(codec.row_to_canonical(tbl, row))) for tbl, rows in state.items() for row in rows]


def _manifest(session: Session, kind: str, *, created_by: str, target: str = "", source: str = "") -> dict[str, Any]:
    return {
        "app": "pr-desk-sync", "kind": kind, "package_id": str(new_id()), "created_at": utcnow().isoformat(),
        "created_by": created_by, "app_version": __version__, "office_id": identity.office_id(session),
        "source_replica": source, "target_replica": target, "schema_revision": schema_revision(session),
        "schema_fingerprint": registry.schema_fingerprint(),
    }


@dataclass(frozen=True)
class ExportedPackage:
    path: Path
    package_id: str
    file_sha256: str
    kind: str
    counts: dict[str, int]


def export_field_package(session: Session, *, inspector_id: uuid.UUID, out: Path, created_by: str,
                         replica_id: uuid.UUID | None = None, file_cap: int | None = None) -> ExportedPackage:
    """A checkout (new field copy, registered here with its own id and number prefix) or,
    with `replica_id`, the next field package of an existing copy. Either carries the
    whole subset as it is now (files over `file_cap` bytes without their content); the
    copy keeps its own pending edits on top."""
    inspector = session.get(User, inspector_id)
    if inspector is None:
        raise SyncRejected(N_("No such inspector."))
    office_key = identity.office_key(session, create=True)
    if replica_id is None:
        replica = SyncReplica(id=new_id(), name=inspector.display_name, inspector_id=inspector_id,
                              prefix=identity.next_prefix(session), max_seq=0, chain=capture.GENESIS,
                              acked_office_seq=0, retired=0, version=1)
        session.add(replica)
        session.flush()
        kind = "checkout"
    else:
        found = session.get(SyncReplica, replica_id)
        if found is None or found.retired:
            raise SyncRejected(N_("This field copy is not known to this office (or was retired)."))
        replica, kind = found, "field"
    key = identity.copy_key(session, str(replica.id), create=kind == "checkout") or office_key
    state = subset_state(session, replica.inspector_id, file_cap=file_cap)
    manifest = _manifest(session, kind, created_by=created_by, target=str(replica.id))
    manifest.update(office_seq=capture.max_seq(session), acked_seq=replica.max_seq, acked_chain=replica.chain,
                    counts={t: len(rows) for t, rows in state.items()})
    if kind == "checkout":
        manifest["replica"] = {"id": str(replica.id), "prefix": replica.prefix, "name": replica.name,
                               "inspector_id": str(inspector_id), "password_hash": inspector.password_hash, "key": key}
    sha = write_package(out, manifest, state=_state_entries(state), key=key)
    audit.append(session, action="export", table_name="sync_replica", record_id=replica.id,
                 summary=f"field package {manifest['package_id']} ({kind})")
    return ExportedPackage(Path(out), manifest["package_id"], sha, kind, manifest["counts"])


# --- checks common to both directions (SYNC.md §6.7 steps 4-5) --------------------------

def check_identity_and_schema(session: Session, pkg: OpenedPackage, *, expect_kinds: tuple[str, ...]) -> None:
    m, name = pkg.manifest, pkg.path.name
    if m.get("office_id") != identity.office_id(session):
        raise SyncRejected(N_("The sync file {name} belongs to a different office database. Nothing was changed."), name=name)
    if m["kind"] not in expect_kinds:
        if m["kind"] == "return":
            raise SyncRejected(N_("{name} is a field copy's return file: import it at the office, not on a field copy. Nothing was changed."), name=name)
        raise SyncRejected(N_("{name} is a field package from the office: open it on the inspector's field copy. Nothing was changed."), name=name)
    here = schema_revision(session)
    theirs = str(m.get("schema_revision") or "")
    if not registry.compatible_revision(theirs, here):
        if theirs > here:
            raise SyncRejected(N_("The sync file {name} was made by a newer version of PR Desk (schema {theirs}, here {here}). Update this program first; nothing was changed."),
                               name=name, theirs=theirs, here=here)
        if "return" in expect_kinds:  # at the office: the laptop's program is behind
            raise SyncRejected(N_("The sync file {name} was made by an older version of PR Desk on the inspector's laptop (schema {theirs}, here {here}). Update PR Desk on the laptop and make the return file again; the field work is kept safe on the laptop. Nothing was changed."),
                               name=name, theirs=theirs, here=here)
        raise SyncRejected(N_("The sync file {name} was made by an older version of PR Desk (schema {theirs}, here {here}). Update the other side first; its work is safe. Nothing was changed."),
                           name=name, theirs=theirs, here=here)
    if m.get("schema_fingerprint") != registry.schema_fingerprint():
        raise SyncRejected(N_("The sync file {name} has the same version but a different table layout. Nothing was changed."), name=name)


def decode_changes(pkg: OpenedPackage, after: int = 0) -> tuple[list[capture.Change], list[str], list[str]]:
    """Row validation (§6.7 step 8) of the package's changes after `after` (those up to it
    the office has: only their chain is checked); returns the changes with the chain value
    stored with each and the chain recomputed from the manifest's start, for every change.
    Holds the whole package in memory: the import streams it instead (`_check_chain`,
    `_net_chunks`); this reads a package whole for tests and tools."""
    out, stored, computed = [], [], []
    prev = str(pkg.manifest.get("start_chain", ""))
    try:
        for seq, tbl, pk, op, old, new, chain in pkg.changes():
            _check_kind(seq, tbl, pk, op)
            prev = capture.chain_step_stored(prev, seq, tbl, pk, op, old, new)
            stored.append(str(chain))
            computed.append(prev)
            if seq <= after:
                out.append(capture.Change(seq, tbl, pk, op, None, None))
                continue
            out.append(_decoded(seq, tbl, str(uuid.UUID(pk)), op, old, new))
    except ROW_DAMAGE as exc:
        raise SyncRejected(DAMAGED, name=pkg.path.name, reason=str(exc)) from exc
    return out, stored, computed


def _check_kind(seq: Any, tbl: Any, pk: Any, op: Any) -> None:
    if tbl not in registry.BY_NAME or op not in ("I", "U", "D"):
        raise ValueError(f"change {seq}: unknown table or operation")
    if not isinstance(seq, int) or not isinstance(pk, str):
        raise ValueError(f"change {seq}: bad sequence or key")


_SCAN: Any = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009 - json.loads' own scanner (the default decoder's settings); not in its typing stub


def _parsed(text: Any) -> Any:
    """`json.loads(text)`: a text that is one JSON value from its first character to its
    last (what the export writes) is scanned without `loads`' checks around the scanner;
    anything else (whitespace around it, a BOM, bytes, bad JSON) takes `json.loads`
    itself, for its value or its error."""
    if type(text) is str:
        try:
            value, end = _SCAN(text, 0)
        except (StopIteration, ValueError):
            return json.loads(text)
        if end == len(text):
            return value
    return json.loads(text)


def _decoded(seq: int, tbl: str, pk: str, op: str, old: str | None, new: str | None) -> capture.Change:
    """One change's rows as typed values, checked (ValueError when they are not sound)."""
    decode = codec.row_decoder(tbl)  # (codec.row_from_canonical, written out for the table)
    old_row = decode(_parsed(old)) if old is not None else None
    new_row = decode(_parsed(new)) if new is not None else None
    if (op != "I" and old_row is None) or (op != "D" and new_row is None):
        raise ValueError(f"change {seq}: incomplete")
    if op == "I" and new_row is not None and len(new_row) != len(columns := codec.kinds(tbl)):
        # (new_row is never None here: checked just above; it holds no unknown column)
        raise ValueError(f"change {seq}: missing {[c for c in columns if c not in new_row]}")
    return capture.Change(seq, tbl, pk, op, old_row, new_row)


def _validate_rows(pkg: OpenedPackage, after: int) -> None:
    """Every change after `after` decoded and dropped: a damaged row is `damaged` (what
    a package whose chain does not hold is called when its rows do not decode either)."""
    try:
        for seq, tbl, pk, op, old, new, _chain in pkg.changes():
            _check_kind(seq, tbl, pk, op)
            if seq > after:
                _decoded(seq, tbl, str(uuid.UUID(pk)), op, old, new)
    except ROW_DAMAGE as exc:
        raise SyncRejected(DAMAGED, name=pkg.path.name, reason=str(exc)) from exc


@dataclass(frozen=True)
class ChainCheck:
    """What the streamed chain check (`_check_chain`) found: no change is kept."""

    count: int  # changes in the package
    first_seq: int | None
    contiguous: bool  # seq_from, seq_from + 1, … with no gap
    sound: bool  # every stored chain value is the one recomputed
    last: str  # the chain after the last change (the start chain if none)
    at_max: str | None  # the chain after the change `after` (None: not in the package)
    new: int  # changes after `after`


def _check_chain(pkg: OpenedPackage, seq_from: int, after: int) -> ChainCheck:
    """The hash chain over the stored text of every change, streamed (a SHA-256 each, no
    row decoded; the rows after `after` are decoded when they are merged)."""
    key = (pkg.file_sha256, seq_from, after)
    found = pkg.cache.get(("chain", after))
    last_checked = _CHECKED.get("last")  # one read: another thread may replace it meanwhile
    if found is None and last_checked is not None and last_checked[0] == key:
        found = last_checked[1]  # the same file, previewed a moment ago
    if found is not None:
        return found  # type: ignore[no-any-return]
    prev = str(pkg.manifest.get("start_chain", ""))
    count, first, contiguous, sound, at_max, new = 0, None, True, True, None, 0
    step, sha256, canonical = capture.chain_step_stored, hashlib.sha256, codec.is_canonical_uuid
    known, ops = registry.BY_NAME, ("I", "U", "D")
    names: dict[str, bytes] = {}  # a table or operation name -> its JSON (a handful, each made once)
    head: bytes | None = None  # prev as UTF-8
    try:
        for seq, tbl, pk, op, old, new_text, chain, as_bytes in pkg.chain_rows():
            if as_bytes and type(seq) is int and type(pk) is str and tbl in known and op in ops and canonical(pk):
                # (_check_kind's conditions, inline: it would raise for none of them)
                # chain_step_stored written out (a call fewer per change), as the export's
                # chained_rows, over the stored UTF-8 bytes (the text's, which the chain
                # hashes): a key in canonical UUID text is its JSON between quotes
                prev = sha256(b'%s{"new":%s,"old":%s,"op":%s,"pk":"%s","seq":%d,"tbl":%s}' % (
                    prev.encode() if head is None else head, b"null" if new_text is None else new_text,
                    b"null" if old is None else old, names.get(op) or names.setdefault(op, capture.quoted(op).encode()),
                    pk.encode(), seq, names.get(tbl) or names.setdefault(tbl, capture.quoted(tbl).encode()))).hexdigest()
            else:
                _check_kind(seq, tbl, pk, op)
                if as_bytes:  # (the text, as changes() reads it)
                    old, new_text = (None if old is None else old.decode()), (None if new_text is None else new_text.decode())
                prev = step(prev, seq, tbl, pk, op, old, new_text)
            head = prev.encode()
            if first is None:
                first = seq
            if seq != seq_from + count:
                contiguous = False
            if chain != prev:
                sound = False
            if seq == after:
                at_max = prev
            elif seq > after:
                new += 1
            count += 1
    except ROW_DAMAGE as exc:
        raise SyncRejected(DAMAGED, name=pkg.path.name, reason=str(exc)) from exc
    checked = ChainCheck(count, first, contiguous, sound, prev, at_max, new)
    pkg.cache[("chain", after)] = checked
    _CHECKED["last"] = (key, checked)
    return checked


# The last package whose chain was checked, by its file's SHA-256 (the same bytes give the
# same chain): the import after a preview of the same file does not hash it again. Emptied
# by `forget_decoded` when the import is done.
_CHECKED: dict[str, Any] = {}


def forget_decoded() -> None:
    _CHECKED.pop("last", None)


MERGE_CHUNK = 10_000  # rows decided, and staged for writing, at a time


Ranks = dict[tuple[str, str], int] | None  # a chunk's rows' positions in their table's key order (SQL path), or None


def _net_chunks(pkg: OpenedPackage, after: int, fast: sql_merge.SqlPass | None = None
                ) -> Iterator[tuple[dict[tuple[str, str], capture.NetRow], Ranks]]:
    """The net change of each row the package's changes after `after` touch, decoded
    and coalesced a chunk of at most MERGE_CHUNK rows at a time: tables parents first, each
    row's changes read together (SQL orders them by key and sequence), rows in key order.
    No list of every change is held. With `fast` (SQLite), each table's rows SQL merges
    are taken first and only the others come here, each with its key's rank."""
    conn = pkg.connect()
    name, size = pkg.path.name, MERGE_CHUNK
    try:
        # each table with whether it has new rows (SQL takes only those: a table of updates
        # only is read as before, without the SQL pass's cost)
        tables = dict(conn.execute("SELECT tbl, max(op = 'I') FROM change WHERE seq > ? GROUP BY tbl", (after,)).fetchall())
        for tbl in sorted(tables, key=lambda t: registry.ORDER[t]):
            chunk: list[capture.Change] = []
            keys = 0
            last_pk = None
            rest = fast.rest(tbl, size) if fast is not None and tables[tbl] else None
            ranks: Ranks = {} if rest is not None else None
            rows: Iterator[tuple[Any, ...]] = rest if rest is not None else _in_key_order(conn, tbl, after)
            try:
                for seq, pk, op, old, new, rank in rows:
                    if pk != last_pk:
                        if keys >= size:
                            yield capture.coalesce(chunk), ranks
                            chunk, keys, ranks = [], 0, ({} if ranks is not None else None)
                        keys += 1
                        last_pk = pk
                        # (one spelling per row, as the export writes it: what str(uuid.UUID(pk))
                        # gives, which lowercase dashed hex always is)
                        if not (type(pk) is str and codec.is_canonical_uuid(pk)) and str(uuid.UUID(pk)) != pk:
                            raise ValueError(f"change {seq}: key not in canonical form")
                        if ranks is not None:
                            ranks[(tbl, pk)] = rank
                    chunk.append(_decoded(seq, tbl, pk, op, old, new))
            except ROW_DAMAGE as exc:
                raise SyncRejected(DAMAGED, name=name, reason=str(exc)) from exc
            if chunk:
                yield capture.coalesce(chunk), ranks
    finally:
        conn.close()


def _in_key_order(conn: sqlite3.Connection, tbl: str, after: int) -> Iterator[tuple[Any, ...]]:
    """`SELECT seq, pk, op, old, new, NULL FROM change WHERE tbl = ? AND seq > ? ORDER BY
    pk, seq`, without SQLite sorting the row images (a sort of 100,000 of them spills to
    temporary files): the sequences are sorted by key, then the rows read by sequence, in
    one scan when key order is sequence order (a field copy's new ids and its edits
    usually rise together), else a block at a time."""
    seqs = [s for (s,) in conn.execute("SELECT seq FROM change WHERE tbl = ? AND seq > ? ORDER BY pk, seq", (tbl, after))]
    if all(a < b for a, b in zip(seqs, seqs[1:], strict=False)):  # (seq is the table's integer key)
        return conn.execute(f"{_CHANGES} WHERE tbl = ? AND seq > ? ORDER BY seq", (tbl, after))
    return _by_seq(conn, seqs)


_CHANGES = "SELECT seq, pk, op, old, new, NULL FROM change"


def _by_seq(conn: sqlite3.Connection, seqs: list[int]) -> Iterator[tuple[Any, ...]]:
    """The changes of `seqs`, in that order, read a block at a time."""
    for part in _chunks(seqs, 1000):
        found = {row[0]: row for row in conn.execute(f"{_CHANGES} WHERE seq IN ({', '.join(str(int(s)) for s in part)})")}
        for seq in part:
            yield found[seq]


# --- the merge ----------------------------------------------------------------------------

@dataclass
class ConflictItem:
    tbl: str
    pk: str
    fields: tuple[str, ...]  # ("*",) for the whole row
    kind: str  # update_update | delete_vs_update | update_vs_delete | update_missing_row | insert_collision | approved | constraint
    base: dict[str, Any] | None
    office: dict[str, Any] | None
    incoming: dict[str, Any] | None
    seq: int

    @property
    def key(self) -> str:
        return f"{self.tbl}:{self.pk}:{','.join(self.fields)}"


@dataclass
class Plan:
    manifest: dict[str, Any]
    file_sha256: str
    replica: SyncReplica | None
    status: str  # apply | already_imported | nothing_new
    seq_from: int = 0
    seq_to: int = 0
    end_chain: str = ""
    inserts: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # table, id, row
    updates: list[tuple[str, str, dict[str, Any], dict[str, Any], dict[str, Any]]] = field(default_factory=list)  # ..., values, bookkeeping, office row
    deletes: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # table, id, office row
    conflicts: list[ConflictItem] = field(default_factory=list)
    unchanged: int = 0
    nets: dict[tuple[str, str], capture.NetRow] = field(default_factory=dict)  # (the chunk's; of deletes: every one)
    # the merge is decided a chunk of rows at a time: inserts and updates hold the current
    # chunk's until they are counted (preview) or staged (import); deletes are kept
    package: OpenedPackage | None = None
    after: int = 0  # the changes after this sequence are merged (the office has the rest)
    by_table: dict[str, list[int]] = field(default_factory=dict)  # table -> [new, changed, deleted] (tally)
    delete_seqs: dict[tuple[str, str], int] = field(default_factory=dict)  # each delete's last change

    def count(self, column: int) -> int:
        return sum(n[column] for n in self.by_table.values())


@contextmanager
def bulk_work() -> Iterator[None]:
    """Reading and merging a package without the cyclic garbage collector: the hundreds of
    thousands of small objects of a large package make it run thousands of times (about
    an eighth of an import); it runs once afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


CHUNK = 500  # ids per IN (...) and rows per executemany batch


def _chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class OfficeView:
    """What the merge needs to know of the office, read in a few set-based queries: the
    current rows the package touches, the ids of rows deleted here (tombstones), and the
    approved forms (which lock their rows)."""

    rows: dict[tuple[str, str], dict[str, Any]]
    tombstones: set[tuple[str, str]]
    approved: set[uuid.UUID]
    read_tables: set[str] = field(default_factory=set)  # the tables whose tombstones are read

    @classmethod
    def read(cls, session: Session, keys: list[tuple[str, str]], known: OfficeView | None = None) -> OfficeView:
        """The rows of `keys`; the tombstones of their tables and the approved forms read
        here, or taken from `known` (an earlier chunk's view: read once per import)."""
        by_table: dict[str, list[uuid.UUID]] = {}
        for tbl, pk in keys:
            by_table.setdefault(tbl, []).append(uuid.UUID(pk))
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        tombstones: set[tuple[str, str]] = set() if known is None else known.tombstones
        read_tables: set[str] = set() if known is None else known.read_tables
        for tbl, ids in by_table.items():
            table = registry.table(tbl)
            cols = registry.synced_columns(tbl)
            at = cols.index("id")
            for part in _chunks(ids):
                for values in staging.read_rows(session, table, cols, table.c.id.in_(part)):
                    rows[(tbl, str(values[at]))] = dict(zip(cols, values, strict=True))
            if tbl not in read_tables:
                read_tables.add(tbl)
                for pk in session.scalars(select(SyncChange.pk).where(SyncChange.tbl == tbl, SyncChange.op == "D")):
                    tombstones.add((tbl, str(uuid.UUID(pk))))
        approved = set(session.scalars(select(EvaluationForm.id).where(EvaluationForm.status == "approved"))) if known is None else known.approved
        return cls(rows, tombstones, approved, read_tables)

    def locked(self, tbl: str, office_row: dict[str, Any] | None, incoming: dict[str, Any] | None) -> bool:
        col = registry.BY_NAME[tbl].form_column
        if col is None:
            return False
        form_id = (office_row or {}).get(col) or (incoming or {}).get(col)
        return form_id is not None and form_id in self.approved


def _business(tbl: str, row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in registry.BOOKKEEPING}


def _differs(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.keys() == b.keys():  # (the merge's units: no union of keys to build)
        return any(not codec.same(v, b[k]) for k, v in a.items())
    return any(not codec.same(a.get(k), b.get(k)) for k in set(a) | set(b))


def plan_return(session: Session, pkg: OpenedPackage, *, merge: bool = True) -> Plan:
    """Validation steps 4-8 and, with `merge`, the whole merge decided, without writing
    anything. Without `merge` only the status is known (every check is made)."""
    check_identity_and_schema(session, pkg, expect_kinds=("return",))
    m = pkg.manifest
    replica, package_id, seq_from, seq_to = _return_source(session, pkg)
    if _imported_before(session, pkg, package_id):
        return Plan(m, pkg.file_sha256, replica, "already_imported")
    end_chain = str(m.get("end_chain", ""))
    _checked_changes(pkg, replica, seq_from, seq_to)
    if seq_to <= replica.max_seq:
        return Plan(m, pkg.file_sha256, replica, "nothing_new", seq_from, seq_to, end_chain)
    plan = Plan(m, pkg.file_sha256, replica, "apply", seq_from, seq_to, end_chain, package=pkg, after=replica.max_seq)
    if merge:
        fast = sql_merge.SqlPass(session, plan.after, None) if sql_merge.attach(session, pkg) else None
        for _ in merge_chunks(session, plan, fast):  # (a preview: each chunk counted, then dropped)
            _count_chunk(plan)
        count_deletes(plan)
    return plan


def merge_chunks(session: Session, plan: Plan, fast: sql_merge.SqlPass | None = None) -> Iterator[Ranks]:
    """The merge decided a chunk of rows at a time (`MERGE_CHUNK`), parents first: after
    each step `plan.inserts` and `plan.updates` hold that chunk's rows to write (the
    caller takes them; the step gives their positions in their table's key order when
    `fast` merged some of the table's rows by SQL), deletes and conflicts accumulate.
    What `fast` merged is counted in `plan.by_table` as new (a preview) or staged (an
    import: `fast`'s stage_for)."""
    assert plan.package is not None
    known: OfficeView | None = None
    tallied: set[str] = set()

    def tally_sql() -> None:
        """A preview: the tables SQL has counted since, in the order they came."""
        if fast is not None and fast.stage_for is None:
            for tbl, n in fast.done.items():
                if tbl not in tallied:
                    tallied.add(tbl)
                    tally(plan.by_table, tbl, NEW, n)

    for nets, ranks in _net_chunks(plan.package, plan.after, fast):
        tally_sql()
        plan.inserts, plan.updates = [], []
        known = _plan_merge(session, plan, nets, known)
        yield ranks
    tally_sql()  # the tables whose every row SQL took (no chunk of theirs came)
    plan.inserts, plan.updates = [], []


def _count_chunk(plan: Plan) -> None:
    # (counted per table, in the order the tables first come: what a tally per row gives)
    for tbl, n in Counter(tbl for tbl, _pk, _row in plan.inserts).items():
        tally(plan.by_table, tbl, NEW, n)
    for tbl, n in Counter(item[0] for item in plan.updates).items():
        tally(plan.by_table, tbl, CHANGED, n)


def count_deletes(plan: Plan) -> None:
    for tbl, _pk, _row in plan.deletes:
        tally(plan.by_table, tbl, DELETED)


def _return_source(session: Session, pkg: OpenedPackage) -> tuple[SyncReplica, uuid.UUID, int, int]:
    """The field copy the package comes from (known here and not retired), its package id
    and the range of its changes, read from the manifest."""
    m, name = pkg.manifest, pkg.path.name
    try:
        replica_uuid = uuid.UUID(str(m.get("source_replica")))
        package_id = uuid.UUID(str(m.get("package_id")))
        seq_from, seq_to = int(m.get("seq_from", 0)), int(m.get("seq_to", 0))
    except (ValueError, TypeError) as exc:
        raise SyncRejected(DAMAGED, name=name, reason="manifest") from exc
    replica = session.get(SyncReplica, replica_uuid)
    if replica is None or replica.retired:
        raise SyncRejected(N_("The sync file {name} comes from a field copy this office does not know (or has retired). Nothing was changed."), name=name)
    return replica, package_id, seq_from, seq_to


def _imported_before(session: Session, pkg: OpenedPackage, package_id: uuid.UUID) -> bool:
    """Whether this very file was imported (and not undone); another file with its
    package id is refused."""
    done = session.get(SyncImport, package_id)
    if done is None or done.undone:
        return False
    if done.file_sha256 != pkg.file_sha256:
        raise SyncRejected(N_("A different file with the same package id {package} was imported before. This one was refused; nothing was changed."), package=str(package_id))
    return True


def _checked_changes(pkg: OpenedPackage, replica: SyncReplica, seq_from: int, seq_to: int) -> ChainCheck:
    """Step 7, streamed: the hash chain, and continuity with what this office received
    earlier (step 8, the rows after what the office has, is checked as they are merged;
    when the chain does not hold, first, so a damaged row is still called damaged)."""
    m, name = pkg.manifest, pkg.path.name
    start_chain, end_chain = str(m.get("start_chain", "")), str(m.get("end_chain", ""))
    checked = _check_chain(pkg, seq_from, replica.max_seq)
    fails = (not checked.contiguous or not checked.sound or seq_from + checked.count - 1 != seq_to
             or checked.last != end_chain)
    if fails or seq_from - 1 > replica.max_seq:
        _validate_rows(pkg, replica.max_seq)
    if seq_from - 1 > replica.max_seq:
        raise SyncRejected(N_("An earlier sync file from this field copy is missing (this one starts at change {first}, the office has up to {have}). Import the earlier one first; nothing was changed."),
                           first=seq_from, have=replica.max_seq)
    if not checked.contiguous:
        raise SyncRejected(DAMAGED, name=name, reason="gap in the changes")
    if fails:
        raise SyncRejected(N_("The sync file {name} was changed after it was written ({reason}). It was refused and nothing was changed."), name=name, reason="change chain")
    _check_same_history(replica, seq_from, start_chain, checked.at_max)
    return checked


def _check_same_history(replica: SyncReplica, seq_from: int, start_chain: str, at_max_chain: str | None) -> None:
    """The package's chain at the last change the office has must be the chain the office
    recorded then (else the copy's file was copied or restored)."""
    at_max = replica.max_seq - seq_from
    chain_at_max = start_chain if at_max == -1 else at_max_chain
    if chain_at_max is not None and chain_at_max != replica.chain:
        raise SyncRejected(N_("This field copy's history differs from what the office received earlier (was its database file copied or restored from a backup?). Nothing was changed; make a new field copy for it."))


def _plan_merge(session: Session, plan: Plan, nets: dict[tuple[str, str], capture.NetRow],
                known: OfficeView | None = None) -> OfficeView:
    """The merge of one chunk of rows decided row by row against the office's current
    rows, in key order (the chunks come parents first). Returns the office view (its
    tombstones and approved forms serve the next chunk)."""
    as_based = _rows_as_based(session, nets)
    view = OfficeView.read(session, [k for k in nets if k not in as_based], known)
    # (no approved form: no row is locked, none need be asked)
    locked = [k for k, (cur, _) in as_based.items() if view.locked(k[0], cur, nets[k].last_new)] if view.approved else []
    if locked:  # an `approved` conflict: decided below with the whole office row
        view.rows.update(OfficeView.read(session, locked, view).rows)
        for k in locked:
            del as_based[k]
    plan.nets = nets
    deletes = len(plan.deletes)
    for key, net in _in_order(nets):
        based = as_based.get(key)
        if based is None:
            _plan_row(view, plan, net)
        else:  # an update of a row found as its base says, of no approved form
            _plan_as_based(plan, net, *based)
    for tbl, pk, _cur in plan.deletes[deletes:]:
        plan.delete_seqs[(tbl, pk)] = nets[(tbl, pk)].last_seq
    return view


def _in_order(nets: dict[tuple[str, str], capture.NetRow]) -> Any:
    """The rows parents first, each table's in key order: sorted, unless they come so
    (a chunk of `_net_chunks`: one table, keys rising), which is cheaper to see than to sort."""
    keys = list(nets)
    if keys and keys[0][0] == keys[-1][0] and all(a < b for a, b in zip(keys, keys[1:], strict=False)):
        return nets.items()  # (rising keys of the same first and last table: all of one table)
    return sorted(nets.items(), key=lambda kv: (registry.ORDER[kv[0][0]], kv[0][1]))


def _rows_as_based(session: Session, nets: dict[tuple[str, str], capture.NetRow]
                   ) -> dict[tuple[str, str], tuple[dict[str, Any], tuple[str, ...]]]:
    """The office rows that still hold, in every field the field copy's update touched
    (each whole merge unit), in the column naming their form and in `deleted_at`, the
    values the copy's change started from: found by SQL over the staged base values
    (one statement per table and set of fields), not read row by row into Python.
    Returns those fields of each such row (what the office holds, as the base says) and
    the fields of its touched units: the usual case of a field copy's work, decided
    by `_plan_as_based`. Every other row is read whole and decided by `_plan_row`."""
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[tuple[str, list[Any]]]] = {}
    for (tbl, pk), net in nets.items():
        first_old, ops = net.first_old, net.ops
        # (net.kind == "update" with no delete among its changes: no insert first, no D)
        if ops[:1] == "I" or "D" in ops or first_old is None or first_old.get("deleted_at") is not None:
            continue  # (a soft-deleted base, or a row deleted and made again: read whole)
        changed = net.changed_fields()
        if not changed or "deleted_at" in changed:
            continue
        units, cols = _based_columns(tbl, tuple(changed))
        base = net.base
        groups.setdefault((tbl, units, cols), []).append((pk, [base[f] if f in base else first_old.get(f) for f in cols]))
    found: dict[tuple[str, str], tuple[dict[str, Any], tuple[str, ...]]] = {}
    for (tbl, units, cols), items in groups.items():
        table = registry.table(tbl)
        for part in _chunks(items, 20_000):
            ids = [codec.uuid_of(pk) for pk, _ in part]  # (parsed once: decoding the rows met them)
            named = ("id", *cols)
            for n in staging.rows_holding(session, table, cols, [(i, *values) for i, (_, values) in zip(ids, part, strict=True)]):
                pk, values = part[n]
                found[(tbl, pk)] = (dict(zip(named, (ids[n], *values), strict=True)), units)
    return found


_BASED: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _based_columns(tbl: str, changed: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of every merge unit holding a `changed` field, and those followed by
    the row's form column and `deleted_at` where the table has them (what is compared)."""
    found = _BASED.get((tbl, changed))
    if found is None:
        units = tuple(f for unit in _merge_units_of(tbl) if any(f in changed for f in unit) for f in unit)
        # (a form's own form column is its id: the staged key, which the join compares)
        extra = [c for c in (registry.BY_NAME[tbl].form_column, "deleted_at") if c not in (None, "id") and c in codec.kinds(tbl)]
        found = _BASED[(tbl, changed)] = units, tuple(dict.fromkeys([*units, *extra]))
    return found


def _plan_as_based(plan: Plan, net: capture.NetRow, cur: dict[str, Any], units: tuple[str, ...]) -> None:
    """An update of a row the office holds as the field copy's base says, in every unit
    it touched (SQL found it so: `_rows_as_based`): `merge_unit`'s first case for each
    unit (the office did not change it: take the copy's values), with none of
    `_plan_update`'s checks of a missing or soft-deleted row (it is there, not deleted
    on either side) and no conflict possible."""
    last_new = net.last_new or {}
    result = net.result
    values = {}
    for f in units:
        v = result[f] if f in result else last_new.get(f)
        office = cur[f]
        if v is not office and not v == office:  # codec.same, inline (the same object first)
            values[f] = v
    if values:
        plan.updates.append((net.tbl, net.pk, values, {k: last_new.get(k) for k in ("updated_at", "updated_by")}, cur))
    else:
        plan.unchanged += 1


def _plan_row(view: OfficeView, plan: Plan, net: capture.NetRow) -> None:
    """One row's net change sorted into the plan: an insert, update or delete to write, a
    conflict for a person, or nothing to do."""
    kind = net.kind
    if kind == "noop":
        plan.unchanged += 1
        return
    cur = view.rows.get((net.tbl, net.pk))
    if view.locked(net.tbl, cur, net.last_new if kind != "delete" else None):
        _plan_locked(plan, net, cur)
    elif kind == "insert":
        _plan_insert(view, plan, net, cur)
    elif kind == "delete":
        _plan_delete(plan, net, cur)
    else:
        _plan_update(view, plan, net, cur)


def _conflict(plan: Plan, net: capture.NetRow, kind: str, base: Any, office: Any, incoming: Any,
              fields: tuple[str, ...] = ("*",)) -> None:
    plan.conflicts.append(ConflictItem(net.tbl, net.pk, fields, kind, base, office, incoming, net.last_seq))


def _plan_locked(plan: Plan, net: capture.NetRow, cur: dict[str, Any] | None) -> None:
    """A row of an approved form: any real change is an `approved` conflict (an insert
    the office already holds as it is changes nothing)."""
    kind = net.kind
    changed = kind == "insert" or kind == "delete" or net.changed_fields()
    if changed and not (kind == "insert" and cur is not None and not _differs(_business(net.tbl, cur), _business(net.tbl, net.last_new or {}))):
        _conflict(plan, net, "approved", net.first_old, cur, net.last_new if kind != "delete" else None)
    else:
        plan.unchanged += 1


def _plan_insert(view: OfficeView, plan: Plan, net: capture.NetRow, cur: dict[str, Any] | None) -> None:
    """A new row: written, unless its id was deleted here or the office holds a different row with it."""
    assert net.last_new is not None
    if cur is None:
        if (net.tbl, net.pk) in view.tombstones:
            _conflict(plan, net, "insert_collision", None, None, net.last_new)
        else:
            plan.inserts.append((net.tbl, net.pk, net.last_new))
    elif _differs(_business(net.tbl, cur), _business(net.tbl, net.last_new)) and not _same_content(net.tbl, cur, net.last_new):
        _conflict(plan, net, "insert_collision", None, cur, net.last_new)
    else:
        plan.unchanged += 1


def _same_content(tbl: str, cur: dict[str, Any], new: dict[str, Any]) -> bool:
    """A content-addressed row (a stored file) the office already holds: the same record,
    whoever stored it first and when."""
    key = registry.BY_NAME[tbl].same_by
    return key is not None and codec.same(cur.get(key), new.get(key))


def _plan_delete(plan: Plan, net: capture.NetRow, cur: dict[str, Any] | None) -> None:
    """A deleted row: deleted here too, unless the office edited it meanwhile."""
    first_old = net.first_old or {}
    if cur is None:
        plan.unchanged += 1
    elif office_edited(net.tbl, cur, first_old):
        _conflict(plan, net, "delete_vs_update", first_old, cur, None)
    else:
        plan.deletes.append((net.tbl, net.pk, cur))


def _plan_update(view: OfficeView, plan: Plan, net: capture.NetRow, cur: dict[str, Any] | None) -> None:
    """A changed row: a soft delete against an edit is a conflict of the whole row; else
    each merge unit the field copy changed is merged on its own."""
    tbl, pk = net.tbl, net.pk
    first_old = net.first_old or {}
    changed = net.changed_fields()
    if not changed:
        plan.unchanged += 1
        return
    if cur is None:
        _conflict(plan, net, "update_vs_delete" if (tbl, pk) in view.tombstones else "update_missing_row", first_old, None, net.last_new)
        return
    last_new = net.last_new or {}
    whole_row = _soft_delete_conflict(tbl, cur, first_old, changed)
    if whole_row is not None:
        _conflict(plan, net, whole_row, first_old, cur, last_new)
        return
    _plan_units(plan, net, cur, changed)


def _plan_units(plan: Plan, net: capture.NetRow, cur: dict[str, Any], changed: dict[str, Any]) -> None:
    """A changed row the office holds, merged unit by unit: the values to write, conflicts, or nothing."""
    last_new = net.last_new or {}
    conflicts_before = len(plan.conflicts)
    values = _merge_units(plan, net, cur, changed, net.first_old or {}, last_new)
    if values:
        plan.updates.append((net.tbl, net.pk, values, {k: last_new.get(k) for k in ("updated_at", "updated_by")}, cur))
    elif len(plan.conflicts) == conflicts_before:
        plan.unchanged += 1


def _soft_delete_conflict(tbl: str, cur: dict[str, Any], first_old: dict[str, Any], changed: dict[str, Any]) -> str | None:
    """The conflict kind when one side soft-deleted the row and the other edited it, else None."""
    soft_delete_in = first_old.get("deleted_at") is None and changed.get("deleted_at") is not None
    soft_deleted_here = "deleted_at" in cur and cur.get("deleted_at") is not None and first_old.get("deleted_at") is None
    if soft_delete_in and office_edited(tbl, cur, first_old) and not codec.same(cur.get("deleted_at"), changed["deleted_at"]):
        return "delete_vs_update"
    if soft_deleted_here and "deleted_at" not in changed:
        return "update_vs_delete"
    return None


def _merge_units(plan: Plan, net: capture.NetRow, cur: dict[str, Any], changed: dict[str, Any],
                 first_old: dict[str, Any], last_new: dict[str, Any]) -> dict[str, Any]:
    """The values to take from the field copy, unit by unit; a unit both sides changed
    differently becomes an `update_update` conflict in the plan."""
    values: dict[str, Any] = {}
    for unit in _merge_units_of(net.tbl):
        if not any(f in changed for f in unit):
            continue
        base = {f: net.base.get(f, first_old.get(f)) for f in unit}
        result = {f: net.result.get(f, last_new.get(f)) for f in unit}
        office = {f: cur.get(f) for f in unit}
        outcome = merge_unit(base, office, result)
        if outcome == TAKE:
            values.update({f: v for f, v in result.items() if not codec.same(v, office[f])})
        elif outcome == CONFLICT:
            _conflict(plan, net, "update_update", base, office, result, unit)
    return values


_UNITS: dict[str, list[tuple[str, ...]]] = {}


def _merge_units_of(tbl: str) -> list[tuple[str, ...]]:
    """registry.merge_units, worked out once per table (it is asked for every row)."""
    found = _UNITS.get(tbl)
    if found is None:
        found = _UNITS[tbl] = registry.merge_units(tbl)
    return found


TAKE, SAME, CONFLICT = "take", "same", "conflict"


def merge_unit(base: dict[str, Any], office: dict[str, Any], incoming: dict[str, Any]) -> str:
    """The three-way rule for one field (or group of fields that conflict as one) the
    field copy changed: the office did not change it since the copy started from `base`
    -> take the field's value; both made the same edit -> nothing to do; both changed it
    differently -> a conflict for a person (the office value stands until decided)."""
    if not _differs(office, base):
        return TAKE
    if not _differs(office, incoming):
        return SAME
    return CONFLICT


def office_edited(tbl: str, office_row: dict[str, Any], base_row: dict[str, Any]) -> bool:
    """Whether the office changed the row since the field copy's change started from
    `base_row` (a field delete of an edited row is a conflict, never a silent delete)."""
    return _differs(_business(tbl, office_row), _business(tbl, base_row))


@dataclass(frozen=True)
class Decision:
    choice: str  # office | field | value
    value: dict[str, Any] | None = None  # typed, for "value"


def _full_row(tbl: str, row: dict[str, Any]) -> dict[str, Any]:
    return {**LOCAL_DEFAULTS.get(tbl, {}), **row}


def write_insert(session: Session, tbl: str, row: dict[str, Any], summary: str) -> None:
    session.execute(insert(registry.table(tbl)).values(**_full_row(tbl, row)))
    audit.append(session, action="insert", table_name=tbl, record_id=row["id"], summary=summary,
                 after=_audit_values(tbl, row))


def write_update(session: Session, tbl: str, pk: uuid.UUID, values: dict[str, Any], bookkeeping: dict[str, Any], summary: str,
                 before: dict[str, Any] | None = None) -> None:
    table = registry.table(tbl)
    extra = {k: v for k, v in bookkeeping.items() if v is not None}
    session.execute(update(table).where(table.c.id == pk).values(**values, **extra, version=table.c.version + 1))
    audit.append(session, action="update", table_name=tbl, record_id=pk, summary=summary,
                 before=_audit_values(tbl, before or {}, keys=values), after=_audit_values(tbl, values))


def write_delete(session: Session, tbl: str, pk: uuid.UUID, before: dict[str, Any], summary: str) -> None:
    table = registry.table(tbl)
    session.execute(delete(table).where(table.c.id == pk))
    audit.append(session, action="purge", table_name=tbl, record_id=pk, summary=summary, before=_audit_values(tbl, before))


def _audit_values(tbl: str, row: dict[str, Any], keys: Any = None) -> dict[str, Any]:
    skip = registry.BOOKKEEPING
    canon = codec.row_to_canonical(tbl, {k: v for k, v in row.items() if k not in skip and (keys is None or k in keys)}) or {}
    binary = _binary_columns(tbl)
    if not binary:  # (most tables)
        return canon
    return {k: (f"sha256:{len(v)}b" if k in binary and v else v) for k, v in canon.items()}


def _audit_text(tbl: str, row: dict[str, Any], keys: tuple[str, ...]) -> str:
    """`codec.dumps(_audit_values(tbl, row, keys=keys))`, looking at `keys` only (a
    staged update's few columns, none of them bookkeeping) instead of every column of
    the table: the same values, and `codec.dumps` sorts the keys either way."""
    kinds, binary = codec.kinds(tbl), _binary_columns(tbl)
    out: dict[str, Any] = {}
    for k in keys:
        if k not in row or k in registry.BOOKKEEPING or k not in kinds:
            continue
        value, kind = row[k], kinds[k]
        if not (value is None or kind == "str" and type(value) is str or kind == "int" and type(value) is int):
            value = codec.to_canonical(kind, value)  # (row_to_canonical's value)
        out[k] = f"sha256:{len(value)}b" if k in binary and value else value
    return codec.dumps(out)


_BINARY: dict[str, frozenset[str]] = {}


def _binary_columns(tbl: str) -> frozenset[str]:
    """The columns of `tbl` holding bytes (a file's content: the audit trail names its size)."""
    found = _BINARY.get(tbl)
    if found is None:
        found = _BINARY[tbl] = frozenset(k for k, kind in codec.kinds(tbl).items() if kind == "bytes")
    return found


@dataclass
class Outcome:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0
    decided: int = 0
    open_conflicts: int = 0
    office_seq_before: int = 0
    office_seq_after: int = 0
    by_table: dict[str, list[int]] = field(default_factory=dict)  # table -> [new, changed, deleted] written (tally)


NEW, CHANGED, DELETED = 0, 1, 2


def tally(by_table: dict[str, list[int]], tbl: str, column: int, n: int = 1) -> None:
    """Adds `n` records of `tbl` to a [new, changed, deleted] count (office and field side)."""
    if n:
        by_table.setdefault(tbl, [0, 0, 0])[column] += n


def insert_rows(session: Session, tbl: str, rows: list[dict[str, Any]]) -> None:
    """One executemany (every row carries every synced column)."""
    session.execute(insert(registry.table(tbl)), [_full_row(tbl, r) for r in rows])


def update_rows(session: Session, tbl: str, items: list[tuple[uuid.UUID, dict[str, Any]]]) -> None:
    """One executemany of UPDATE ... WHERE id = ?; every item sets the same columns."""
    table = registry.table(tbl)
    cols = list(items[0][1])
    stmt = (update(table).where(table.c.id == bindparam("pk_"))
            .values({**{c: bindparam(f"v_{c}", type_=table.c[c].type) for c in cols}, "version": table.c.version + 1}))
    session.execute(stmt, [{"pk_": pk, **{f"v_{c}": values[c] for c in cols}} for pk, values in items])


def delete_rows(session: Session, tbl: str, pks: list[uuid.UUID]) -> None:
    table = registry.table(tbl)
    session.execute(delete(table).where(table.c.id == bindparam("pk_")), [{"pk_": pk} for pk in pks])


def stage_inserts(session: Session, tbl: str, stage: str, cols: list[str]) -> None:
    """The new rows of `tbl` staged in `stage` (`_stage_chunk`) written with one INSERT …
    SELECT, in their order."""
    conn = session.connection()
    q = conn.dialect.identifier_preparer.quote
    names = ", ".join(q(c) for c in cols)
    conn.exec_driver_sql(f"INSERT INTO {q(tbl)} ({names}) SELECT {names} FROM {stage} ORDER BY {staging.POSITION}")


def stage_updates(session: Session, tbl: str, stage: str, set_cols: tuple[str, ...]) -> None:
    """The updates of `tbl` staged in `stage` (the id, then `set_cols`) written with one
    UPDATE … FROM; the version goes up by one."""
    conn = session.connection()
    q = conn.dialect.identifier_preparer.quote
    t = q(tbl)
    sets = ", ".join([f"{q(c)} = s.{q(c)}" for c in set_cols] + [f"version = {t}.version + 1"])
    conn.exec_driver_sql(f"UPDATE {t} SET {sets} FROM {stage} AS s WHERE {t}.id = s.id")


def _batched(session: Session, items: list[Any], write_many: Any) -> tuple[list[Any], list[Any]]:
    """Writes `items` in savepointed batches; a batch the database refuses (a unique or
    foreign key) is written again row by row so only the refused rows are left out.
    Returns (written, refused)."""
    written, refused = [], []
    for part in _chunks(items):
        try:
            with session.begin_nested():
                write_many(part)
            written.extend(part)
            continue
        except IntegrityError:
            pass
        for item in part:
            try:
                with session.begin_nested():
                    write_many([item])
                written.append(item)
            except IntegrityError:
                refused.append(item)
    return written, refused


def _runs(items: list[Any], key: Any) -> Iterator[tuple[Any, list[Any]]]:
    """Consecutive items with the same key (the plan's order is kept: parents first)."""
    run: list[Any] = []
    current: Any = None
    for item in items:
        k = key(item)
        if run and k != current:
            yield current, run
            run = []
        current = k
        run.append(item)
    if run:
        yield current, run


def apply_plan(session: Session, plan: Plan, decisions: dict[str, Decision]) -> Outcome:
    """Decides the merge of `plan` (from `plan_return(..., merge=False)`) and writes it in
    the caller's transaction. The rows to write are decided a chunk at a time and staged
    in temporary tables (with their audit values), then written set-based, a statement
    per table and set of columns, parents first, and audited from the stages (the entries
    wait in the database, not in memory, until the commit chains them); conflicts not
    decided keep the office value and are queued. A row the database refuses (unique or
    foreign key) becomes a `constraint` conflict instead of failing the import."""
    assert plan.replica is not None and plan.status == "apply"
    assert not plan.by_table and not plan.conflicts and not plan.deletes, "a plan merged already"
    replica = plan.replica
    capture.lock_for_merge(session)
    out = Outcome(office_seq_before=capture.max_seq(session))
    summary = f"sync: field copy {replica.name} ({replica.prefix})"
    stages = _Stages()
    conn = session.connection()
    assert plan.package is not None

    def stage_for(tbl: str) -> tuple[str, list[str]]:
        name, cols, _n = _insert_stage(conn, stages, tbl)
        return name, cols

    fast = sql_merge.SqlPass(session, plan.after, stage_for) if sql_merge.attach(session, plan.package) else None
    with capture.context(session, applying=False, origin=str(replica.id)):
        for ranks in merge_chunks(session, plan, fast):
            _stage_chunk(session, plan, stages, ranks)
        for tbl, n in (fast.done if fast is not None else {}).items():  # the rows SQL staged count too
            if tbl in stages.inserts:
                name, cols, staged = stages.inserts[tbl]
                stages.inserts[tbl] = (name, cols, staged + n)
        _write_inserts(session, plan, stages, out, summary)
        _write_updates(session, plan, stages, out, summary)
        _write_deletes(session, plan, out, summary)
        package_id = uuid.UUID(plan.manifest["package_id"])
        _queue_conflicts(session, plan, decisions, out, package_id, summary)
        session.flush()
    out.open_conflicts = out.conflicts - out.decided
    out.office_seq_after = capture.max_seq(session)
    _record_import(session, plan, out, package_id)
    return out


_INSERT_EXTRA = (("pr_desk_seq", "bigint"), ("pr_desk_after", "text"))
_UPDATE_EXTRA = (("pr_desk_seq", "bigint"), ("pr_desk_before", "text"), ("pr_desk_after", "text"))


@dataclass
class _Stages:
    """The import's rows to write, staged while the merge is decided: each table's new
    rows, and each table's updates by the columns they set (name, columns, rows staged)."""

    inserts: dict[str, tuple[str, list[str], int]] = field(default_factory=dict)
    updates: dict[tuple[str, tuple[str, ...]], tuple[str, list[str], int]] = field(default_factory=dict)


def _insert_stage(conn: Any, stages: _Stages, tbl: str) -> tuple[str, list[str], int]:
    """The stage of `tbl`'s new rows (made when first asked): name, columns, rows staged."""
    found = stages.inserts.get(tbl)
    if found is None:
        cols = list(dict.fromkeys([*LOCAL_DEFAULTS.get(tbl, {}), *codec.kinds(tbl)]))
        found = stages.inserts[tbl] = (f"pr_desk_sync_i{registry.ORDER[tbl]}", cols, 0)
        staging.open_stage(conn, found[0], registry.table(tbl), cols, _INSERT_EXTRA)
    return found


def _stage_chunk(session: Session, plan: Plan, stages: _Stages, ranks: Ranks = None) -> None:
    """The chunk's inserts and updates (plan.inserts, plan.updates) staged with the
    change each came from and its audit values as JSON text (at their `ranks` when the
    SQL path staged some of their table's rows, else after the rows staged before)."""
    conn = session.connection()
    by_table: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for item in plan.inserts:
        by_table.setdefault(item[0], []).append(item)
    for tbl, run in by_table.items():
        table = registry.table(tbl)
        name, cols, n = _insert_stage(conn, stages, tbl)
        rows = [[full[c] for c in cols] for full in (_full_row(tbl, row) for _, _, row in run)]
        extra = [(plan.nets[(tbl, pk)].last_seq, codec.dumps(_audit_values(tbl, row))) for _, pk, row in run]
        staging.add_to_stage(conn, name, table, cols, rows, extra, n,
                             [ranks[(tbl, pk)] for _, pk, _ in run] if ranks is not None else None)
        stages.inserts[tbl] = (name, cols, n + len(run))
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]]] = {}
    for tbl, pk, values, book, cur in plan.updates:
        merged = {**values, **{k: v for k, v in book.items() if v is not None}}
        groups.setdefault((tbl, tuple(merged)), []).append((pk, merged, values, cur))
    for (tbl, set_cols), items in groups.items():
        table = registry.table(tbl)
        found = stages.updates.get((tbl, set_cols))
        if found is None:
            cols = ["id", *set_cols]
            found = (f"pr_desk_sync_u{registry.ORDER[tbl]}_{len(stages.updates)}", cols, 0)
            staging.open_stage(conn, found[0], table, cols, _UPDATE_EXTRA)
        name, cols, n = found
        # (the office row's id: the UUID of pk, read or staged as such)
        rows = [[cur["id"], *[merged[c] for c in set_cols]] for _, merged, _, cur in items]
        # each values' keys are the group's columns but the bookkeeping (merge units hold none)
        audited_cols = tuple(c for c in set_cols if c not in registry.BOOKKEEPING)
        nets = plan.nets
        audited = [(nets[(tbl, pk)].last_seq, _audit_text(tbl, cur, audited_cols), _audit_text(tbl, values, audited_cols))
                   for pk, _, values, cur in items]
        staging.add_to_stage(conn, name, table, cols, rows, audited, n,
                             [ranks[(tbl, pk)] for pk, _, _, _ in items] if ranks is not None else None)
        stages.updates[(tbl, set_cols)] = (name, cols, n + len(items))


def _without(session: Session, stage: str, positions: list[int]) -> None:
    """Refused rows taken out of a stage (so they are neither written nor audited)."""
    conn = session.connection()
    for part in _chunks(positions):
        conn.exec_driver_sql(f"DELETE FROM {stage} WHERE {staging.POSITION} IN ({', '.join(str(int(n)) for n in part)})")


def _refused(plan: Plan, tbl: str, pk: str, fields: tuple[str, ...], base: Any, office: Any, incoming: Any, seq: int) -> None:
    """A row the database refused, queued as a `constraint` conflict."""
    plan.conflicts.append(ConflictItem(tbl, pk, fields, "constraint", base, office, incoming, seq))


def _write_inserts(session: Session, plan: Plan, stages: _Stages, out: Outcome, summary: str) -> None:
    """Each table's staged new rows with one INSERT … SELECT, parents first; if the
    database refuses it, row by row (`_batched`) so only the refused rows are left out."""
    conn = session.connection()
    for tbl in sorted(stages.inserts, key=lambda t: registry.ORDER[t]):
        name, cols, n = stages.inserts[tbl]
        if not n:  # (opened for the SQL path, which found none of its rows)
            conn.exec_driver_sql(f"DROP TABLE {name}")
            continue
        try:
            with session.begin_nested():
                stage_inserts(session, tbl, name, cols)
        except IntegrityError:
            table, k = registry.table(tbl), len(cols)
            items = [(r[0], dict(zip(cols, r[1:k + 1], strict=True)), r[k + 1])
                     for r in staging.read_stage(conn, name, table, cols)]
            _written, bad = _batched(session, items, lambda part, t=tbl: insert_rows(session, t, [row for _, row, _ in part]))
            local = LOCAL_DEFAULTS.get(tbl, {})
            for _n, row, seq in bad:
                _refused(plan, tbl, str(row["id"]), ("*",), None, None, {c: v for c, v in row.items() if c not in local}, seq)
            _without(session, name, [n for n, _, _ in bad])
        written = audit.append_staged(session, name, action="insert", table_name=tbl, summary=summary,
                                      order=staging.POSITION, after="pr_desk_after")
        conn.exec_driver_sql(f"DROP TABLE {name}")
        out.inserted += written
        tally(out.by_table, tbl, NEW, written)


def _write_updates(session: Session, plan: Plan, stages: _Stages, out: Outcome, summary: str) -> None:
    """Each staged group of updates (a table and the columns they set) with one UPDATE …
    FROM, the version up by one, parents first; refused as `_write_inserts`."""
    conn = session.connection()
    for tbl, set_cols in sorted(stages.updates, key=lambda u: (registry.ORDER[u[0]], u[1])):
        name, cols, _n = stages.updates[(tbl, set_cols)]
        try:
            with session.begin_nested():
                stage_updates(session, tbl, name, set_cols)
        except IntegrityError:
            table, k = registry.table(tbl), len(cols)
            items = [(r[0], r[1], dict(zip(set_cols, r[2:k + 1], strict=True)), r[k + 1])
                     for r in staging.read_stage(conn, name, table, cols)]
            _written, bad = _batched(session, items, lambda part, t=tbl: update_rows(session, t, [(pk, v) for _, pk, v, _ in part]))
            for _n, pk, merged, seq in bad:
                # the office row as it is (unchanged: the refused write was undone); the plan
                # may hold only the fields it compared (_rows_as_based)
                values = {c: v for c, v in merged.items() if c not in registry.BOOKKEEPING}
                _refused(plan, tbl, str(pk), tuple(values), None, read_row(session, tbl, pk), values, seq)
            _without(session, name, [n for n, _, _, _ in bad])
        written = audit.append_staged(session, name, action="update", table_name=tbl, summary=summary,
                                      order=staging.POSITION, before="pr_desk_before", after="pr_desk_after")
        conn.exec_driver_sql(f"DROP TABLE {name}")
        out.updated += written
        tally(out.by_table, tbl, CHANGED, written)


def _write_deletes(session: Session, plan: Plan, out: Outcome, summary: str) -> None:
    """Deletes children first (they are kept in memory: a package's deletes are few)."""
    deletes = sorted(plan.deletes, key=lambda d: -registry.ORDER[d[0]])
    trail: list[dict[str, Any]] = []
    for tbl, run in _runs(deletes, lambda d: d[0]):
        written, bad = _batched(session, run, lambda part, t=tbl: delete_rows(session, t, [uuid.UUID(pk) for _, pk, _ in part]))
        trail += [{"action": "purge", "table_name": tbl, "record_id": uuid.UUID(pk), "summary": summary,
                   "before": _audit_values(tbl, before)} for _, pk, before in written]
        out.deleted += len(written)
        tally(out.by_table, tbl, DELETED, len(written))
        for _, pk, before in bad:
            _refused(plan, tbl, pk, ("*",), before, before, None, plan.delete_seqs[(tbl, pk)])
    audit.append_many(session, trail)


def _queue_conflicts(session: Session, plan: Plan, decisions: dict[str, Decision], out: Outcome,
                     package_id: uuid.UUID, summary: str) -> None:
    """Every conflict of the plan queued (or taken back from an undone import of the same
    package); those with a decision already are resolved at once."""
    assert plan.replica is not None
    replica = plan.replica
    # a conflict of an undone import, arriving again, takes its row back (one row per
    # change and field: the audit trail keeps the undo)
    undone = {(c.seq, c.tbl, c.pk, c.fields): c for c in session.scalars(
        select(SyncConflict).where(SyncConflict.replica_id == replica.id, SyncConflict.status == "undone"))} if plan.conflicts else {}
    for c in plan.conflicts:
        decision = decisions.get(c.key)
        values = dict(package_id=package_id, kind=c.kind, base=_canon(c.tbl, c.base), office=_canon(c.tbl, c.office),
                      field=_canon(c.tbl, c.incoming), status="open", decision=None, decided_value=None)
        row = undone.get((c.seq, c.tbl, c.pk, ",".join(c.fields)))
        if row is None:
            row = SyncConflict(id=new_id(), replica_id=replica.id, seq=c.seq, tbl=c.tbl, pk=c.pk, fields=",".join(c.fields),
                               version=1, **values)
            session.add(row)
        else:
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = utcnow()
        out.conflicts += 1
        if decision is not None:
            session.flush()
            resolve(session, row, decision, summary=summary)
            out.decided += 1


def _record_import(session: Session, plan: Plan, out: Outcome, package_id: uuid.UUID) -> None:
    """The field copy's position moves on and the import is recorded (with what its undo
    needs) and audited."""
    assert plan.replica is not None
    replica = plan.replica
    prev_max, prev_chain = replica.max_seq, replica.chain
    replica.max_seq, replica.chain = plan.seq_to, plan.end_chain
    replica.acked_office_seq = max(replica.acked_office_seq, int(plan.manifest.get("office_seq_applied", 0)))
    replica.updated_at = utcnow()
    existing = session.get(SyncImport, package_id)
    if existing is not None:  # an undone import, imported again
        session.delete(existing)
        session.flush()
    session.add(SyncImport(id=package_id, file_sha256=plan.file_sha256, replica_id=replica.id, seq_from=plan.seq_from,
                           seq_to=plan.seq_to, prev_max_seq=prev_max, prev_chain=prev_chain,
                           office_seq_before=out.office_seq_before, office_seq_after=out.office_seq_after,
                           summary=json.dumps(out.__dict__), undone=0, version=1))
    audit.append(session, action="import", table_name="sync_import", record_id=package_id,
                 summary=f"sync import from {replica.name}: {out.inserted} new, {out.updated} changed, {out.deleted} deleted, {out.conflicts} conflicts")
    session.flush()


def _canon(tbl: str, row: dict[str, Any] | None) -> str | None:
    return None if row is None else codec.dumps(codec.row_to_canonical(tbl, row))


# --- conflicts -------------------------------------------------------------------------

def resolve(session: Session, conflict: SyncConflict, decision: Decision, *, summary: str) -> None:
    """A decision is a normal, audited and captured edit of the office row (so it reaches
    every field copy); the conflict row stays, marked decided."""
    tbl, pk = conflict.tbl, uuid.UUID(conflict.pk)
    if decision.choice not in ("office", "field", "value"):
        raise ValueError(decision.choice)
    incoming = codec.row_from_canonical(tbl, json.loads(conflict.field)) if conflict.field else None
    cur = read_row(session, tbl, pk)
    if decision.choice == "field" or decision.choice == "value":
        wanted = incoming if decision.choice == "field" else decision.value
        if conflict.fields == "*":
            if wanted is None:  # the field copy deleted the row
                if cur is not None:
                    write_delete(session, tbl, pk, cur, summary + " (decided: field)")
            elif cur is None:
                write_insert(session, tbl, wanted, summary + " (decided: field)")
            else:
                values = {k: v for k, v in _business(tbl, wanted).items() if k != "id" and not codec.same(v, cur.get(k))}
                if values:
                    write_update(session, tbl, pk, values, {"updated_at": utcnow()}, summary + " (decided)", cur)
        else:
            if cur is None:
                raise SyncRejected(N_("The record of this conflict no longer exists; it cannot take the field's value."))
            fields = conflict.fields.split(",")
            values = {f: (wanted or {}).get(f) for f in fields}
            write_update(session, tbl, pk, values, {"updated_at": utcnow()}, summary + " (decided)", cur)
    conflict.status = "decided"
    conflict.decision = decision.choice
    if decision.choice == "value" and decision.value is not None:
        conflict.decided_value = codec.dumps(codec.row_to_canonical(tbl, decision.value))
    conflict.updated_at = utcnow()
    session.flush()


# --- keeping the change log small ---------------------------------------------------------

@dataclass(frozen=True)
class Pruned:
    changes: int
    tombstones: int


def prune_change_log(session: Session) -> Pruned:
    """The office's change log keeps only what it still needs: the newest entry (the
    sequence goes on from it), everything from the last import on (its undo replays it),
    and each delete (a tombstone: an edit of the deleted record arriving later is a
    conflict, not a silent resurrection) until every active field copy has received a
    field package made after it. Field packages carry whole records, so nothing else
    reads the older entries; a field copy prunes its own log as the office acknowledges."""
    top = capture.max_seq(session)
    last = session.scalars(select(SyncImport.office_seq_before).where(SyncImport.undone == 0)
                           .order_by(SyncImport.office_seq_after.desc()).limit(1)).first()
    floor = min(top - 1, last if last is not None else top)
    acked = session.scalar(select(func.min(SyncReplica.acked_office_seq)).where(SyncReplica.retired == 0))
    tomb_floor = min(floor, acked if acked is not None else floor)
    changes = session.execute(delete(SyncChange).where(SyncChange.id <= floor, SyncChange.op.in_(("I", "U"))))
    tombstones = session.execute(delete(SyncChange).where(SyncChange.id <= tomb_floor, SyncChange.op == "D"))
    pruned = Pruned(int(changes.rowcount or 0), int(tombstones.rowcount or 0))  # type: ignore[attr-defined]
    audit.append(session, action="prune", table_name="sync_change",
                 summary=f"sync change log pruned: {pruned.changes} changes, {pruned.tombstones} tombstones")
    return pruned


# --- undo ------------------------------------------------------------------------------

def undo_last_import(session: Session) -> SyncImport:
    last = session.scalars(select(SyncImport).where(SyncImport.undone == 0).order_by(SyncImport.created_at.desc(), SyncImport.office_seq_after.desc()).limit(1)).first()
    if last is None:
        raise SyncRejected(N_("There is no import to undo."))
    if capture.max_seq(session) != last.office_seq_after:
        raise SyncRejected(N_("Records were changed after the last import, so it can no longer be undone in one step."))
    replica = session.get(SyncReplica, last.replica_id)
    assert replica is not None
    if replica.max_seq != last.seq_to:
        raise SyncRejected(N_("Records were changed after the last import, so it can no longer be undone in one step."))
    changes = capture.read_changes(session, last.office_seq_before, last.office_seq_after)
    summary = f"sync: undo import {last.id}"
    with capture.context(session, applying=False, origin=None):
        for ch in reversed(changes):
            pk = uuid.UUID(ch.pk)
            if ch.op == "I":
                write_delete(session, ch.tbl, pk, ch.new or {}, summary)
            elif ch.op == "U":
                assert ch.old is not None
                table = registry.table(ch.tbl)
                session.execute(update(table).where(table.c.id == pk).values(**ch.old))
                audit.append(session, action="update", table_name=ch.tbl, record_id=pk, summary=summary)
            else:
                assert ch.old is not None
                write_insert(session, ch.tbl, ch.old, summary)
        for c in session.scalars(select(SyncConflict).where(SyncConflict.package_id == last.id)):
            c.status, c.decision = "undone", None
    replica.max_seq, replica.chain = last.prev_max_seq, last.prev_chain
    last.undone = 1
    audit.append(session, action="undo", table_name="sync_import", record_id=last.id, summary=summary)
    session.flush()
    return last
