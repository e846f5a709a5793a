"""Fixtures shared by every test: a fresh real database on SQLite and on PostgreSQL."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import ADMIN_PASSWORD, MigratedSchemas, fresh_office, new_office, pg_database

__all__ = ["ADMIN_PASSWORD"]  # (the tests import it from here too)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Passwords hashed with test-sized Argon2 costs, here and in the command-line subprocesses
# the tests start (pr_desk/services/auth.py; test_users_and_auth checks the real costs).
os.environ.setdefault("PR_DESK_TEST_PASSWORD_COSTS", "low")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, logs and backups of the code under test go to a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PR_DESK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _persian(request: pytest.FixtureRequest) -> Iterator[None]:
    from pr_desk.i18n import current_language, set_language

    before = current_language()
    set_language("fa")
    yield
    set_language(before)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    with pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_target(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new database goes: a SQLite file path, or a PostgreSQL URL (an empty database)."""
    if db_backend == "sqlite":
        return str(tmp_path / "office.sqlite")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session", autouse=True)
def _migrated_schemas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    MigratedSchemas.folder = tmp_path_factory.mktemp("migrated")
    yield
    MigratedSchemas.drop()


@pytest.fixture
def office(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An initialised office database and its administrator: (Database, Actor); on SQLite
    at tmp_path / "office.sqlite", on PostgreSQL in a database of its own (see new_office)."""
    assert "db_target" not in request.fixturenames, "office makes its own database: reach it by office's db.url"
    with new_office(db_backend, tmp_path) as (_target, made):
        yield made


@pytest.fixture
def sqlite_office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(tmp_path / "office.sqlite")
    yield db, admin
    db.dispose()


@pytest.fixture(scope="session")
def small_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo (`pr-desk demo --size small`: build_demo with its fixed seed), built
    once per test run and shared by the xdist workers (under a file lock, in the folder
    their temporary folders share). Never open it: `small_demo` gives a copy of your own.
    Tests whose point is the build itself (killed half-way, the first start) build their own."""
    from pr_desk.i18n import current_language, set_language
    from pr_desk.services.demo import build_demo

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") and _CAN_LOCK else base
    path = shared / "small-demo.sqlite"
    with _file_lock(shared / "small-demo.lock"):
        if not path.exists():
            before = current_language()
            set_language("fa")
            try:
                with pytest.MonkeyPatch.context() as mp:
                    mp.setenv("PR_DESK_HOME", str(shared / "small-demo-home"))
                    build_demo(str(path), size="small")  # atomic: the file appears only when complete
            finally:
                set_language(before)
    return path


@pytest.fixture
def small_demo(small_demo_file: Path, tmp_path: Path) -> Path:
    """A fresh small demo database of this test's own (a copy of the run's one build)."""
    return copy_demo(small_demo_file, tmp_path / "demo.sqlite")


def copy_demo(built: Path, target: Path) -> Path:
    import shutil

    shutil.copyfile(built, target)  # one self-contained file (build_demo folds its WAL in)
    return target


try:
    import fcntl

    _CAN_LOCK = True
except ImportError:  # Windows: each xdist worker builds its own
    _CAN_LOCK = False


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between the processes of one run (POSIX; none elsewhere)."""
    if not _CAN_LOCK:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
