"""Offline field sync use cases (SYNC.md): a supervisor makes a field package for an
inspector; the laptop joins it as a field copy of its own, works offline and writes a
return package; the office previews and imports it in one transaction after a backup,
with conflicts queued for a person; the next field package brings the office's state
back to the copy with its pending edits kept on top."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pr_desk.data.engine import Database, sqlite_path
from pr_desk.data.sync import codec, identity
from pr_desk.data.sync import field as field_side
from pr_desk.data.sync import office as office_side
from pr_desk.data.sync.package import OpenedPackage, SyncRejected, open_package
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require, write

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

__all__ = ["SyncRejected", "UserError", "ImportPreview", "ImportReceipt", "ConflictView", "export_field_package", "join_field_package",
           "export_return_package", "preview_import", "apply_import", "undo_last_import", "list_conflicts", "decide_conflict",
           "describe_records", "conflict_names", "FieldCopyInfo", "list_field_copies", "retire_field_copy",
           "PackageSummary", "package_summary", "prune_change_log"]

ExportedPackage = office_side.ExportedPackage
ReturnExport = field_side.ReturnExport


@dataclass(frozen=True)
class ConflictView:
    key: str  # "table:record:fields" (what apply_import's decisions are keyed by)
    table: str
    record_id: str
    fields: tuple[str, ...]  # ("*",): the whole record
    kind: str
    base: dict[str, Any] | None  # canonical values (text, numbers, booleans)
    office: dict[str, Any] | None
    field: dict[str, Any] | None
    conflict_id: str | None = None
    status: str = "open"
    decision: str | None = None


@dataclass(frozen=True)
class ImportPreview:
    package_id: str
    kind: str  # return (at the office) | field (on a field copy)
    made_by: str
    made_at: str
    source: str  # the field copy's name and prefix, or "office"
    checks: tuple[str, ...]
    status: str  # apply | already_imported | nothing_new | up_to_date
    new: int
    changed: int
    deleted: int
    conflicts: tuple[ConflictView, ...] = ()
    by_table: tuple[tuple[str, int, int, int], ...] = ()  # (table, new, changed, deleted), parents first


@dataclass(frozen=True)
class ImportReceipt:
    package_id: str
    file_sha256: str
    status: str
    new: int
    changed: int
    deleted: int
    conflicts: int
    decided: int
    open_conflicts: int
    backup: Path | None = None
    kept_local: int = 0
    by_table: tuple[tuple[str, int, int, int], ...] = ()  # (table, new, changed, deleted) written, parents first


CHECKS = (N_("archive and checksums"), N_("signature of this office"), N_("schema version"),
          N_("known field copy, not a replay"), N_("change chain"))
# what a field copy checks of the office's package (the office's own list names the copy's checks)
FIELD_CHECKS = (N_("archive and checksums"), N_("signature of this field copy's office"), N_("schema version"),
                N_("made for this field copy, not older than what it has"), N_("this copy's history as the office received it"))


def _key_reader(db: Database) -> Any:
    """The key a package must be signed with: on a field copy its own; at the office the
    key of the field copy the package comes from (or is for). A package of another office,
    or of a field copy this office does not know, is named as such before its signature
    is checked."""
    with read(db) as session:
        key, office = identity.office_key(session), identity.office_id(session)
        field = identity.is_field_copy(session)
        copies = {} if field else identity.copy_keys(session)
        known = set() if field else {c.replica_id for c in _all_copies(session)}

    def key_for(manifest: dict[str, Any]) -> str | None:
        name = str(manifest.get("_name", ""))
        if manifest.get("office_id") != office:
            raise SyncRejected(N_("The sync file {name} belongs to a different office database. Nothing was changed."), name=name)
        if field:
            return key
        if manifest.get("kind") != "return":
            return None  # the office imports return files only: any other kind is refused by name
        copy = str(manifest.get("source_replica") or "")
        if copy not in known:
            raise SyncRejected(N_("The sync file {name} comes from a field copy this office does not know (or has retired). Nothing was changed."), name=name)
        return copies.get(copy, key)
    return key_for


def _all_copies(session: Session, *, inspector_id: uuid.UUID | None = None, include_retired: bool = False) -> list[FieldCopyInfo]:
    from pr_desk.data.sync.queries import field_copies

    return [FieldCopyInfo(str(r.id), r.name, r.prefix, r.inspector_id, r.created_at, at, int(r.max_seq), bool(r.retired))
            for r, at in field_copies(session, inspector_id=inspector_id, include_retired=include_retired)]


def _open(db: Database, path: Path) -> OpenedPackage:
    return open_package(Path(path), key_for=_key_reader(db))


def _conflict_view(c: office_side.ConflictItem) -> ConflictView:
    return ConflictView(c.key, c.tbl, c.pk, c.fields, c.kind, codec.row_to_canonical(c.tbl, c.base),
                        codec.row_to_canonical(c.tbl, c.office), codec.row_to_canonical(c.tbl, c.incoming))


def export_field_package(db: Database, actor: Actor, *, inspector_id: uuid.UUID, out: Path,
                         replica_id: uuid.UUID | None = None) -> ExportedPackage:
    """A new field copy for the inspector (or, with `replica_id`, the next package of an
    existing copy): their units, forms, templates and reference data; no citizen data."""
    require(actor, Permission.MANAGE_SYNC)
    with write(db, actor) as session:
        if identity.is_field_copy(session):
            raise UserError(N_("Field packages are made at the office, not on a field copy."))
        from pr_desk.services.office_settings import load_settings

        # a directive's file over the office's attachment cap travels without its content
        return office_side.export_field_package(session, inspector_id=inspector_id, out=Path(out),
                                                created_by=actor.display_name, replica_id=replica_id,
                                                file_cap=load_settings(session).attachment_cap)


@dataclass(frozen=True)
class JoinedCopy:
    database: str
    replica_id: str
    prefix: str
    inspector: str


def join_field_package(path: Path, target: str) -> JoinedCopy:
    """Makes a new field copy (a SQLite file) from a checkout package. The inspector then
    logs in to it with their office password."""
    from pr_desk.services.setup import open_or_create

    pkg = open_package(Path(path), key_for=lambda m: (m.get("replica") or {}).get("key"))
    try:
        opened = open_or_create(target, create=True)
        if not opened.needs_admin:
            opened.db.dispose()
            raise UserError(N_("{name} already holds a PR Desk database."), name=opened.db.display_name)
        try:
            with write(opened.db, (None, "sync-join")) as session:
                rep = field_side.join(session, pkg)
                from pr_desk.data.queries.meta import mark_initialised

                mark_initialised(session)
        finally:
            opened.db.dispose()
        return JoinedCopy(opened.db.display_name, rep["id"], rep["prefix"], rep["name"])
    finally:
        pkg.close()


@dataclass(frozen=True)
class PackageSummary:
    kind: str  # checkout (makes a new field copy) | field (next package of a copy) | return (for the office)
    inspector: str  # the field copy's name, for a checkout
    prefix: str  # its number prefix, for a checkout
    made_by: str
    made_at: str


def package_summary(path: Path) -> PackageSummary:
    """What a sync file is, read before deciding what to do with it (the app opening a
    double-clicked file). The container and checksums are checked (and a checkout's
    signature); the import or join checks everything again."""
    pkg = open_package(Path(path), key_for=lambda m: (m.get("replica") or {}).get("key") if m.get("kind") == "checkout" else None)
    try:
        m = pkg.manifest
        rep = m.get("replica") or {}
        return PackageSummary(str(m["kind"]), str(rep.get("name", "")), str(rep.get("prefix", "")),
                              str(m.get("created_by", "")), str(m.get("created_at", "")))
    finally:
        pkg.close()


def export_return_package(db: Database, actor: Actor, *, out: Path) -> ReturnExport:
    """On a field copy: everything the office has not yet acknowledged (cumulative)."""
    require(actor, Permission.EDIT_EVALUATIONS)
    with read(db, transaction=True) as session:  # (the change log streamed: a server-side cursor on PostgreSQL)
        return field_side.export_return(session, out=Path(out), created_by=actor.display_name)


def _is_field(db: Database) -> bool:
    with read(db) as session:
        return identity.is_field_copy(session)


class _Rollback(Exception):
    pass


@office_side.bulk_work()
def preview_import(db: Database, actor: Actor, *, path: Path) -> ImportPreview:
    """Every check, and what the import would do, without changing anything."""
    pkg = _open(db, path)
    try:
        m = pkg.manifest
        if _is_field(db):
            require(actor, Permission.EDIT_EVALUATIONS)
            box: list[field_side.FieldApply] = []
            try:
                with write(db, actor) as session:
                    box.append(field_side.apply_field_package(session, pkg))
                    raise _Rollback
            except _Rollback:
                pass
            r = box[0]
            return ImportPreview(m["package_id"], m["kind"], m.get("created_by", ""), m.get("created_at", ""), "office",
                                 FIELD_CHECKS, "apply" if r.status == "applied" else r.status, r.inserted, r.updated, r.deleted,
                                 by_table=by_table_counts(r.by_table))
        require(actor, Permission.MANAGE_SYNC)
        with read(db, transaction=True) as session:  # (the merge's temporary tables, dropped by its rollback)
            plan = office_side.plan_return(session, pkg)
            source = f"{plan.replica.name} ({plan.replica.prefix})" if plan.replica else ""
        return ImportPreview(m["package_id"], m["kind"], m.get("created_by", ""), m.get("created_at", ""), source, CHECKS,
                             plan.status, plan.count(office_side.NEW), plan.count(office_side.CHANGED),
                             plan.count(office_side.DELETED), tuple(_conflict_view(c) for c in plan.conflicts),
                             by_table_counts(plan.by_table))
    finally:
        pkg.close()


def _backup(db: Database) -> Path | None:
    path = sqlite_path(db.url)
    if path is None:
        return None  # PostgreSQL: the import is one transaction; the server's own backups apply
    from pr_desk.data.backup import sqlite_backup
    from pr_desk.paths import backup_dir

    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return sqlite_backup(path, folder / f"{path.stem}-before-sync-{stamp}.sqlite")


@office_side.bulk_work()
def apply_import(db: Database, actor: Actor, *, path: Path, decisions: dict[str, Any] | None = None,
                 backup: bool = True) -> ImportReceipt:
    """Imports a package in one transaction after an automatic backup (SQLite). At the
    office `decisions` maps a conflict key to "office", "field" or a dict of typed values;
    conflicts not decided keep the office value and stay queued."""
    pkg = _open(db, path)
    try:
        m = pkg.manifest
        if _is_field(db):
            require(actor, Permission.EDIT_EVALUATIONS)
            saved = _backup(db) if backup else None
            with write(db, actor) as session:
                r = field_side.apply_field_package(session, pkg)
            return ImportReceipt(m["package_id"], pkg.file_sha256, r.status, r.inserted, r.updated, r.deleted, 0, 0, 0, saved, r.kept_local,
                                 by_table=by_table_counts(r.by_table))
        require(actor, Permission.MANAGE_SYNC)
        with read(db, transaction=True) as session:  # (as the preview's)
            status = office_side.plan_return(session, pkg, merge=False).status
        if status != "apply":
            return ImportReceipt(m["package_id"], pkg.file_sha256, status, 0, 0, 0, 0, 0, 0)
        saved = _backup(db) if backup else None
        wanted = {k: _decision(v) for k, v in (decisions or {}).items()}
        with write(db, actor) as session:
            plan = office_side.plan_return(session, pkg, merge=False)  # (apply_plan decides the merge)
            if plan.status != "apply":
                return ImportReceipt(m["package_id"], pkg.file_sha256, plan.status, 0, 0, 0, 0, 0, 0, saved)
            out = office_side.apply_plan(session, plan, wanted)
        return ImportReceipt(m["package_id"], pkg.file_sha256, "applied", out.inserted, out.updated, out.deleted,
                             out.conflicts, out.decided, out.open_conflicts, saved, by_table=by_table_counts(out.by_table))
    finally:
        office_side.forget_decoded()
        pkg.close()


def _decision(value: Any) -> office_side.Decision:
    if value in ("office", "field"):
        return office_side.Decision(value)
    if isinstance(value, dict):
        return office_side.Decision("value", value)
    raise UserError(N_("A conflict is decided by keeping the office value, taking the field value or typing a value."))


def undo_last_import(db: Database, actor: Actor) -> str:
    require(actor, Permission.MANAGE_SYNC)
    with write(db, actor) as session:
        return str(office_side.undo_last_import(session).id)


@dataclass(frozen=True)
class ConflictRecord:
    view: ConflictView
    replica: str
    created_at: dt.datetime | None = field(default=None)


def list_conflicts(db: Database, actor: Actor, *, open_only: bool = True) -> list[ConflictView]:
    require(actor, Permission.MANAGE_SYNC)
    from pr_desk.data.sync.queries import conflicts

    with read(db) as session:
        return [ConflictView(f"{c.tbl}:{c.pk}:{c.fields}", c.tbl, c.pk, tuple(c.fields.split(",")), c.kind,
                             json.loads(c.base) if c.base else None, json.loads(c.office) if c.office else None,
                             json.loads(c.field) if c.field else None, str(c.id), c.status, c.decision)
                for c in conflicts(session, open_only=open_only)]


def decide_conflict(db: Database, actor: Actor, conflict_id: uuid.UUID | str, *, choice: str,
                    value: dict[str, Any] | None = None) -> None:
    """keep office ("office"), take field ("field"), or a typed value ("value", {field: value})."""
    require(actor, Permission.MANAGE_SYNC)
    from pr_desk.data.sync.queries import conflict_by_id

    decision = _decision(value if choice == "value" else choice)
    with write(db, actor) as session:
        c = conflict_by_id(session, uuid.UUID(str(conflict_id)))
        if c is None or c.status != "open":
            raise UserError(N_("This conflict was already decided or does not exist."))
        office_side.resolve(session, c, decision, summary=f"sync: conflict decided ({decision.choice})")


@dataclass(frozen=True)
class FieldCopyInfo:
    replica_id: str
    name: str  # the inspector's name when the copy was made
    prefix: str  # of the human numbers issued on it (EV<prefix>-...)
    inspector_id: uuid.UUID
    made_at: dt.datetime | None
    last_import_at: dt.datetime | None  # the last return file imported here
    changes_received: int
    retired: bool


def list_field_copies(db: Database, actor: Actor, *, inspector_id: uuid.UUID | None = None,
                      include_retired: bool = False) -> list[FieldCopyInfo]:
    """The field copies made at this office (an inspector's, with `inspector_id`), newest
    first: the next field package of one of them keeps its laptop in step."""
    require(actor, Permission.MANAGE_SYNC)
    with read(db) as session:
        return _all_copies(session, inspector_id=inspector_id, include_retired=include_retired)


def retire_field_copy(db: Database, actor: Actor, replica_id: uuid.UUID | str) -> None:
    """A lost, broken or replaced laptop: its files are refused from now on (a new field
    copy can be made for the inspector). What it brought back earlier stays."""
    require(actor, Permission.MANAGE_SYNC)
    from pr_desk.data import audit
    from pr_desk.data.sync.queries import field_copy

    try:
        wanted = uuid.UUID(str(replica_id))
    except ValueError:
        raise UserError(N_("There is no such field copy, or it was already retired.")) from None
    with write(db, actor) as session:
        replica = field_copy(session, wanted)
        if replica is None or replica.retired:
            raise UserError(N_("There is no such field copy, or it was already retired."))
        replica.retired = 1
        replica.updated_at = dt.datetime.now(dt.UTC)
        audit.append(session, action="retire", table_name="sync_replica", record_id=replica.id,
                     summary=f"field copy {replica.name} ({replica.prefix}) retired")


def prune_change_log(db: Database, actor: Actor) -> office_side.Pruned:
    """Office maintenance: drops the change-log entries nothing reads any more (see
    data/sync/office.prune_change_log); safe at any time, in one transaction."""
    require(actor, Permission.MANAGE_SYNC)
    with write(db, actor) as session:
        if identity.is_field_copy(session):
            raise UserError(N_("A field copy keeps its own change log small as the office acknowledges it."))
        return office_side.prune_change_log(session)


def user_id_by_username(db: Database, actor: Actor, username: str) -> uuid.UUID:
    """The id of the inspector a field package is for (the command line names them)."""
    require(actor, Permission.MANAGE_SYNC)
    from pr_desk.data.queries.users import by_username

    with read(db) as session:
        user = by_username(session, username)
        if user is None:
            raise UserError(N_("There is no user named {username}."), username=username)
        return user.id


def is_field_copy(db: Database) -> bool:
    return _is_field(db)


def by_table_counts(counts: Mapping[str, Sequence[int]]) -> tuple[tuple[str, int, int, int], ...]:
    """{table: [new, changed, deleted]} as rows, parents before children."""
    from pr_desk.data.sync.registry import ORDER

    return tuple((tbl, int(n[0]), int(n[1]), int(n[2]))
                 for tbl, n in sorted(counts.items(), key=lambda kv: (ORDER.get(kv[0], len(ORDER)), kv[0])))


RecordKey = tuple[str, str]  # (table, record id)


def _uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _isolate(text: Any) -> str:
    """Latin text (a form number, a username) kept left to right inside a Persian name."""
    return "\u2066" + str(text) + "\u2069"


class _Namer:
    """Names records for a person from their naming columns, looking up the records they
    belong to (a score's indicator and form, a form's unit...) once each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[str, uuid.UUID], dict[str, Any] | None] = {}

    def load(self, tbl: str, ids: list[uuid.UUID]) -> None:
        from pr_desk.data.sync.queries import naming_values

        missing = [i for i in ids if (tbl, i) not in self.cache]
        found = naming_values(self.session, tbl, missing)
        for i in missing:
            self.cache[(tbl, i)] = found.get(i)

    def values(self, tbl: str, record_id: Any) -> dict[str, Any] | None:
        key = _uuid(record_id)
        if key is None:
            return None
        self.load(tbl, [key])
        return self.cache[(tbl, key)]

    def _ref(self, tbl: str, record_id: Any, column: str) -> str:
        value = (self.values(tbl, record_id) or {}).get(column)
        return "—" if value in (None, "") else str(value)

    def _period(self, v: dict[str, Any]) -> str:
        from pr_desk.domain.evaluation import period_label

        try:
            return period_label(str(v["kind"]), int(v["jalali_year"]), int(v["number"]))
        except (KeyError, TypeError, ValueError):
            return "—"

    def describe(self, tbl: str, v: dict[str, Any]) -> str | None:
        """The name of a record of `tbl` with values `v`; None for a table with no naming rule."""
        name_of = _NAMES.get(tbl)
        return None if name_of is None else name_of(self, v)

    # One naming rule per synced table (describe picks it through _NAMES).

    def _form_number(self, form_id: Any) -> str:
        number = (self.values("evaluation_form", form_id) or {}).get("number")
        return _isolate(number) if number else "—"

    def _name_form(self, v: dict[str, Any]) -> str:
        return _("Evaluation form {number} of {unit}").format(
            number=_isolate(v.get("number") or "—"), unit=self._ref("unit", v.get("unit_id"), "name"))

    def _name_score(self, v: dict[str, Any]) -> str:
        return _("Score of “{indicator}” in form {number}").format(
            indicator=self._ref("evaluation_indicator", v.get("indicator_id"), "name"), number=self._form_number(v.get("form_id")))

    def _name_field_visit(self, v: dict[str, Any]) -> str:
        from pr_desk.services.sync.labels import value_text

        visited = v.get("visited_on")
        return _("Field visit of {date}, form {number}").format(
            date=value_text("evaluation_field_visit", "visited_on", None if visited is None else str(visited)),
            number=self._form_number(v.get("form_id")))

    def _name_attachment(self, v: dict[str, Any]) -> str:
        return _("Evidence file “{file}” of form {number}").format(file=v.get("file_name") or "—",
                                                                   number=self._form_number(v.get("form_id")))

    def _name_unit(self, v: dict[str, Any]) -> str:
        return _("Unit “{name}”").format(name=v.get("name") or "—")

    def _name_user(self, v: dict[str, Any]) -> str:
        return _("User {name} ({username})").format(name=v.get("display_name") or "—", username=_isolate(v.get("username") or "—"))

    def _name_period(self, v: dict[str, Any]) -> str:
        return _("Evaluation period {period}").format(period=self._period(v))

    def _name_assignment(self, v: dict[str, Any]) -> str:
        return _("Unit “{unit}” in {period}").format(unit=self._ref("unit", v.get("unit_id"), "name"),
                                                     period=self._period(self.values("evaluation_period", v.get("period_id")) or {}))

    def _name_template(self, v: dict[str, Any]) -> str:
        from pr_desk.services.sync.labels import value_text

        return _("Evaluation template “{name}”, version {version}").format(
            name=v.get("name") or "—", version=value_text("evaluation_template", "template_version", v.get("template_version")))

    def _name_axis(self, v: dict[str, Any]) -> str:
        return _("Axis “{name}”").format(name=v.get("name") or "—")

    def _name_indicator(self, v: dict[str, Any]) -> str:
        return _("Indicator “{name}”").format(name=v.get("name") or "—")

    def _name_setting(self, v: dict[str, Any]) -> str:
        return _("Setting “{key}”").format(key=_isolate(v.get("key") or "—"))

    def _directive(self, directive_id: Any) -> str:
        d = self.values("directive", directive_id) or {}
        if d.get("number"):
            return _("directive {number} “{title}”").format(number=d["number"], title=d.get("title") or "—")
        return _("directive “{title}”").format(title=d.get("title") or "—")

    def _name_directive(self, v: dict[str, Any]) -> str:
        return _("Directive “{title}” ({number})").format(title=v.get("title") or "—", number=v.get("number") or "—")

    def _name_directive_kind(self, v: dict[str, Any]) -> str:
        return _("Directive kind “{name}”").format(name=v.get("name") or "—")

    def _name_directive_version(self, v: dict[str, Any]) -> str:
        from pr_desk.services.sync.labels import value_text

        return _("Version {version} of {directive}").format(
            version=value_text("directive_version", "number", v.get("number")), directive=self._directive(v.get("directive_id")))

    def _name_directive_attachment(self, v: dict[str, Any]) -> str:
        version = self.values("directive_version", v.get("version_id")) or {}
        return _("File “{file}” of {directive}").format(file=v.get("file_name") or "—",
                                                       directive=self._directive(version.get("directive_id")))

    def _name_recipient(self, v: dict[str, Any]) -> str:
        return _("The {directive} at unit “{unit}”").format(directive=self._directive(v.get("directive_id")),
                                                           unit=self._ref("unit", v.get("unit_id"), "name"))

    def _name_acknowledgement(self, v: dict[str, Any]) -> str:
        recipient = self.values("directive_recipient", v.get("recipient_id")) or {}
        return _("Acknowledgement by {name}: {recipient}").format(
            name=v.get("by_name") or "—", recipient=self._name_recipient(recipient) if recipient else "—")


