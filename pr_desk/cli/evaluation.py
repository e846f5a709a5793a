"""Command line of the unit evaluation: the Excel form round trip
(`pr-desk template evaluation --unit D07 --period 1404-Q2 --out form.xlsx`,
`pr-desk import evaluation form.xlsx`), `pr-desk evaluation periods|results` and the
calibration of a unit by a second inspector (`pr-desk evaluation calibrate ask|compare|decide`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from decimal import Decimal

    from pr_desk.domain.calibration import Counted
    from pr_desk.services.evaluation import Calibration, FormInfo


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


def _score(value: Decimal | None, persian: bool) -> str:
    from pr_desk.domain.evaluation import format_score

    return format_score(value, persian=persian) or "—"


def _signed(value: Decimal | None, persian: bool) -> str:
    # a plain sign (no bidi marks, no U+2212): the line reads the same on any console
    if value is None:
        return "—"
    return ("+" if value > 0 else "-" if value < 0 else "") + _score(abs(value), persian)


def _form_line(label: str, inspector: str, form: FormInfo | None, persian: bool) -> str:
    if form is None:
        return "\t".join([label, inspector or _("Not assigned"), _("not started")])
    return "\t".join([label, inspector or _("Not assigned"), form.number, form.status.label, _score(form.total, persian)])


def _show_calibration(c: Calibration, persian: bool) -> None:
    """Both forms' totals, their difference, the lines beyond the margin and the decision."""
    from pr_desk.domain.text import format_number

    echo("\t".join([c.unit_code, c.unit_name, c.period_label]))
    echo(_form_line(_("Main inspector"), c.main_inspector_name, c.main_form, persian))
    echo(_form_line(_("Second inspector"), c.second_inspector_name, c.second_form, persian))
    main = c.main_form.total if c.main_form else None
    second = c.second_form.total if c.second_form else None
    echo("\t".join([_("Difference"), _signed(second - main if main is not None and second is not None else None, persian)]))
    echo(_("{flagged} of {count} indicators differ by more than {margin}% of their maximum score:").format(
        flagged=localized_number(c.flagged_count), count=localized_number(len(c.lines)),
        margin=format_number(c.margin_percent.normalize(), persian=persian)))
    for line in c.lines:
        if line.flagged:
            echo("\t".join([line.axis_name, line.name, _score(line.main_score, persian), _score(line.second_score, persian),
                            _signed(line.difference, persian)]))
    if c.counted is None:
        echo(_("Not decided yet: the main form counts until you decide."))
    else:
        from pr_desk.domain.jalali import format_jalali

        text = _("{form} counts — decided by {who} on {day}.").format(
            form=c.counted.label, who=c.decided_by_name,
            day=format_jalali(c.decided_at.astimezone().date(), persian_digits=persian) if c.decided_at else "")
        if c.decision_reason:
            text += " " + _("Reason: {reason}").format(reason=c.decision_reason)
        echo(text)


def _counted(c: Calibration, choice: str) -> Counted:
    """`main`, `second`, or the number (or id) of one of the unit's two forms."""
    from pr_desk.domain.calibration import Counted

    wanted = (choice or "").strip()
    if wanted.lower() == "main":
        return Counted.MAIN
    if wanted.lower() in ("second", "calibration"):
        return Counted.CALIBRATION
    for form, counted in ((c.main_form, Counted.MAIN), (c.second_form, Counted.CALIBRATION)):
        if form is not None and wanted in (form.number, str(form.id)):
            return counted
    raise UserError(N_("{choice} is neither of this unit's forms: give main, second or one of their numbers ({numbers})."),
                    field="counted", choice=wanted[:60],
                    numbers="، ".join(f.number for f in (c.main_form, c.second_form) if f is not None) or "—")


def cmd_calibrate(args: argparse.Namespace) -> int:
    from pr_desk.services import evaluation as ev

    if not args.unit:
        raise UserError(N_("Say which unit: --unit CODE, e.g. D07."))
    command = args.calibrate_command
    if command == "ask" and not args.inspector:
        raise UserError(N_("Say who the second inspector is: --inspector USERNAME."))
    if command == "decide" and not args.counts:
        raise UserError(N_("Say which form counts: --counts main, --counts second or --counts FORM-NUMBER."))
    persian = args.lang == "fa"
    db = open_office(args)
    try:
        actor = log_in(args, db)
        scope = ev.calibration_scope(db, actor, unit_code=args.unit, period_code=args.period,
                                     inspector=args.inspector if command == "ask" else None)
        where = {"period_id": scope.period.id, "unit_id": scope.unit_id}
        if command == "ask":
            assert scope.inspector_id is not None
            ev.request_calibration(db, actor, inspector_id=scope.inspector_id, **where)
            echo(_("{inspector} was asked to score {unit} in {period} as the second inspector.").format(
                inspector=scope.inspector_name, unit=scope.unit_name, period=scope.period.label))
        elif command == "compare":
            _show_calibration(ev.get_calibration(db, actor, **where), persian)
        else:
            seen = ev.get_calibration(db, actor, **where)
            decided = ev.decide_calibration(db, actor, counted=_counted(seen, args.counts), reason=args.reason or "",
                                            expected_version=seen.version, **where)
            _show_calibration(decided, persian)
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

    c = sub.add_parser("calibrate", parents=[common], help=_("a second inspector's form of a unit: ask, compare, decide"))
    steps = c.add_subparsers(dest="calibrate_command", required=True)

    def scope_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--unit", metavar="CODE", help=_("evaluation: the unit's code, e.g. D07"))
        parser.add_argument("--period", metavar="PERIOD", help=_("the period, e.g. 1404-H1 (default: the open period)"))

    ask = steps.add_parser("ask", parents=[common], help=_("ask a second inspector to score the unit"))
    scope_options(ask)
    ask.add_argument("--inspector", metavar="USERNAME", help=_("the second inspector's user name"))
    compare = steps.add_parser("compare", parents=[common], help=_("both inspectors' scores, their difference and the lines beyond the margin"))
    scope_options(compare)
    decide = steps.add_parser("decide", parents=[common], help=_("decide which form counts"))
    scope_options(decide)
    decide.add_argument("--counts", metavar="main|second|FORM", help=_("main, second, or the number of the form that counts"))
    decide.add_argument("--reason", default="", help=_("why (optional; kept with the decision)"))
    for parser in (ask, compare, decide):
        parser.set_defaults(func=cmd_calibrate, inspector=None, counts=None, reason="")
