"""Report kinds of the unit evaluation: the unit's evaluation report (the page supervisors
print and sign), the ranking of a period (Excel: a sheet per axis), the comparison across
periods, and the blank printable form for inspectors who write by hand."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import Trend, rank_text
from pr_desk.domain.jalali import format_jalali, office_today
from pr_desk.domain.text import format_number, span
from pr_desk.domain.units import UnitKind, parse_unit_kind
from pr_desk.i18n import N_, _, current_language
from pr_desk.reports.model import (
    BarChart,
    Column,
    Heading,
    LabelValues,
    PageBreak,
    Paragraph,
    RadarChart,
    ReportSpec,
    Signatures,
    Table,
)
from pr_desk.reports.registry import register_report
from pr_desk.services import evaluation as ev
from pr_desk.services.report_catalog import FILTERS, _context, _yes

PERIOD_HELP = N_("the period, e.g. 1404-Q2, 1404-H1 or 1404-Y")
UNIT_HELP = N_("the unit's code, e.g. D07")
ALL_HELP = N_("yes to count forms not yet approved")


def _persian() -> bool:
    return current_language() == "fa"


def _score(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value, decimals=2, persian=_persian())


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = _score(abs(value))
    return text if value == 0 else (("+" if value > 0 else "\u2212") + text)


def _trend_text(trend: Trend, change: Decimal | None) -> str:
    """"Rising (3.85)": the word gives the direction (a sign beside digits reads wrong in RTL)."""
    if change is None:
        return trend.label
    return f"{trend.label} ({_score(abs(change))})"


def _short(name: str) -> str:
    """A bar's label: "منطقه ۸" for a district office, else the whole name (never cut: a
    chart whose names crowd lays its bars down, a row each)."""
    return name.replace("روابط عمومی ", "")


def _period(db: Any, actor: Any, params: Mapping[str, Any]) -> ev.PeriodInfo:
    """The period asked for; with none, the latest period that has begun (a report that
    demands a filter fails the person who clicks it)."""
    code = str(params.get("period") or "").strip()
    if code:
        return ev.find_period(db, actor, code)
    periods = ev.list_periods(db, actor, limit=50)
    today = office_today()
    begun = [p for p in periods if p.starts_on <= today]
    if begun or periods:
        return (begun or periods)[0]
    raise UserError(N_("There is no evaluation period yet; an administrator opens one on the Periods page."), field="period")


def _every_unit(build: Any, params: Mapping[str, Any]) -> ReportSpec:
    """With no unit named, the report of every unit of the period, one after the other
    (each from a new page), as one document; units that have nothing to show are left out."""
    db, actor = _context(params)
    period = _period(db, actor, params)
    specs = []
    for row in ev.period_progress(db, actor, period_id=period.id):
        try:
            specs.append(build({**params, "period": period.code, "unit": row.unit_code}))
        except UserError:
            continue
    if not specs:
        raise UserError(N_("No unit has an evaluation form in {period} yet."), period=period.label)
    first, rest = specs[0], specs[1:]
    after: list[Any] = list(first.after)
    for spec in rest:
        after += [PageBreak(), Heading(spec.title), Heading(spec.subtitle or "", 2), *spec.before,
                  Table(spec.columns, list(spec.rows)), *spec.after]
    return ReportSpec(title=first.title, subtitle=first.subtitle, columns=first.columns, rows=first.rows,
                      printed_by=first.printed_by, orientation=first.orientation, before=first.before, after=after,
                      sheet_name=first.sheet_name)


def _unit_id(db: Any, actor: Any, period: ev.PeriodInfo, params: Mapping[str, Any]) -> Any:
    code = str(params.get("unit") or "").strip().upper()
    if not code:
        raise UserError(N_("Say which unit: unit=D07."), field="unit")
    for row in ev.period_progress(db, actor, period_id=period.id):
        if row.unit_code.upper() == code:
            return row
    raise UserError(N_("The unit {code} does not take part in {period} (or is not assigned to you)."), field="unit",
                    code=code, period=period.label)


# --- the unit's evaluation report ----------------------------------------------------

def unit_report(params: Mapping[str, Any]) -> ReportSpec:
    if not str(params.get("unit") or "").strip():
        return _every_unit(unit_report, params)
    db, actor = _context(params)
    period = _period(db, actor, params)
    progress = _unit_id(db, actor, period, params)
    include = _yes(params.get("include_unapproved"), True)
    result = ev.unit_result(db, actor, period_id=period.id, unit_id=progress.unit_id, include_unapproved=include)
    if result.form_id is None:
        raise UserError(N_("{unit} has no evaluation form in {period} yet."), unit=progress.unit_name, period=period.label)
    form = ev.get_form(db, actor, result.form_id)
    history = [h for h in ev.unit_history(db, actor, unit_id=progress.unit_id, include_unapproved=include)
               if h.starts_on <= period.starts_on]
    lines = [
        {"axis": line.axis_name, "indicator": line.name, "weight": line.weight, "max": line.max_score,
         "self": line.self_score, "inspector": line.inspector_score, "evidence": line.evidence_note}
        for line in form.lines
    ]
    return ReportSpec(
        title=_("Evaluation report of PR unit performance"),
        subtitle=f"{form.form.unit_name} — {period.label}",
        columns=[
            Column("axis", _("Axis"), width=1.6), Column("indicator", _("Indicator"), width=3),
            Column("weight", _("Weight"), "score", width=0.7), Column("max", _("Maximum"), "score", width=0.8),
            Column("self", _("Self-assessment"), "score", width=0.9), Column("inspector", _("Inspector's score"), "score", width=0.9),
            Column("evidence", _("Evidence and notes"), width=2),
        ],
        rows=lines,
        printed_by=actor.display_name,
        orientation="landscape",
        before=[*_provisional_note(result), _unit_summary(form, period, result), Heading(_("Scores by indicator"), 2)],
        after=[*_axis_blocks(form), *_visit_blocks(form), _history_table(history), Signatures([
            (_("Inspector"), form.inspector_name), (_("Supervisor"), form.approved_by_name), (_("PR deputy"), ""),
        ])],
        sheet_name=_("Evaluation"),
    )


def _provisional_note(result: ev.UnitResult) -> list[Paragraph]:
    if not result.provisional:
        return []
    return [Paragraph(_("This form is not yet approved: its total, grade and rank are provisional. "
                        "The rank is where it would stand among the approved forms."))]


def _rank(result: ev.UnitResult) -> str:
    """The rank as the results screen writes it (see services.evaluation.results)."""
    return rank_text(result.rank, result.ranked_among, provisional=result.provisional, persian=_persian())


def _unit_summary(form: ev.FormDetail, period: ev.PeriodInfo, result: ev.UnitResult) -> LabelValues:
    """The unit, period, form and its totals, grade, rank and trend."""
    rank = _rank(result)
    return LabelValues([
        (_("Unit"), f"{form.form.unit_name} ({form.form.unit_code})"),
        (_("Period"), f"{period.label} ({span(format_jalali(period.starts_on), format_jalali(period.ends_on))})"),
        (_("Inspector"), form.inspector_name or "—"),
        (_("Form number"), form.form.number + (f" — {_('revision')} {format_number(form.form.revision, persian=_persian())}" if form.form.revision > 1 else "")),
        (_("Status"), form.status.label),
        (_("Template"), _("{name}, version {version}").format(name=form.template_name, version=format_number(form.template_version, persian=_persian()))),
        (_("Total score (out of 100)"), _score(result.total)),
        (_("Grade"), result.grade.label if result.grade else "—"),
        (_("Rank among units of its kind"), rank),
        (_("Self-assessment total"), _score(result.self_total)),
        (_("Gap (self minus inspector)"), _signed(result.gap)),
        (_("Trend against the previous period"), _trend_text(result.trend, result.change)),
    ], title=_("Summary"))


def _axis_blocks(form: ev.FormDetail) -> list[Any]:
    """The scores by axis, as a table and a radar chart."""
    axes = [{"axis": a.name, "self": a.self_score, "inspector": a.inspector_score,
             "gap": (a.self_score - a.inspector_score) if a.self_score is not None and a.inspector_score is not None else None}
            for a in form.axes]
    return [
        Table([Column("axis", _("Axis"), width=3), Column("self", _("Self-assessment"), "score"),
               Column("inspector", _("Inspector's score"), "score"), Column("gap", _("Gap"), "score")],
              axes, title=_("Scores by axis (out of 100)")),
        RadarChart([a.name for a in form.axes],
                   [[float(a.inspector_score or 0) for a in form.axes], [float(a.self_score or 0) for a in form.axes]],
                   series_names=[_("Inspector's score"), _("Self-assessment")], title=_("Scores by axis"), maximum=100),
    ]


def _visit_blocks(form: ev.FormDetail) -> list[Any]:
    """The field visits' findings, then the supervisor's return comments and the revision's reason."""
    blocks: list[Any] = [Heading(_("Field visits: findings and recommendations"), 2)]
    if form.visits:
        for visit in form.visits:
            blocks.append(LabelValues([
                (_("Visit date"), visit.visited_on), (_("People met"), visit.people_met or "—"),
                (_("Findings"), visit.findings or "—"), (_("Recommendations"), visit.recommendations or "—"),
            ]))
    else:
        blocks.append(Paragraph(_("No field visit was recorded.")))
    if form.return_comments:
        blocks.append(LabelValues([(_("Supervisor's comments when returning"), form.return_comments)]))
    if form.revision_reason:
        blocks.append(LabelValues([(_("Reason for the revision"), form.revision_reason)]))
    return blocks


