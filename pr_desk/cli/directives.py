"""Command line of the directive register: the `directives` kind of `pr-desk template` /
`pr-desk import` (the office's existing register, all rows or none), `pr-desk directive
acknowledge|list|pending` (for offices that collect acknowledgements by phone), and the
directives `pr-desk find` also finds by number and title words."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pr_desk.cli.common import (
    IMPORT_COMMANDS,
    TEMPLATE_COMMANDS,
    echo,
    log_in,
    open_office,
    run_file_import,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import N_, _

if TYPE_CHECKING:
    from pr_desk.services.context import Actor
    from pr_desk.services.office import Office


def _date(text: str | None, field: str) -> Any:
    if not text:
        return None
    from pr_desk.domain.jalali import parse_jalali

    try:
        return parse_jalali(text).to_gregorian()
    except UserError as exc:
        raise UserError(exc.message, field=field, **exc.params) from None


def _shown(day: Any) -> str:
    from pr_desk.domain.jalali import format_jalali

    return format_jalali(day, persian_digits=False) if day else "-"


def cmd_template_directives(args: argparse.Namespace) -> int:
    from pr_desk.services.directives.importing import save_directives_template

    path = save_directives_template(Path(args.out))
    echo(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import_directives(args: argparse.Namespace) -> int:
    """All rows or none; each bad row on standard error with its column and value."""
    from pr_desk.services.directives.importing import import_directives, preview_directives_file

    result = run_file_import(args, preview_directives_file, import_directives)
    echo(_("Imported: {directives} directives, sent to {recipients} units in all.").format(
        directives=localized_number(result.directives_added), recipients=localized_number(result.recipients_added)))
    return 0


def _acknowledge(args: argparse.Namespace, office: Office, actor: Actor) -> None:
    from pr_desk.services import directives as dv
    from pr_desk.services.directives.overview import find_unit

    directive = dv.find_by_number(office, actor, args.number)
    unit = find_unit(office, actor, args.unit)
    r = dv.acknowledge(office, actor, directive.id, unit.id, by_name=args.by, by_post=args.post or "", on=_date(args.on, "on"))
    echo(_("Recorded: {unit} acknowledged {number} (version {version}) on {date}, by {name}.").format(
        unit=unit.name, number=r.directive_number, version=r.acknowledged_version, date=_shown(r.acknowledged_on),
        name=r.acknowledged_by))


def _list(args: argparse.Namespace, office: Office, actor: Actor) -> None:
    from pr_desk.domain.directives import DIRECTIVE_STATUS_LABELS, DirectiveStatus
    from pr_desk.domain.text import search_key
    from pr_desk.services import directives as dv

    status = None
    if args.status:
        key = search_key(args.status)
        status = next((s for s in DirectiveStatus if key in (search_key(s.value), search_key(_(DIRECTIVE_STATUS_LABELS[s])))), None)
        if status is None:
            raise UserError(N_("Unknown state {text}: use in_force, repealed, superseded or draft."), text=args.status[:40])
    year = _year(args.year)
    offset, shown = 0, 0
    while True:
        page = dv.list_directives(office, actor, status=status, year=year, offset=offset, limit=500, sort_key="number")
        for d in page:
            echo("\t".join([d.number or "-", d.kind_name, d.title, d.status.label, _shown(d.issued_on),
                            f"{d.acknowledged}/{d.recipients}"]))
        shown += len(page)
        if len(page) < 500:
            break
        offset += 500
    echo(_("{count} directives.").format(count=localized_number(shown)))


def _year(text: str | None) -> int | None:
    if not text:
        return None
    from pr_desk.domain.text import to_latin_digits

    value = to_latin_digits(text).strip()
    if not value.isdigit() or not 1300 <= int(value) <= 1600:
        raise UserError(N_("The year is a Jalali year such as 1405, or all."), field="year")
    return int(value)


def _pending(args: argparse.Namespace, office: Office, actor: Actor) -> None:
    from pr_desk.services import directives as dv
    from pr_desk.services.directives.overview import find_unit

    unit = find_unit(office, actor, args.unit)
    items = dv.pending_for_unit(office, actor, unit.id, limit=None)
    for r in items:
        echo("\t".join([r.directive_number or "-", r.directive_title, r.state.label, _shown(r.ack_due), _shown(r.impl_due)]))
    echo(_("{unit}: {count} directives still to acknowledge or carry out.").format(unit=unit.name, count=localized_number(len(items))))


def cmd_directive(args: argparse.Namespace) -> int:
    office = open_office(args)
    try:
        actor = log_in(args, office)
        {"acknowledge": _acknowledge, "list": _list, "pending": _pending}[args.directive_command](args, office, actor)
    finally:
        office.dispose()
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    TEMPLATE_COMMANDS["directives"] = cmd_template_directives
    IMPORT_COMMANDS["directives"] = cmd_import_directives

    p = subparsers.add_parser("directive", parents=[common], help=_("directive register: acknowledgements, the list, a unit's pending list"))
    sub = p.add_subparsers(dest="directive_command", required=True)
    q = sub.add_parser("acknowledge", parents=[common], help=_("record that a unit acknowledged a directive (e.g. by phone)"))
    q.add_argument("number", help=_("the directive's number, e.g. د/1405/012"))
    q.add_argument("--unit", required=True, metavar="CODE", help=_("the unit's code, e.g. D07"))
    q.add_argument("--by", required=True, metavar="NAME", help=_("who acknowledged it at the unit"))
    q.add_argument("--post", metavar="POST", help=_("their post"))
    q.add_argument("--on", metavar="DATE", help=_("the Jalali date of the acknowledgement (default: today)"))
    q = sub.add_parser("list", parents=[common], help=_("list the register"))
    q.add_argument("--status", help=_("in_force, repealed, superseded or draft"))
    q.add_argument("--year", help=_("the Jalali year of issue"))
    q = sub.add_parser("pending", parents=[common], help=_("what a unit still has to acknowledge or carry out"))
    q.add_argument("--unit", required=True, metavar="CODE", help=_("the unit's code, e.g. D07"))
    p.set_defaults(func=cmd_directive)
