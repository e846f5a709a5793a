"""Command line of the meeting queue: `pr-desk find TEXT`, and the `meetings` kind of
`pr-desk template` / `pr-desk import`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pr_desk.cli.common import (
    IMPORT_COMMANDS,
    TEMPLATE_COMMANDS,
    echo,
    log_in,
    open_office,
    run_file_import,
)
from pr_desk.domain.text import localized_number
from pr_desk.i18n import _

if TYPE_CHECKING:
    from pr_desk.services.context import Actor
    from pr_desk.services.office import Office


def cmd_find(args: argparse.Namespace) -> int:
    """TEXT in every workspace at once, from the one search index (the search box's groups;
    `--kind` narrows it to one kind). With a meeting filter (--status, --official,
    --district, --from, --to) or no TEXT: the meeting requests' list, filtered."""
    db = open_office(args)
    try:
        actor = log_in(args, db)
        meetings_only = bool(args.status or args.official or args.district or args.date_from or args.date_to)
        if args.kind or (args.text.strip() and not meetings_only):
            return _find_in_index(args, db, actor)
        _find_requests(args, db, actor)
        return 0
    finally:
        db.dispose()


def _find_in_index(args: argparse.Namespace, db: Office, actor: Actor) -> int:
    """The one search box's groups (services/search.py) of every kind the user may see, or
    of `--kind K` (`all`: every kind), each a heading with its count, then a line per
    record: its label and detail, tab-separated."""
    from pr_desk.domain.errors import UserError
    from pr_desk.i18n import N_
    from pr_desk.services import search

    kind = None if args.kind in (None, "all") else args.kind
    if kind is not None and kind not in search.kind_names():
        raise UserError(N_("Unknown kind {kind}; choose one of: {kinds}."), kind=kind[:30], kinds=", ".join(search.kind_names()))
    groups = search.search(db, actor, args.text, kind=kind, limit=args.limit)
    for group in groups:
        more = "+" if group.total > search.COUNT_CAP else ""
        echo(f"== {_(group.title)} ({localized_number(min(group.total, search.COUNT_CAP))}{more}) ==")
        for hit in group.hits:
            echo("\t".join([hit.label, hit.detail.replace("\n", " ")]))
    if not groups:
        echo(_("Nothing found."))
    return 0


def _find_requests(args: argparse.Namespace, db: Office, actor: Actor) -> None:
    from pr_desk.domain.jalali import format_jalali
    from pr_desk.domain.meetings import REQUEST_STATUS_LABELS, RequestStatus, parse_choice
    from pr_desk.services.meetings import requests as mr

    official_id = None
    if args.official:
        from pr_desk.domain.text import matches_search

        matches = [o for o in mr.list_officials(db, actor, include_inactive=True) if matches_search(o.display_name, args.official)]
        if len(matches) != 1:
            from pr_desk.domain.errors import UserError
            from pr_desk.i18n import N_

            raise UserError(N_("No single official matches “{text}”."), text=args.official[:60])
        official_id = matches[0].id
    statuses = tuple(parse_choice(RequestStatus, s, REQUEST_STATUS_LABELS, "status") for s in (args.status or []))
    search = mr.RequestSearch(text=args.text, statuses=statuses, official_id=official_id, district=args.district,
                              date_from=args.date_from, date_to=args.date_to)
    total = mr.count_requests(db, actor, search=search)
    for r in mr.find_requests(db, actor, search=search, limit=args.limit):
        echo("\t".join([r.tracking_code, format_jalali(r.registered_on, persian_digits=False), r.citizen_name, r.national_code,
                            r.official_name, r.status.label, r.description.replace("\n", " ")[:80]]))
    echo(_("{count} requests found.").format(count=total))


def cmd_template_meetings(args: argparse.Namespace) -> int:
    from pr_desk.services.meetings.importing import save_meetings_template

    path = save_meetings_template(Path(args.out))
    echo(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import_meetings(args: argparse.Namespace) -> int:
    from pr_desk.services.meetings.importing import import_meetings, preview_meetings_file

    result = run_file_import(args, preview_meetings_file, import_meetings)
    echo(_("Imported: {requests} requests, {citizens} new citizens.").format(
        requests=localized_number(result.requests_added), citizens=localized_number(result.citizens_added)))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("find", parents=[common], help=_("find records of every workspace (requests by tracking code, national code, mobile, "
                                                       "name or subject; orders, units, users, forms, directives, events, guests)"))
    p.add_argument("text", nargs="?", default="")
    p.add_argument("--status", action="append", help=_("request status (may be repeated)"))
    p.add_argument("--official", help=_("the official's name"))
    p.add_argument("--district", type=int)
    p.add_argument("--from", dest="date_from", help=_("registered on or after (Jalali date)"))
    p.add_argument("--to", dest="date_to", help=_("registered on or before (Jalali date)"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--kind", help=_("only one kind of record (request, citizen, order, unit, user, "
                                    "evaluation_form, directive, event, guest), or all (the default)"))
    p.set_defaults(func=cmd_find)
    TEMPLATE_COMMANDS["meetings"] = cmd_template_meetings
    IMPORT_COMMANDS["meetings"] = cmd_import_meetings
