"""The administrator's list of backups: the files in the backup folder (those made by hand
there, and the ones PR Desk makes itself before an upgrade, a sync import or a restore)
and the backups the audit trail says were saved elsewhere, while they still exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pr_desk.data.engine import Database
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import sort_key
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require

BACKUP_SUFFIXES = (".sqlite", ".dump")
AUDITED_BACKUPS = 1000  # the trail's most recent backup records read for files kept elsewhere

# what the file name says of why it was made (see data/schema.backup_before_upgrade,
# services/sync/exchange._backup, services/maintenance.restore)
KINDS: tuple[tuple[str, str, str], ...] = (
    ("upgrade", "-before-upgrade-", N_("Before an upgrade")),
    ("sync", "-before-sync-", N_("Before a sync import")),
    ("restore", "-before-restore-", N_("Before a restore")),
)
MANUAL_LABEL = N_("Made by an administrator")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: dt.datetime  # when the file was last written (UTC)
    size: int  # bytes
    kind: str  # manual | upgrade | sync | restore

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def folder(self) -> str:
        return str(self.path.parent)

    @property
    def kind_label(self) -> str:
        return _(next((label for kind, _part, label in KINDS if kind == self.kind), MANUAL_LABEL))

    @property
    def size_text(self) -> str:
        return size_text(self.size)


def backup_kind(name: str) -> str:
    return next((kind for kind, part, _label in KINDS if part in name), "manual")


def size_text(size: int) -> str:
    """A file size as people read it (KB, MB, GB, one decimal above a KB)."""
    from pr_desk.domain.text import file_size

    return file_size(size)


SORT_KEYS = {
    "name": lambda b: (sort_key(b.name), b.made_at),
    "made_at": lambda b: (b.made_at, b.name),
    "size_text": lambda b: (b.size, b.name),
    "size": lambda b: (b.size, b.name),
    "kind_label": lambda b: (sort_key(b.kind_label), b.made_at),
    "folder": lambda b: (b.folder, b.name),
}


def list_backups(db: Database, actor: Actor, *, folder: Path | None = None, sort_key: str | None = None,
                 descending: bool = False) -> list[BackupFile]:
    """Every backup file still on disk, newest first (or by `sort_key`, one of SORT_KEYS).
    `folder` is the backup folder (the user's, paths.backup_dir(), unless given)."""
    require(actor, Permission.BACKUP)
    from pr_desk.data.queries import audit as audit_queries

    if folder is None:
        from pr_desk.paths import backup_dir

        folder = backup_dir()
    candidates: list[Path] = []
    if folder.is_dir():
        candidates += [p for p in folder.iterdir() if p.suffix.lower() in BACKUP_SUFFIXES]
    with read(db) as session:
        records = audit_queries.page(session, actions=["backup"], limit=AUDITED_BACKUPS)
        candidates += [Path(r.summary) for r in records if r.summary]
    found: dict[Path, BackupFile] = {}
    for path in candidates:
        try:
            resolved = path.resolve()
            if resolved in found or not resolved.is_file():
                continue
            stat = resolved.stat()
        except OSError:  # gone, or on a share no longer there
            continue
        found[resolved] = BackupFile(resolved, dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC), stat.st_size,
                                     backup_kind(resolved.name))
    if sort_key is None:
        return sorted(found.values(), key=SORT_KEYS["made_at"], reverse=True)
    return sorted(found.values(), key=SORT_KEYS.get(sort_key, SORT_KEYS["made_at"]), reverse=descending)


__all__ = ["BackupFile", "backup_kind", "list_backups", "size_text"]
