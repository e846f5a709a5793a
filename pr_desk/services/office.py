"""The open office as the app and the command line hold it: a handle they keep, show by
name, pass to every service call and close, without knowing what is behind it.

Opening one is `services.setup.open_or_create` (its `.db` is an `Office`); `describe` there
inspects a target without opening it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from pr_desk.data.engine import (
    Database,
    is_connection_failure,
    normalise_url,
    reconnect_all,
    sqlite_path,
)

# The UI and the CLI use only `display_name`, `is_sqlite` and `dispose()` of it; everything
# else (sessions, the engine) is for the services and the data layer. An alias, not a
# wrapper, so the services' own `Database` hints and the handle are one type to mypy.
Office: TypeAlias = Database


def sqlite_file(target: str) -> Path | None:
    """The SQLite file `target` (a path or a URL) names, or None for a database server."""
    return sqlite_path(normalise_url(target))


def connection_lost(exc: BaseException) -> bool:
    """`exc` is the database connection failing (a lost server, a broken SQLite
    connection), not a refusal of what was asked: reconnecting is the cure."""
    return is_connection_failure(exc)


def reconnect_offices() -> int:
    """Every office this process holds open drops its connections; the next service call
    opens fresh ones. How many offices were open."""
    return reconnect_all()


# How long a write of the app waits its turn behind the other computers' writes on one
# SQLite file (it says so after the first moment) before "The database is busy": four
# clerks saving at once can keep one waiting longer than SQLite's usual 10 s (issue 17 §3,
# bench/clerks_bench.py).
APP_WRITE_WAIT_SECONDS = 120


def wait_for_other_writers(office: Office, *, seconds: float, on_wait: Callable[[], None] | None = None) -> None:
    """From now on a write of `office` waits its turn behind another program's write (a long
    import) for up to `seconds` instead of failing as busy after the usual 10 s; `on_wait`
    is called once when a write starts waiting, to tell the person. SQLite only: a server
    queues writers by itself."""
    office.write_wait_ms = int(seconds * 1000)
    office.on_wait = on_wait
