"""Backup, restore and the integrity check of `pr-desk check`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pr_desk.data import audit
from pr_desk.data.backup import (
    DatabaseInUse as DatabaseInUse,  # re-exported: a restore refused for a busy database
)
from pr_desk.data.backup import chain_problems, integrity_problems, sqlite_backup, sqlite_restore
from pr_desk.data.engine import Database, normalise_url, sqlite_path
from pr_desk.data.queries import meta as meta_queries
from pr_desk.data.schema import DatabaseState, head_revision, inspect_database
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require, write


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]
    audit_entries: int

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: Database) -> CheckReport:
    """Integrity, schema at head, audit chain intact."""
    problems: list[str] = []
    path = sqlite_path(db.url)
    if path is not None:
        problems += [_("Integrity: {problem}").format(problem=p) for p in integrity_problems(path)]
    with read(db, snapshot=True) as session:  # (the chain's entries and its head as of one moment)
        revision = meta_queries.schema_revision(session)
        if revision != head_revision():
            problems.append(_("Schema is at revision {found}, not {head}.").format(found=revision, head=head_revision()))
        chain = audit.verify_chain(session)
        for p in chain:
            problems.append(_("Audit trail entry {seq}: {reason}").format(seq=p.seq, reason=_(p.reason)))
        count = meta_queries.audit_count(session)
    return CheckReport(problems, int(count))


def _sqlite_file(db: Database) -> Path:
    path = sqlite_path(db.url)
    if path is None:
        raise UserError(N_("Backups from inside PR Desk are for SQLite databases; back up a PostgreSQL server with pg_dump."))
    return path


def backup(db: Database, out: Path, *, actor: Actor) -> Path:
    """A consistent copy of the live database, by an administrator; the trail says who
    made it and where."""
    require(actor, Permission.BACKUP)
    result = sqlite_backup(_sqlite_file(db), Path(out))
    with write(db, actor) as session:
        audit.append(session, action="backup", summary=str(result))
    return result


def check_backup_file(path: Path) -> None:
    """Refuses a file that is missing, damaged, foreign or newer than this program."""
    path = Path(path)
    if not path.is_file():
        raise UserError(N_("The file {path} does not exist."), path=str(path))
    inspection = inspect_database(normalise_url(str(path)))
    if inspection.state in (DatabaseState.FOREIGN, DatabaseState.NEW):
        raise UserError(N_("{path} is not a PR Desk backup (or it is damaged)."), path=str(path))
    if inspection.state is DatabaseState.NEWER:
        raise UserError(N_("{path} was made by a newer version of PR Desk."), path=str(path))
    problems = integrity_problems(path)
    if problems:
        raise UserError(N_("{path} is damaged: {problem}"), path=str(path), problem=problems[0])
    broken = chain_problems(path)
    if broken:
        raise UserError(N_("The audit trail of {path} was altered ({problem}); it is not restored."), path=str(path), problem=broken[0])


def restore(backup_file: Path, target: Path, *, keep_folder: Path, actor: Actor, wait_seconds: float = 10.0) -> Path | None:
    """Replaces `target` with `backup_file` after checking it (integrity, schema, audit
    chain). The restore takes `target` for itself first (refused while another program
    has it open), so no write is lost between the copy of the current state, kept in
    `keep_folder`, and the replacement. The restored database's trail records who
    restored what. Returns where the replaced state was kept (None if there was none)."""
    require(actor, Permission.BACKUP)
    check_backup_file(backup_file)
    target = Path(target)
    keep = None
    if target.exists() and target.stat().st_size > 0:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        keep_folder.mkdir(parents=True, exist_ok=True)
        keep = keep_folder / f"{target.stem}-before-restore-{stamp}.sqlite"
    saved = sqlite_restore(Path(backup_file), target, keep=keep, wait_seconds=wait_seconds)
    from pr_desk.services.setup import open_or_create

    opened = open_or_create(str(target), create=False)
    try:
        with write(opened.db, actor) as session:
            summary = f"{backup_file} -> {target}" + (f" (before: {saved})" if saved else "")
            audit.append(session, action="restore", summary=summary)
    finally:
        opened.db.dispose()
    return saved
