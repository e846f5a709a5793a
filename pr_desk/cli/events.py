"""Command line of event planning: the `events` and `guests` kinds of `pr-desk template` /
`pr-desk import` (a guest list goes to the event named by `--event CODE`), and the events
and guests `pr-desk find` also finds (events by code and title words, guests by name, each
with its event)."""

from __future__ import annotations

import argparse
import functools
import os
from pathlib import Path
from typing import Any

from pr_desk.cli.common import (
    IMPORT_COMMANDS,
    IMPORT_OPTIONS,
    TEMPLATE_COMMANDS,
    echo,
    log_in,
    open_office,
    run_file_import,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import N_, _, ngettext


def _lists(args: argparse.Namespace) -> Any:
    """The office's own choices for the drop-down lists when an acting user is given
    (--as), else the usual ones (the six default types, the fixed honorifics)."""
    if not (args.as_user or os.environ.get("PR_DESK_USER")):
        return None
    from pr_desk.services.events.importing import template_lists

    office = open_office(args)
    try:
        return template_lists(office, log_in(args, office))
    finally:
        office.dispose()


def cmd_template_events(args: argparse.Namespace) -> int:
    from pr_desk.services.events.importing import save_events_template

    path = save_events_template(Path(args.out), _lists(args))
    echo(_("Template written to {path}.").format(path=path))
    return 0


def cmd_template_guests(args: argparse.Namespace) -> int:
    from pr_desk.services.events.importing import save_guests_template

    path = save_guests_template(Path(args.out), _lists(args))
    echo(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import_events(args: argparse.Namespace) -> int:
    """All rows or none; each problem on standard error with its row, column and value."""
    from pr_desk.services.events.importing import import_events, preview_events_file

    result = run_file_import(args, preview_events_file, import_events)
    echo(ngettext("Imported: {count} event ({first} to {last}).", "Imported: {count} events ({first} to {last}).",
                  result.events_added).format(
        count=localized_number(result.events_added), first=min(result.codes), last=max(result.codes)))
    return 0


def cmd_import_guests(args: argparse.Namespace) -> int:
    from pr_desk.services.events.importing import import_guests, preview_guests_file

    code = getattr(args, "event", None)
    if not code:
        raise UserError(N_("Say which event the guests are invited to: --event CODE (for example E1405-012)."))
    result = run_file_import(args, functools.partial(preview_guests_file, event_code=code),
                             functools.partial(import_guests, event_code=code))
    echo(ngettext("Imported: {count} guest of {code}, {seated} of them seated.",
                  "Imported: {count} guests of {code}, {seated} of them seated.", result.guests_added).format(
        count=localized_number(result.guests_added), code=result.event_code, seated=localized_number(result.seated)))
    return 0


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--event", metavar="CODE", help=_("guests: the event they are invited to, e.g. E1405-012"))


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    TEMPLATE_COMMANDS["events"] = cmd_template_events
    TEMPLATE_COMMANDS["guests"] = cmd_template_guests
    IMPORT_COMMANDS["events"] = cmd_import_events
    IMPORT_COMMANDS["guests"] = cmd_import_guests
    IMPORT_OPTIONS.append(_import_options)
