"""What the `pr-desk` command line says to the app at start-up: whether to open the app at
all, the database and language it was given, and a sync file to open. Read by the start-up
module and by the app itself, so the app needs nothing from the command-line package."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

# The subcommands of `pr-desk`: any of them runs the command line instead of the app.
COMMANDS = frozenset({"init", "user", "demo", "check", "backup", "restore", "template", "import", "report",
                      "find", "sync", "meeting", "evaluation", "directive", "event"})


def wants_gui(argv: Sequence[str]) -> bool:
    """True when no subcommand (nor --help/--version) is given: open the app."""
    if any(a in ("-h", "--help", "--version") for a in argv):
        return False
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--lang", "--as"):
            skip = True
            continue
        if arg in COMMANDS:
            return False
    return True


def parse_gui_options(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """(database, language) given to the app on its command line, or from the environment."""
    parser = argparse.ArgumentParser(prog="pr-desk", add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=["fa", "en"])
    known, _rest = parser.parse_known_args(list(argv))
    return known.db or os.environ.get("PR_DESK_DB"), known.lang


def gui_sync_file(argv: Sequence[str]) -> str | None:
    """A sync file given to the app (`pr-desk FILE.prsync`, what a double-click on one
    runs): the app makes the field copy it carries, or imports it after login."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--lang"):
            skip = True
            continue
        if not arg.startswith("-") and arg.lower().endswith(".prsync"):
            return arg
    return None

