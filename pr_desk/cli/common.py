"""What every command of `pr-desk` shares: the database it runs on, the acting user, one
line out, an all-or-nothing import, and the `template` / `import` kinds each workspace adds.

The workspace modules (cli/meetings.py, cli/evaluation.py, cli/sync.py) import from here,
never from the package that loads them, so no import runs in a circle."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.importing import problem_lines
from pr_desk.i18n import N_, _

if TYPE_CHECKING:
    from pr_desk.services.context import Actor
    from pr_desk.services.office import Office

Command = Callable[[argparse.Namespace], int]

# The kinds of the shared `template` / `import` commands: the core adds units and users,
# each workspace its own from its register().
TEMPLATE_COMMANDS: dict[str, Command] = {}
IMPORT_COMMANDS: dict[str, Command] = {}
# Options a workspace's kind needs on the shared `template` / `import` commands.
TEMPLATE_OPTIONS: list[Callable[[argparse.ArgumentParser], None]] = []
IMPORT_OPTIONS: list[Callable[[argparse.ArgumentParser], None]] = []


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def database_target(args: argparse.Namespace) -> str:
    """--db, else $PR_DESK_DB, else the default database in the user's data folder."""
    from pr_desk.paths import default_database

    return args.db or os.environ.get("PR_DESK_DB") or str(default_database())


def read_password_stdin() -> str:
    line = sys.stdin.readline()
    if not line:
        raise UserError(N_("No password was given on standard input."))
    return line.rstrip("\r\n")


def open_office(args: argparse.Namespace) -> Office:
    """The database the command runs on; it must be set up already (pr-desk init)."""
    from pr_desk.services.office import wait_for_other_writers
    from pr_desk.services.setup import open_or_create

    target = database_target(args)
    # Several commands (or computers) opening one old file at once: one upgrades it, the
    # others wait here with a line on standard error and find it upgraded.
    opened = open_or_create(target, create=False, wait_seconds=WRITE_WAIT_SECONDS, on_wait=_say_waiting_for_upgrade)
    if opened.needs_admin:
        opened.db.dispose()
        raise UserError(N_("This database has no administrator yet. Run pr-desk init first."))
    # A command's write queues behind another program's (a long import) with a line on
    # standard error, instead of failing as busy after 10 s (issue 19, item 4).
    wait_for_other_writers(opened.db, seconds=WRITE_WAIT_SECONDS, on_wait=_say_waiting)
    return opened.db


# How long a command's write waits for another program's write to finish.
WRITE_WAIT_SECONDS = 30 * 60


def _say_waiting() -> None:
    sys.stderr.write(_("Another program is writing to the database; waiting for it to finish (Ctrl+C gives up, nothing is changed)…") + "\n")
    sys.stderr.flush()


def _say_waiting_for_upgrade() -> None:
    sys.stderr.write(_("Another program (PR Desk on this or another computer) is upgrading the database to this version; waiting for it to finish (Ctrl+C gives up, nothing is changed)…") + "\n")
    sys.stderr.flush()


def log_in(args: argparse.Namespace, office: Office, *, changing_password: bool = False) -> Actor:
    """The acting user of an administrative command: --as NAME, password from
    $PR_DESK_PASSWORD or asked on the terminal. A one-time password an administrator gave
    must be changed first, as in the app: only `user change-password` runs until then."""
    from pr_desk.services.auth import login

    username = args.as_user or os.environ.get("PR_DESK_USER")
    if not username:
        raise UserError(N_("Say who is acting: --as USERNAME (the password comes from PR_DESK_PASSWORD or is asked)."))
    password = os.environ.get("PR_DESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UserError(N_("Set PR_DESK_PASSWORD for the acting user, or run the command in a terminal."))
        password = getpass.getpass(_("Password for {username}: ").format(username=username))
    actor = login(office, username, password)
    args.current_password = password  # for `user change-password`, which proves it once more
    if actor.must_change_password and not changing_password:
        raise UserError(N_("{username} has a one-time password: change it first with pr-desk user change-password --as {username} --password-stdin (the new password on standard input), or log in to the app."),
                        username=actor.username)
    return actor


def run_import(args: argparse.Namespace, call: Callable[[Office, Actor], Any]) -> Any:
    """Opens the database, logs the acting user in and runs one all-or-nothing import;
    a refusal lists each bad row on standard error before its one-line error."""
    office = open_office(args)
    try:
        actor = log_in(args, office)
        try:
            return call(office, actor)
        except UserError as exc:
            # An ImportRejected: each problem of each row (or cell of a form), up to a cap.
            for line in problem_lines(getattr(exc, "problems", [])):
                sys.stderr.write(line + "\n")
            raise
    finally:
        office.dispose()


class TerminalProgress:
    """An import's progress on standard error, one line rewritten in place, only when
    standard error is a terminal (a script or a pipe sees nothing of it). `step` is a
    preview's stage ("Reading…", "Checking…"); `rows(done, total)` the rows written."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)())
        self._open = False

    def step(self, message: str) -> None:
        self._show(message)

    def rows(self, done: int, total: int) -> None:
        from pr_desk.domain.text import localized_number

        self._show(_("Importing: {done} of {total} rows…").format(done=localized_number(done), total=localized_number(total)))
        if done >= total:
            self.end()

    def end(self) -> None:
        if self.on and self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False

    def _show(self, text: str) -> None:
        if self.on:
            self.stream.write("\r\x1b[K" + text)
            self.stream.flush()
            self._open = True


def run_file_import(args: argparse.Namespace, preview: Callable[..., Any], apply: Callable[..., Any], *,
                    with_progress: bool = True) -> Any:
    """`run_import` of the file args.file: the file read once (its preview with
    `checked=False`: no preview is shown here, so its rows are checked once, by the apply,
    inside its write) then its all-or-nothing apply (the rows written shown when
    `with_progress`), the progress on standard error only when it is a terminal."""
    from pathlib import Path

    from pr_desk.services.importing import checking

    shown = TerminalProgress()

    def call(office: Office, actor: Actor) -> Any:
        try:
            read = preview(office, actor, Path(args.file), step=shown.step, checked=False)
            checking(shown.step, read.row_count)
            content = read.content
            if with_progress:
                return apply(office, actor, content, progress=shown.rows)
            return apply(office, actor, content)
        finally:
            shown.end()

    return run_import(args, call)
