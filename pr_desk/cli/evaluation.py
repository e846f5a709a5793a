"""Command line of the unit evaluation: the Excel form round trip
(`pr-desk template evaluation --unit D07 --period 1404-Q2 --out form.xlsx`,
`pr-desk import evaluation form.xlsx`) and `pr-desk evaluation periods|results`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pr_desk.cli.common import (
    IMPORT_COMMANDS,
    TEMPLATE_COMMANDS,
    TEMPLATE_OPTIONS,
    echo,
    log_in,
    open_office,
    run_file_import,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import N_, _


def cmd_template_evaluation(args: argparse.Namespace) -> int:
    from pr_desk.services.evaluation import form_sheet, save_form_sheet

    if not getattr(args, "unit", None) or not getattr(args, "period", None):
        raise UserError(N_("Say which unit and period: --unit CODE --period 1404-Q2."))
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(N_("The form must be an .xlsx file."))
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    db = open_office(args)
    try:
        actor = log_in(args, db)
        sheet = form_sheet(db, actor, unit=args.unit, period=args.period)
        path = save_form_sheet(db, actor, unit=args.unit, period=args.period, out=out)
    finally:
        db.dispose()
    echo(_("Evaluation form of {unit} for {period} written to {path}.").format(unit=sheet.unit_name, period=sheet.period_label, path=path))
    return 0


def cmd_import_evaluation(args: argparse.Namespace) -> int:
    from pr_desk.domain.evaluation import format_score
    from pr_desk.services.evaluation import import_form_sheet, preview_form_file

    detail = run_file_import(args, preview_form_file, import_form_sheet)
    persian = args.lang == "fa"
    echo(_("Saved form {number} of {unit}: inspector's total {total}, self-assessment {self_total}.").format(
        number=detail.form.number, unit=detail.form.unit_name,
        total=format_score(detail.form.total, persian=persian) or "—", self_total=format_score(detail.form.self_total, persian=persian) or "—"))
    return 0


def cmd_evaluation(args: argparse.Namespace) -> int:
    from pr_desk.domain.evaluation import format_score, rank_text
    from pr_desk.domain.text import format_number
    from pr_desk.services import evaluation as ev

    persian = args.lang == "fa"
    db = open_office(args)
    try:
        actor = log_in(args, db)
        if args.evaluation_command == "periods":
            for p in ev.list_periods(db, actor):
                s = ev.progress_summary(db, actor, period_id=p.id)
                echo("\t".join([p.code, p.label, p.template_name, localized_number(p.unit_count), _("{approved} of {total} approved").format(
                    approved=format_number(s.approved, persian=persian), total=format_number(s.total, persian=persian))]))
        elif args.evaluation_command == "results":
            period = ev.find_period(db, actor, args.period)
            for r in ev.period_results(db, actor, period_id=period.id, include_unapproved=args.all):
                echo("\t".join([r.unit_code, r.unit_name, format_score(r.total, persian=persian) or "—",
                                    r.grade.label if r.grade else "—",
                                    rank_text(r.rank, r.ranked_among, provisional=r.provisional, persian=persian)]))
    finally:
        db.dispose()
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:

    TEMPLATE_COMMANDS["evaluation"] = cmd_template_evaluation
    IMPORT_COMMANDS["evaluation"] = cmd_import_evaluation

    def form_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--unit", metavar="CODE", help=_("evaluation: the unit's code, e.g. D07"))
        parser.add_argument("--period", metavar="PERIOD", help=_("evaluation: the period, e.g. 1404-Q2, 1404-H1, 1404-Y"))

    TEMPLATE_OPTIONS.append(form_options)

    p = subparsers.add_parser("evaluation", parents=[common], help=_("unit evaluation: periods and results"))
    sub = p.add_subparsers(dest="evaluation_command", required=True)
    sub.add_parser("periods", parents=[common], help=_("list evaluation periods with their progress"))
    q = sub.add_parser("results", parents=[common], help=_("totals, grades and ranks of a period"))
    q.add_argument("--period", required=True, help=_("the period, e.g. 1404-Q2"))
    q.add_argument("--all", action="store_true", help=_("include forms not yet approved"))
    p.set_defaults(func=cmd_evaluation)
