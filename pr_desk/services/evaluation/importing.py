"""The Excel form round trip: the data of a unit's form for the sheet writer, and a
returned sheet checked cell by cell and saved all or nothing, naming every bad cell."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pr_desk.data.engine import Database
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import FieldVisit
from pr_desk.data.queries import units as unit_queries
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.evaluation import (
    check_score,
    parse_decimal,
    parse_period_code,
    period_code,
    period_label,
)
from pr_desk.domain.importing import ImportRejected, RowProblem, clip
from pr_desk.domain.jalali import JalaliDate, parse_jalali
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import clean_user_text
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require, write
from pr_desk.services.evaluation.forms import (
    MAX_NOTE,
    MAX_TEXT,
    _apply_lines,
    _detail,
    _editable_form,
    _refresh_totals,
    start_form,
)
from pr_desk.services.evaluation.types import (
    FormDetail,
    ScoreInput,
    check_unit_access,
    load_period,
    own_series,
)
from pr_desk.services.importing import ImportPreview, Step, checking, read_import_file
from pr_desk.spreadsheets.evaluation import (
    COL_INSPECTOR,
    COL_KEY,
    COL_MAX,
    COL_NOTE,
    COL_SELF,
    COLUMN_LABELS,
    VISIT_LABELS,
    FilledSheet,
    FormSheet,
    SheetRow,
    read_form_sheet,
    write_form_sheet,
)
from pr_desk.spreadsheets.workbook import cell_text


@dataclass(frozen=True)
class _CheckedSheet:
    unit_id: uuid.UUID
    period_id: uuid.UUID
    template_id: uuid.UUID
    lines: list[ScoreInput]
    visit: dict[str, Any]
    problems: list[RowProblem]


NOTHING_SAVED = N_("Nothing was saved: {count} cells of the form have problems.")


def _problem(cell: str, message: str, value: Any = None, label: str | None = None) -> RowProblem:
    """A bad cell of the form: "D12", what is wrong, what the cell holds, under which header."""
    letters = cell.rstrip("0123456789")
    number = cell[len(letters):]
    header = label if label is not None else COLUMN_LABELS.get(letters, "")
    return RowProblem(int(number) if number else 0, message, _(header) if header else "",
                      clip(cell_text(value)) if value is not None else "", cell)


def _unit_and_period(session, unit_code: str, period_text: str):  # type: ignore[no-untyped-def]
    unit = unit_queries.by_code(session, unit_code or "")
    if unit is None:
        raise NotFound(N_("There is no unit with the code {code}."), field="unit", code=(unit_code or "")[:20])
    kind, year, number = parse_period_code(period_text)
    period = q.period_by_key(session, kind.value, year, number)
    if period is None:
        raise NotFound(N_("There is no evaluation period {period}."), field="period", period=period_label(kind, year, number))
    return unit, period


def form_sheet(db: Database, actor: Actor, *, unit: str | uuid.UUID, period: str | uuid.UUID) -> FormSheet:
    """The unit's form for the Excel writer: the period's template (or the form's own
    version) with any scores already entered. unit: code or id; period: code or id."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        if isinstance(unit, uuid.UUID) and isinstance(period, uuid.UUID):
            unit_row = unit_queries.by_id(session, unit)
            if unit_row is None:
                raise NotFound(N_("The unit was not found; it may have been removed."))
            period_row = load_period(session, period)
        else:
            unit_row, period_row = _unit_and_period(session, str(unit), str(period))
        if q.assignment(session, period_row.id, unit_row.id) is None:
            raise UserError(N_("This unit does not take part in the period; add it to the period first."), field="unit")
        series = own_series(session, actor, period_row.id, unit_row.id)  # a second inspector: their calibration form
        check_unit_access(session, actor, period_row.id, unit_row.id, calibration=series)
        form = q.current_form(session, period_row.id, unit_row.id, calibration=series)
        template_id = form.template_id if form is not None else period_row.template_id
        template = q.template(session, template_id)
        assert template is not None
        axes = {a.id: a.name for a in q.axes(session, template_id)}
        scores = {s.indicator_id: s for s in q.scores(session, form.id)} if form is not None else {}
        assignment = q.assignment(session, period_row.id, unit_row.id, calibration=series)
        inspector = q.user(session, assignment.inspector_id if assignment is not None else None)
        rows = []
        for i in q.indicators(session, template_id):
            s = scores.get(i.id)
            rows.append(SheetRow(str(i.id), axes.get(i.axis_id, ""), i.name, i.guide, i.weight, i.max_score, i.evidence_required,
                                 s.self_score if s else None, s.inspector_score if s else None, s.evidence_note if s else ""))
        return FormSheet(
            unit_row.code, unit_row.name, period_code(period_row.kind, period_row.jalali_year, period_row.number),
            period_label(period_row.kind, period_row.jalali_year, period_row.number), str(template.id), template.name,
            template.template_version, form.number if form is not None else "", inspector.display_name if inspector else "", rows,
        )