def _history_table(history: list[ev.HistoryPoint]) -> Table:
    return Table(
        [Column("period", _("Period"), width=2), Column("total", _("Total score"), "score"), Column("self", _("Self-assessment"), "score"),
         Column("grade", _("Grade"))],
        [{"period": h.period_label, "total": h.total, "self": h.self_total, "grade": h.grade.label if h.grade else ""} for h in history],
        title=_("Trend against earlier periods"),
    )


# --- ranking of a period -------------------------------------------------------------

def ranking_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    period = _period(db, actor, params)
    kind: UnitKind | None = parse_unit_kind(str(params["kind"])) if params.get("kind") else None
    include = _yes(params.get("include_unapproved"), False)
    results = ev.period_results(db, actor, period_id=period.id, include_unapproved=include, kind=kind)
    kind_order = {"district": 0, "office": 1, "organisation": 2, "company": 3}
    results.sort(key=lambda r: (kind_order.get(r.unit_kind.value, 4), r.rank is None, r.rank or 0, r.unit_code))
    rows = [_ranking_row(r) for r in results]
    scored = [r for r in results if r.total is not None]
    notes = [_("Totals out of 100, rounded half up to two decimals; ranks among units of the same kind, equal totals share a rank.")]
    notes.append(_("Forms not yet approved are shown with a provisional rank, where each would stand among the approved "
                   "forms; they move no approved rank.") if include else _("Only approved forms are counted."))
    filters = [_("Kind: {kind}").format(kind=kind.label)] if kind else []
    return ReportSpec(
        title=_("Ranking of PR units"),
        subtitle=period.label,
        columns=[
            Column("rank", _("Rank"), width=1.3 if include else 0.8), Column("unit", _("Unit"), width=2.6), Column("kind", _("Kind"), width=1.5),
            Column("total", _("Total score"), "score", width=0.9), Column("grade", _("Grade"), width=0.8),
            Column("self", _("Self-assessment"), "score", width=0.9), Column("gap", _("Gap"), "score", width=0.8),
            Column("trend", _("Trend"), width=1.3), Column("status", _("Status"), width=1),
        ],
        rows=rows,
        filters_text="؛ ".join(filters) or None,
        printed_by=actor.display_name,
        orientation="landscape",
        before=[Paragraph(" ".join(notes))],
        after=[BarChart([_short(r.unit_name) for r in scored], [float(r.total or 0) for r in scored], title=_("Total score of each unit"), value_kind="score"),
               PageBreak(), *_per_axis_tables(scored)] if scored else [],
        sheet_name=_("Ranking"),
    )


