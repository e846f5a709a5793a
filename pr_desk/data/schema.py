"""Opening a database safely: recognise what a file or server holds before touching it,
refuse what is not ours or is newer than this program, back up before upgrading."""

from __future__ import annotations

import datetime as dt
import enum
import logging
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pr_desk import APP_ID
from pr_desk.data.backup import sqlite_backup
from pr_desk.data.engine import (
    Database,
    held_in_this_process,
    make_engine,
    normalise_url,
    sqlite_path,
)
from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseState(enum.Enum):
    NEW = "new"  # no file yet, or an empty file / empty server database
    CURRENT = "current"
    OLDER = "older"  # a PR Desk database an upgrade will bring to head
    NEWER = "newer"  # made by a newer PR Desk: refused
    FOREIGN = "foreign"  # not a PR Desk database: refused


@dataclass(frozen=True)
class Inspection:
    state: DatabaseState
    revision: str | None = None
    detail: str = ""


# The newest migration, also known without importing Alembic (a quarter second at
# start-up); tests/data checks it against the migration scripts.
HEAD_REVISION = "0013"


def alembic_config(connection: object | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return HEAD_REVISION


def script_head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _classify(tables: set[str], app: str | None, revision: str | None) -> Inspection:
    if not tables:
        return Inspection(DatabaseState.NEW)
    if "pr_desk_meta" not in tables or app != APP_ID:
        return Inspection(DatabaseState.FOREIGN, detail="no PR Desk identity")
    if revision is None:
        return Inspection(DatabaseState.FOREIGN, detail="no schema revision")
    if revision == head_revision():
        return Inspection(DatabaseState.CURRENT, revision)
    if revision in known_revisions():
        return Inspection(DatabaseState.OLDER, revision)
    return Inspection(DatabaseState.NEWER, revision)


def inspect_database(url: str) -> Inspection:
    """What `url` holds, found without writing a byte to it."""
    path = sqlite_path(url)
    if path is not None:
        return _inspect_sqlite(path)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _inspect_on(conn)
    except OperationalError as exc:
        raise UserError(
            N_("Cannot connect to the database server {name}. Check the address, user and password, and that the server is running."),
            name=make_url(url).render_as_string(hide_password=True),
        ) from exc
    finally:
        engine.dispose()


def _inspect_sqlite(path: Path) -> Inspection:
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(DatabaseState.NEW)
    if path.is_dir():
        return Inspection(DatabaseState.FOREIGN, detail="a folder")
    # A file this process has open through SQLite is one, and reading it with open() here
    # would drop SQLite's locks on it when closed (see engine.held_in_this_process).
    if not held_in_this_process(path):
        with path.open("rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                return Inspection(DatabaseState.FOREIGN, detail="not an SQLite file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            app = revision = None
            if "pr_desk_meta" in tables:
                row = conn.execute("SELECT value FROM pr_desk_meta WHERE key = 'app'").fetchone()
                app = row[0] if row else None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if in_use_by_another(exc):
            raise UserError(IN_USE, name=str(path)) from exc
        return Inspection(DatabaseState.FOREIGN, detail=f"damaged: {exc}")
    except sqlite3.DatabaseError as exc:
        return Inspection(DatabaseState.FOREIGN, detail=f"damaged: {exc}")
    return _classify(tables, app, revision)


# A file another program holds alone (a second PR Desk on this computer or, over a shared
# folder, on another one, in the middle of a restore or an upgrade) is not a damaged one.
IN_USE = N_("{name} is in use by another program right now (PR Desk on this or another computer). "
            "Wait a moment and try again, or close it there; the file was left untouched.")


def in_use_by_another(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "busy": the file is held by another connection."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _refuse(inspection: Inspection, name: str) -> None:
    if inspection.state is DatabaseState.FOREIGN:
        raise UserError(
            N_("{name} is not a PR Desk database (or it is damaged). It was left untouched."), name=name
        )
    if inspection.state is DatabaseState.NEWER:
        raise UserError(
            N_("{name} was made by a newer version of PR Desk. Install the newer version to open it; the file was left untouched."),
            name=name,
        )


def upgrade_to_head(db: Database, connection: Connection | None = None) -> None:
    """Runs the migrations up to head, on `connection` (in its transaction) when given."""
    from alembic import command

    if connection is not None:
        command.upgrade(alembic_config(connection), "head")
        return
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


# How long opening an old database waits for another program that holds it (another PR Desk
# upgrading it) before giving up with UPGRADE_WAITED_TOO_LONG.
UPGRADE_WAIT_SECONDS = 120.0
# The PostgreSQL advisory lock that serialises upgrades ("prdesk" in ASCII).
UPGRADE_LOCK_KEY = 0x70726465736B
UPGRADE_WAITED_TOO_LONG = N_(
    "{name} was still held by another program (PR Desk upgrading it on this or another computer) "
    "after {seconds} seconds; try again in a few minutes. Nothing was changed.")


@contextmanager
def _upgrade_lock(db: Database, name: str, wait_seconds: float, on_wait: Callable[[], None] | None) -> Iterator[Connection]:
    """A connection in a transaction that holds the one upgrade lock of the database: on
    SQLite its write lock (BEGIN IMMEDIATE), on PostgreSQL a transaction advisory lock. Every
    opener that finds the schema old or missing takes it before looking again, so exactly one
    backs up and upgrades and the others find the schema current. Released at commit."""
    wait_ms = max(int(wait_seconds * 1000), 1)
    sqlite = sqlite_path(db.url) is not None
    conn = db.engine.connect()
    try:
        if sqlite:
            conn = conn.execution_options(pr_desk_write=True, pr_desk_queue=(wait_ms, on_wait))
        try:
            transaction = conn.begin()
            if not sqlite:
                if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK_KEY}).scalar():
                    if on_wait is not None:
                        on_wait()
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK_KEY})
                    conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
        except OperationalError as exc:
            text_ = str(exc.orig).lower()
            if in_use_by_another(exc) or "lock timeout" in text_ or "lock_timeout" in text_:
                raise UserError(UPGRADE_WAITED_TOO_LONG, name=name, seconds=round(wait_seconds)) from exc
            raise
        with transaction:
            yield conn
    finally:
        conn.close()


