"""Several programs opening one old SQLite file at once (PCs of an office on a shared file)
upgrade it once: each used to see the old schema, take its own backup and run the upgrade.
Now the first takes the database's write lock, looks again, backs up and upgrades; the
others wait for that lock and find the schema current."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from pr_desk.data.schema import DatabaseState, head_revision, inspect_database, open_database
from pr_desk.domain.errors import UserError


def _downgrade(db, revision: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from pr_desk.data.schema import alembic_config

    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
    db.dispose()


def _check_in_child(path: str, out: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    """A child process: `pr-desk --db PATH check` through the command line's own main."""
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    from pr_desk.cli import main

    barrier.wait()
    code = 1
    try:
        code = main(["--db", path, "check"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def test_three_programs_open_an_old_file_at_once_and_it_is_upgraded_once(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, _admin = sqlite_office
    path = tmp_path / "office.sqlite"
    _downgrade(db, "0009")
    assert inspect_database("sqlite:///" + str(path)).state is DatabaseState.OLDER

    # fork: the children start at once from this process's imports (a new interpreter each
    # would cost a second of start-up apiece)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(3)
    outs = [tmp_path / f"check-{i}.txt" for i in range(3)]
    children = [context.Process(target=_check_in_child, args=(str(path), str(out), barrier)) for out in outs]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    texts = [out.read_text(encoding="utf-8") for out in outs]
    assert [c.exitcode for c in children] == [0, 0, 0], texts
    assert all("سالم است" in t and "خطا" not in t for t in texts), texts

    backups = list((Path(os.environ["PR_DESK_HOME"]) / "data" / "backups").glob("office-before-upgrade-*.sqlite"))
    assert len(backups) == 1, backups
    assert inspect_database("sqlite:///" + str(backups[0])).revision == "0009"
    assert inspect_database("sqlite:///" + str(path)).state is DatabaseState.CURRENT
    with sqlite3.connect(path) as conn:  # the upgrade ran once: one version row, at head
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]


def test_a_program_that_waits_too_long_for_the_upgrade_says_so_in_one_sentence(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, _admin = sqlite_office
    path = tmp_path / "office.sqlite"
    _downgrade(db, "0009")
    before = path.read_bytes()
    waited: list[bool] = []
    holder = sqlite3.connect(path, isolation_level=None)  # another PC in the middle of its upgrade
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError) as refused:
            open_database(str(path), backup_folder=tmp_path, wait_seconds=1.6, on_wait=lambda: waited.append(True))
    finally:
        holder.rollback()
        holder.close()
    message = refused.value.translated()
    assert "۲ ثانیه" in message and "\n" not in message and waited == [True]
    assert not list(tmp_path.glob("*-before-upgrade-*")) and path.read_bytes() == before


def test_on_postgresql_one_of_three_openers_upgrades_and_a_long_wait_is_refused(pg_url: str, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import create_engine, text

    from pr_desk.data.schema import UPGRADE_LOCK_KEY
    from pr_desk.services.setup import create_database
    from tests.conftest import ADMIN_PASSWORD

    db, _admin = create_database(pg_url, admin_username="admin", admin_display_name="مدیر", admin_password=ADMIN_PASSWORD)
    _downgrade(db, "0009")
    other = create_engine(pg_url)
    try:
        with other.connect() as holder:  # another PC holding the upgrade lock
            holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": UPGRADE_LOCK_KEY})
            waited: list[bool] = []
            with pytest.raises(UserError) as refused:
                open_database(pg_url, backup_folder=tmp_path, wait_seconds=0.3, on_wait=lambda: waited.append(True))
            assert "ثانیه" in refused.value.translated() and waited == [True]
            assert not list(tmp_path.iterdir())
            holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": UPGRADE_LOCK_KEY})
            assert holder.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0009"
            holder.rollback()

        with ThreadPoolExecutor(3) as pool:
            opened = list(pool.map(lambda _i: open_database(pg_url, backup_folder=tmp_path), range(3)))
        for each, _inspection in opened:
            each.dispose()
        assert sorted(i.state.value for _db, i in opened) == ["current", "current", "older"]
        dumps = list(tmp_path.glob("pr-desk-before-upgrade-*.dump"))
        assert len(dumps) == (1 if shutil.which("pg_dump") else 0)
        with other.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [(head_revision(),)]
    finally:
        other.dispose()