def _ranking_row(r: ev.UnitResult) -> dict[str, Any]:
    return {"rank": _rank(r), "unit": r.unit_name, "kind": r.unit_kind.label, "total": r.total, "grade": r.grade.label if r.grade else "",
            "self": r.self_total, "gap": r.gap, "trend": _trend_text(r.trend, r.change) if r.total is not None else "",
            "status": r.status.label if r.status else _("Not started")}


def _per_axis_tables(scored: list[ev.UnitResult]) -> list[Any]:
    """A table per axis (in the order the axes first appear), units by the inspector's score."""
    axis_names: list[str] = []
    for r in scored:
        for a in r.axes:
            if a.name not in axis_names:
                axis_names.append(a.name)
    per_axis: list[Any] = []
    for name in axis_names:
        axis_rows: list[dict[str, Any]] = []
        for r in scored:
            match = next((a for a in r.axes if a.name == name), None)
            if match is not None:
                axis_rows.append({"unit": r.unit_name, "inspector": match.inspector_score, "self": match.self_score})
        axis_rows.sort(key=lambda x: -(x["inspector"] or 0))
        per_axis.append(Table([Column("unit", _("Unit"), width=3), Column("inspector", _("Inspector's score"), "score"),
                               Column("self", _("Self-assessment"), "score")], axis_rows, title=name))
    return per_axis


# --- comparison across periods -------------------------------------------------------

