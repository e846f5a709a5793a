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


# The suite's longest tests (from --durations of whole runs, 10 s and more each), started first and
# longest first: xdist's worksteal (scripts/test.sh) then hands the short ones to whichever
# worker is free, so the run does not end with one worker still on a long test while the
# other idles. Only the order changes; a test missing from the list runs in its usual place.
LONGEST_FIRST = (
    "tests/e2e/test_cli_directives.py::test_template_import_acknowledge_list_pending_and_find",
    "tests/services/sync/test_property.py::test_random_concurrent_edits_converge_without_silent_loss",
    "tests/services/sync/test_mutations.py",
    "tests/e2e/test_cli_bad_workbooks.py",
    "tests/test_types.py",
    "tests/e2e/test_cli.py::test_one_time_password_must_be_changed_first_and_unlock",
    "tests/services/sync/test_crash.py::test_an_import_killed_at_random_points",
    "tests/ui/test_first_run.py::test_the_demo_is_built_in_the_data_folder",
    "tests/e2e/test_demo_atomic.py",
    "tests/services/sync/test_property.py",
    "tests/services/directives/test_demo.py::test_three_years_of_directives",
    "tests/e2e/test_stress_sqlite.py",
    "tests/ui/test_meetings_requests_sorted_paging.py::test_every_column_both_ways",
    "tests/e2e/test_cli.py::test_demo_backup_check_restore",
    "tests/data/test_sync_trigger_text.py",
    "tests/data/test_backup_drill.py::test_a_backup_restored_over_a_changed_database",  # (builds the run's small demo)
    "tests/e2e/test_cli.py::test_report_command",
    "tests/services/test_every_report_without_filters.py",
    "tests/e2e/test_cli_meetings.py::test_template_import_all_or_nothing_and_find",
    "tests/installer/test_nsis.py",
    "tests/data/test_sync_decode.py",
    "tests/services/test_import_fuzz.py",
    "tests/e2e/test_cli.py::test_users_template_and_import",
    "tests/e2e/test_cli.py::test_persian_reaches_a_console_of_another_code_page",
    "tests/e2e/test_cli_evaluation.py",
    "tests/e2e/test_concurrent_imports.py",
    "tests/services/test_login_while_busy.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: the rest keep the collection's order