def _check_sheet(session, sheet: FilledSheet, template_id: uuid.UUID) -> tuple[list[ScoreInput], dict[str, object], list[RowProblem]]:  # type: ignore[no-untyped-def]
    problems: list[RowProblem] = []
    template = q.template(session, template_id)
    assert template is not None
    if sheet.meta.get("template_id") != str(template.id):
        raise UserError(
            N_("This Excel form was written for another version of the template (version {sheet}); the form now uses version {current}. Write a new form from the app and copy the scores into it."),
            field="template", sheet=sheet.meta.get("template_version", "?"), current=template.template_version,
        )
    indicators = {str(i.id): i for i in q.indicators(session, template_id)}
    lines: list[ScoreInput] = []
    seen: set[str] = set()
    for row in sheet.rows:
        indicator = indicators.get(row.indicator_id)
        if indicator is None or row.indicator_id in seen:
            problems.append(_problem(row.ref(COL_KEY), _("this row is not an indicator of the form's template; rows must not be copied or changed")))
            continue
        seen.add(row.indicator_id)
        try:
            shown_max = parse_decimal(row.max_value, field="max_score")
        except UserError:
            shown_max = None
        if shown_max != indicator.max_score:
            problems.append(_problem(row.ref(COL_MAX), _("the maximum of this indicator is {maximum}; the range must not be changed").format(
                maximum=f"{indicator.max_score.normalize():f}"), row.max_value))
        values = []
        for column, value in ((COL_SELF, row.self_value), (COL_INSPECTOR, row.inspector_value)):
            try:
                values.append(check_score(value, indicator.max_score, field=column))
            except UserError as exc:
                problems.append(_problem(row.ref(column), exc.translated(), value))
                values.append(None)
        note = clean_user_text(row.note)
        if len(note) > MAX_NOTE:
            problems.append(_problem(row.ref(COL_NOTE), _("the note is longer than {limit} characters").format(limit=MAX_NOTE), note))
        lines.append(ScoreInput(indicator.id, values[0], values[1], note[:MAX_NOTE]))
    for missing in indicators.keys() - seen:
        problems.append(_problem(COL_KEY, _("the row of the indicator “{name}” is missing").format(name=indicators[missing].name)))
    visit: dict[str, object] = {}
    cell, raw = sheet.visit.get("visited_on", ("", None))
    texts = {k: clean_user_text(str(sheet.visit.get(k, ("", ""))[1] or ""))[:MAX_TEXT] for k in ("people_met", "findings", "recommendations")}
    if raw not in (None, ""):
        try:
            day = raw.date() if isinstance(raw, dt.datetime) else raw if isinstance(raw, dt.date) else parse_jalali(str(raw)).to_gregorian()
            if day > JalaliDate.today().to_gregorian():
                raise UserError(N_("The visit date cannot be in the future."))
            visit = {"visited_on": day, **texts}
            if not (texts["findings"] or texts["recommendations"]):
                problems.append(_problem(sheet.visit.get("findings", (cell, None))[0], _("Write the findings or the recommendations of the visit."),
                                         label=VISIT_LABELS["findings"]))
        except UserError as exc:
            problems.append(_problem(cell, exc.translated(), raw, VISIT_LABELS["visited_on"]))
    elif any(texts.values()):
        problems.append(_problem(cell or "C", _("the visit needs its date"), label=VISIT_LABELS["visited_on"]))
    return lines, visit, problems