def comparison_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    include = _yes(params.get("include_unapproved"), False)
    unit_id = None
    periods = None
    if params.get("periods"):
        periods = [ev.find_period(db, actor, code).id for code in str(params["periods"]).replace("،", ",").split(",") if code.strip()]
    if params.get("unit"):
        code = str(params["unit"]).strip().upper()
        from pr_desk.services import units as unit_service

        match = [u for u in unit_service.list_units(db, actor, search=code) if u.code.upper() == code]
        if not match:
            raise UserError(N_("There is no unit with the code {code}."), field="unit", code=code)
        unit_id = match[0].id
    comparison = ev.compare_periods(db, actor, period_ids=periods, unit_id=unit_id, include_unapproved=include)
    columns = [Column("unit", _("Unit"), width=2.6)]
    columns += [Column(f"p{i}", p.label, "score", width=1) for i, p in enumerate(comparison.periods)]
    columns += [Column("trend", _("Trend"), width=1.3)]
    rows = []
    for r in comparison.rows:
        row: dict[str, Any] = {"unit": r.unit_name, "trend": _trend_text(r.trend, r.change)}
        for i, value in enumerate(r.totals):
            row[f"p{i}"] = value
        rows.append(row)
    return ReportSpec(
        title=_("Comparison of evaluations across periods"),
        subtitle=_("{count} periods").format(count=format_number(len(comparison.periods), persian=_persian())),
        columns=columns,
        rows=rows,
        printed_by=actor.display_name,
        orientation="landscape",
        before=[Paragraph(_("Forms not yet approved are counted.") if include else _("Only approved forms are counted."))],
        sheet_name=_("Comparison"),
    )


# --- the blank form ------------------------------------------------------------------

def blank_form_report(params: Mapping[str, Any]) -> ReportSpec:
    if not str(params.get("unit") or "").strip():
        return _every_unit(blank_form_report, params)
    db, actor = _context(params)
    period = _period(db, actor, params)
    progress = _unit_id(db, actor, period, params)
    sheet = ev.form_sheet(db, actor, unit=progress.unit_id, period=period.id)
    rows = [{"n": n, "axis": r.axis, "indicator": r.name, "max": r.max_score, "weight": r.weight,
             "evidence_required": _("Yes") if r.evidence_required else "", "self": "", "inspector": "", "notes": ""}
            for n, r in enumerate(sheet.rows, start=1)]
    guides = [(f"{n}. {r.name}", r.guide) for n, r in enumerate(sheet.rows, start=1) if r.guide]
    blank = "................................................................................"
    return ReportSpec(
        title=_("Evaluation form of PR unit performance"),
        subtitle=f"{sheet.unit_name} — {sheet.period_label}",
        columns=[
            Column("n", _("Row"), "int", width=0.4), Column("axis", _("Axis"), width=1.4), Column("indicator", _("Indicator"), width=2.8),
            Column("max", _("Maximum"), "score", width=0.7), Column("weight", _("Weight"), "score", width=0.6),
            Column("evidence_required", _("Evidence required"), width=0.7), Column("self", _("Self-assessment"), width=1),
            Column("inspector", _("Inspector's score"), width=1), Column("notes", _("Evidence and notes"), width=2),
        ],
        rows=rows,
        printed_by=actor.display_name,
        orientation="landscape",
        before=[LabelValues([
            (_("Unit"), f"{sheet.unit_name} ({sheet.unit_code})"), (_("Period"), sheet.period_label),
            (_("Template"), _("{name}, version {version}").format(name=sheet.template_name, version=format_number(sheet.template_version, persian=_persian()))),
            (_("Inspector"), sheet.inspector_name or blank[:30]), (_("Form number"), sheet.form_number or blank[:30]),
        ])],
        after=[
            Heading(_("Field visit"), 2),
            LabelValues([(_("Visit date"), "....../....../......"), (_("People met"), blank), (_("Findings"), blank), ("", blank),
                         (_("Recommendations"), blank), ("", blank)]),
            Heading(_("Scoring guide"), 2),
            LabelValues(guides),
            Signatures([(_("Inspector"), ""), (_("Head of the unit's PR"), ""), (_("Supervisor"), "")]),
        ],
        sheet_name=_("Evaluation form"),
    )


def register() -> None:
    register_report("evaluation-unit", N_("Evaluation report of a unit"), unit_report, replace=True)
    register_report("evaluation-ranking", N_("Ranking of PR units in a period"), ranking_report, replace=True)
    register_report("evaluation-comparison", N_("Comparison of evaluations across periods"), comparison_report, replace=True)
    register_report("evaluation-blank-form", N_("Blank evaluation form for a unit"), blank_form_report, replace=True)
    FILTERS["evaluation-unit"] = {"period": PERIOD_HELP, "unit": UNIT_HELP, "include_unapproved": N_("no to show only an approved form")}
    FILTERS["evaluation-ranking"] = {"period": PERIOD_HELP, "kind": N_("only units of this kind"), "include_unapproved": ALL_HELP}
    FILTERS["evaluation-comparison"] = {"periods": N_("periods to compare, e.g. 1403-Y,1404-Y (default: all)"), "unit": UNIT_HELP,
                                        "include_unapproved": ALL_HELP}
    FILTERS["evaluation-blank-form"] = {"period": PERIOD_HELP, "unit": UNIT_HELP}