def _inspect_on(conn: Connection) -> Inspection:
    """What the database holds, read on `conn` (a server's, or inside the upgrade lock)."""
    tables = set(sa_inspect(conn).get_table_names())
    app = revision = None
    if "pr_desk_meta" in tables:
        app = conn.execute(text("SELECT value FROM pr_desk_meta WHERE key = 'app'")).scalar()
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _classify(tables, app, revision)


def backup_before_upgrade(db: Database, backup_folder: Path) -> Path | None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = sqlite_path(db.url)
    if path is not None:
        out = backup_folder / f"{path.stem}-before-upgrade-{stamp}.sqlite"
        sqlite_backup(path, out)
        return out
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        # PostgreSQL runs each migration in its own transaction: a failure rolls back.
        log.warning("pg_dump not found: upgrading %s without a dump", db.display_name)
        return None
    out = backup_folder / f"pr-desk-before-upgrade-{stamp}.dump"
    url = make_url(db.url).set(drivername="postgresql")
    subprocess.run(
        [pg_dump, "--format=custom", "--file", str(out), url.render_as_string(hide_password=False)],
        check=True,
        capture_output=True,
    )
    return out


def open_database(target: str, *, backup_folder: Path | None = None, create: bool = False,
                  wait_seconds: float = UPGRADE_WAIT_SECONDS, on_wait: Callable[[], None] | None = None) -> tuple[Database, Inspection]:
    """Opens `target` (path or URL). A NEW database is only created when `create`;
    the caller initialises it. OLDER is backed up and upgraded; NEWER/FOREIGN refused.
    Several programs opening one old file at once upgrade it once: each waits (up to
    `wait_seconds`, calling `on_wait` once if it has to) for the upgrade lock, then looks
    again; the returned inspection is what it found then (CURRENT if another upgraded it)."""
    url = normalise_url(target)
    name = target if "://" not in target else make_url(url).render_as_string(hide_password=True)
    path = sqlite_path(url)
    if path is not None and not path.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(path.parent))
    inspection = inspect_database(url)
    _refuse(inspection, name)
    if inspection.state is DatabaseState.NEW and not create:
        raise UserError(N_("{name} is not a PR Desk database yet. Create it first (pr-desk init)."), name=name)
    db = Database(url, make_engine(url))
    try:
        if inspection.state in (DatabaseState.OLDER, DatabaseState.NEW):
            with _upgrade_lock(db, name, wait_seconds, on_wait) as conn:
                inspection = _inspect_on(conn)
                _refuse(inspection, name)
                if inspection.state is DatabaseState.OLDER:
                    if backup_folder is None:
                        from pr_desk.paths import backup_dir

                        backup_folder = backup_dir()
                    saved = backup_before_upgrade(db, backup_folder)
                    log.info("backed up %s to %s before upgrading from %s", name, saved, inspection.revision)
                    upgrade_to_head(db, conn)
                elif inspection.state is DatabaseState.NEW:
                    upgrade_to_head(db, conn)
                else:
                    log.info("%s was upgraded by another program while this one waited", name)
    except SQLAlchemyError as exc:
        db.dispose()
        if in_use_by_another(exc):
            raise UserError(IN_USE, name=name) from exc
        raise UserError(N_("The database {name} could not be prepared: {reason}"), name=name, reason=str(getattr(exc, "orig", None) or exc)) from exc
    except BaseException:
        db.dispose()
        raise
    return db, inspection
