"""Backup and restore of SQLite databases with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_


def integrity_problems(path: Path) -> list[str]:
    """`PRAGMA integrity_check` of a file opened read-only; [] when sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            rows += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else [r for r in rows if r != "ok"]


def sqlite_backup(source: Path, out: Path) -> Path:
    """Copies a live database consistently (other connections may keep writing)."""
    out = Path(out)
    if out.exists() and out.is_dir():
        raise UserError(N_("{path} is a folder; give a file name for the backup."), path=str(out))
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    tmp = out.with_name(out.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
            src.close()
        problems = integrity_problems(tmp)
        if problems:
            raise UserError(N_("The backup failed its integrity check: {problem}"), problem=problems[0])
        os.replace(tmp, out)
    except sqlite3.OperationalError as exc:
        raise UserError(N_("The backup could not be written: {reason}"), reason=str(exc)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


def sqlite_restore(backup: Path, target: Path) -> None:
    """Replaces `target`'s content with `backup`'s, through the backup API (so a running
    WAL database stays consistent). The caller has checked `backup` and saved `target`."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