_NAMES: dict[str, Callable[[_Namer, dict[str, Any]], str]] = {
    "evaluation_form": _Namer._name_form,
    "evaluation_score": _Namer._name_score,
    "evaluation_field_visit": _Namer._name_field_visit,
    "evaluation_attachment": _Namer._name_attachment,
    "unit": _Namer._name_unit,
    "app_user": _Namer._name_user,
    "evaluation_period": _Namer._name_period,
    "evaluation_assignment": _Namer._name_assignment,
    "evaluation_template": _Namer._name_template,
    "evaluation_axis": _Namer._name_axis,
    "evaluation_indicator": _Namer._name_indicator,
    "office_setting": _Namer._name_setting,
    "directive": _Namer._name_directive,
    "directive_kind": _Namer._name_directive_kind,
    "directive_version": _Namer._name_directive_version,
    "directive_attachment": _Namer._name_directive_attachment,
    "directive_recipient": _Namer._name_recipient,
    "directive_acknowledgement": _Namer._name_acknowledgement,
}


def describe_records(db: Database, actor: Actor, keys: Iterable[RecordKey], *,
                     known: Mapping[RecordKey, Mapping[str, Any] | None] | None = None) -> dict[RecordKey, str]:
    """A name a person recognises for each (table, record id): a form by its number and
    unit, a score by its indicator and form number, a field visit by its date and form
    number, a unit by its name... Read-only. A record this database no longer holds is
    named from `known` (its values as the conflict carries them); a record that cannot be
    named at all is left out (show the kind of record instead)."""
    require(actor, Permission.MANAGE_SYNC)
    wanted = list(dict.fromkeys((str(t), str(p)) for t, p in keys))
    out: dict[RecordKey, str] = {}
    with read(db) as session:
        namer = _Namer(session)
        by_table: dict[str, list[uuid.UUID]] = {}
        for tbl, pk in wanted:
            if (u := _uuid(pk)) is not None:
                by_table.setdefault(tbl, []).append(u)
        for tbl, ids in by_table.items():
            namer.load(tbl, ids)
        for tbl, pk in wanted:
            values = namer.values(tbl, pk) or dict((known or {}).get((tbl, pk)) or {})
            text = namer.describe(tbl, values) if values else None
            if text:
                out[(tbl, pk)] = text
    return out


def conflict_names(db: Database, actor: Actor, conflicts: Iterable[ConflictView]) -> dict[str, str]:
    """describe_records for conflicts, by conflict key; a record gone from this database is
    named from the conflict's own office or field values."""
    items = list(conflicts)
    known = {(c.table, c.record_id): {**(c.base or {}), **(c.field or {}), **(c.office or {})} for c in items}
    names = describe_records(db, actor, known.keys(), known=known)
    return {c.key: names[(c.table, c.record_id)] for c in items if (c.table, c.record_id) in names}