def _checked(db: Database, actor: Actor, sheet: FilledSheet) -> _CheckedSheet:
    """The unit, period and template the sheet is for, and every cell checked (nothing written)."""
    with read(db) as session:
        unit, period = _unit_and_period(session, sheet.meta.get("unit", ""), sheet.meta.get("period", ""))
        series = own_series(session, actor, period.id, unit.id)
        check_unit_access(session, actor, period.id, unit.id, calibration=series)
        existing = q.current_form(session, period.id, unit.id, calibration=series)
        template_id = existing.template_id if existing is not None else period.template_id
        lines, visit, problems = _check_sheet(session, sheet, template_id)
    return _CheckedSheet(unit.id, period.id, template_id, lines, visit, sorted(problems, key=lambda p: (p.row_number, p.cell)))


def import_form_sheet(db: Database, actor: Actor, sheet: FilledSheet, *,
                      progress: Callable[[int, int], None] | None = None) -> FormDetail:
    """Saves a returned Excel form into the unit's current form (started if needed): every
    cell is checked first; any problem refuses the whole file (ImportRejected lists them
    as "C9: 12 is above the maximum 10"), and nothing is written. Its indicators are read
    by one query and its scores written in one flush. `progress(done, total)` is told
    before the scores are written and after; an exception it raises (a Cancel) rolls the
    one transaction back: nothing is written."""
    require(actor, Permission.EDIT_EVALUATIONS)
    checked = _checked(db, actor, sheet)
    if checked.problems:
        raise ImportRejected(checked.problems, message=NOTHING_SAVED, count=len(checked.problems))
    total = len(checked.lines)
    with write(db, actor) as session:
        if progress is not None:
            progress(0, total)
        form = start_form(session, actor, checked.period_id, checked.unit_id)
        if form.template_id != checked.template_id:
            raise UserError(N_("The form changed while the file was read; import it again."))
        form = _editable_form(session, actor, form.id, None)
        _apply_lines(session, form, checked.lines)
        if progress is not None:
            session.flush()
            progress(total, total)
        visit = checked.visit
        if visit:
            known = {(v.visited_on, v.findings, v.recommendations) for v in q.visits(session, form.id)}
            if (visit["visited_on"], visit["findings"], visit["recommendations"]) not in known:  # importing twice adds nothing
                session.add(FieldVisit(form_id=form.id, **visit))
        _refresh_totals(session, form)
        session.flush()
        return _detail(session, form)


def preview_form_file(db: Database, actor: Actor, path: Path, *, step: Step | None = None,
                      checked: bool = True) -> ImportPreview[FilledSheet]:
    """A returned Excel form read and every cell checked (only read: `checked=False`, for
    the command line, whose import checks it once), nothing written: the problems name
    each bad cell (the whole-file refusals, a foreign file or another template version,
    are one UserError as before)."""
    require(actor, Permission.EDIT_EVALUATIONS)
    sheet = read_import_file(path, read_form_sheet, step)
    if not checked:
        return ImportPreview(Path(path).name, sheet, (), len(sheet.rows))
    checking(step, len(sheet.rows))
    found = _checked(db, actor, sheet)
    return ImportPreview(Path(path).name, sheet, (), len(sheet.rows), tuple(found.problems))


def save_form_sheet(db: Database, actor: Actor, *, unit: str | uuid.UUID, period: str | uuid.UUID, out: Path) -> Path:
    """The unit's form written as an Excel workbook for an inspector without the app."""
    return write_form_sheet(form_sheet(db, actor, unit=unit, period=period), out)
