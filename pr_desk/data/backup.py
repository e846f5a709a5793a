"""Backup and restore of SQLite databases with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
import time
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


def chain_problems(path: Path) -> list[str]:
    """The audit trail of a database file checked read-only: [] when its hash chain holds."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from pr_desk.data.audit import verify_chain

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    try:
        with Session(engine) as session:
            return [f"{p.seq}: {p.reason}" for p in verify_chain(session)]
    except SQLAlchemyError as exc:
        return [str(exc)]
    finally:
        engine.dispose()


class DatabaseInUse(UserError):
    """Another connection has the database open: a restore needs it alone."""


def _take_alone(target: Path, wait_seconds: float) -> sqlite3.Connection:
    """A connection that holds `target` exclusively until it is closed: no other
    process can read or write it meanwhile. Leaving WAL mode needs every other connection
    closed, which is how one is told apart from the others; retried for `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    con = sqlite3.connect(target, timeout=0.2, isolation_level=None)
    try:
        while True:
            try:
                con.execute("PRAGMA journal_mode=DELETE").fetchone()
                con.execute("PRAGMA locking_mode=EXCLUSIVE")
                con.execute("BEGIN EXCLUSIVE")
                con.execute("COMMIT")  # the exclusive lock stays until the connection closes
                return con
            except sqlite3.OperationalError:
                if time.monotonic() >= deadline:
                    raise DatabaseInUse(N_("The database {path} is open in another program (PR Desk, a command or a backup). "
                                           "Close it there and try again; nothing was changed."), path=str(target)) from None
                time.sleep(0.2)
    except BaseException:
        con.close()
        raise


def sqlite_restore(backup: Path, target: Path, *, keep: Path | None = None, wait_seconds: float = 10.0) -> Path | None:
    """Replaces `target`'s content with `backup`'s while holding `target` alone, so no
    write of another process can land between the copy of the current state (to `keep`,
    when given) and the replacement, and none is lost after it. The caller has checked
    `backup`. Returns `keep` when the current state was saved there."""
    con = _take_alone(target, wait_seconds)
    try:
        saved = None
        if keep is not None and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            part = keep.with_name(keep.name + ".part")
            out = sqlite3.connect(part)
            try:
                con.backup(out)
            finally:
                out.close()
            os.replace(part, keep)
            saved = keep
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            src.backup(con)
        finally:
            src.close()
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()
    return saved
