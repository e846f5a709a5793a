"""Calibration (issue 18, item 17): a supervisor asks a second inspector to score a unit of
a period; the two forms are compared indicator by indicator, those that differ by more than
the office's margin flagged; the supervisor decides which form counts (kept, dated, by
whom, with a reason; audited).

The second inspector's assignment and form are the unit's `calibration` ones. Until the
decision the main form counts (services/evaluation/results.py, one rule for the screen,
the PDF, the Excel and the command line); the result is marked "calibration pending"."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import EvaluationAssignment, EvaluationForm
from pr_desk.data.models import Setting
from pr_desk.data.queries import units as unit_queries
from pr_desk.data.queries import users as user_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.calibration import (
    DEFAULT_MARGIN_PERCENT,
    Counted,
    difference,
    flagged,
    parse_counted,
    parse_margin,
)
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.evaluation import FormStatus, parse_period_code, period_label
from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.text import clean_user_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.evaluation.forms import _form_info, scorers
from pr_desk.services.evaluation.types import FormInfo, PeriodInfo, load_period, period_info

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MARGIN_KEY = "evaluation.calibration_margin"  # percent of an indicator's maximum score, as JSON text
MAX_REASON = 2000
# a form is compared and decided on once its inspector has sent it (submitted or approved)
_SENT = (FormStatus.SUBMITTED.value, FormStatus.APPROVED.value)


@dataclass(frozen=True)
class CalibrationLine:
    indicator_id: uuid.UUID
    axis_name: str
    name: str
    max_score: Decimal
    main_score: Decimal | None
    second_score: Decimal | None
    difference: Decimal | None  # the second inspector's score minus the main one's
    flagged: bool  # differs by more than the margin (or only one inspector scored it)


@dataclass(frozen=True)
class Calibration:
    """A calibrated unit of a period: both forms side by side and the decision."""

    period_id: uuid.UUID
    period_label: str
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    main_inspector_name: str
    second_inspector_id: uuid.UUID | None
    second_inspector_name: str
    main_form: FormInfo | None
    second_form: FormInfo | None
    margin_percent: Decimal
    lines: tuple[CalibrationLine, ...]
    counted: Counted | None  # None: not decided (the main form counts meanwhile)
    decided_by_name: str
    decided_at: dt.datetime | None
    decision_reason: str
    version: int  # the calibration assignment's: pass back as expected_version

    @property
    def flagged_count(self) -> int:
        return sum(1 for line in self.lines if line.flagged)

    @property
    def ready(self) -> bool:
        """Both forms were sent by their inspectors: the supervisor can decide."""
        return all(f is not None and f.status.value in _SENT for f in (self.main_form, self.second_form))


# --- the margin (an office setting) ----------------------------------------------------

def margin_in(session: Session) -> Decimal:
    row = q.setting(session, MARGIN_KEY)
    if row is None:
        return DEFAULT_MARGIN_PERCENT
    try:
        return parse_margin(json.loads(row.value))
    except (ValueError, UserError):
        return DEFAULT_MARGIN_PERCENT


def calibration_margin(db: Database, actor: Actor) -> Decimal:
    """The margin in percent of an indicator's maximum score (10 unless the office set one)."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        return margin_in(session)


def set_calibration_margin(db: Database, actor: Actor, *, percent: object) -> Decimal:
    """Sets the margin (0..100, typed in any digits); anything else is refused, nothing written."""
    require(actor, Permission.APPROVE_EVALUATIONS)
    value = parse_margin(percent)
    with write(db, actor) as session:
        row = q.setting(session, MARGIN_KEY)
        text = json.dumps(str(value))
        if row is None:
            session.add(Setting(key=MARGIN_KEY, value=text))
        else:
            row.value = text
    return value


# --- what a command names (the command line) ---------------------------------------------

@dataclass(frozen=True)
class CalibrationScope:
    period: PeriodInfo
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    inspector_id: uuid.UUID | None
    inspector_name: str


def calibration_scope(db: Database, actor: Actor, *, unit_code: str, period_code: str | None = None,
                      inspector: str | None = None) -> CalibrationScope:
    """The unit by its code, the period by its code or, when none is given, the one open
    period, and the inspector by user name; each one unknown is refused in one sentence."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        unit = unit_queries.by_code(session, (unit_code or "").strip())
        if unit is None:
            raise NotFound(N_("There is no unit with the code {code}."), field="unit", code=(unit_code or "")[:20])
        if period_code:
            kind, year, number = parse_period_code(period_code)
            period = q.period_by_key(session, kind.value, year, number)
            if period is None:
                raise NotFound(N_("There is no evaluation period {period}."), field="period",
                               period=period_label(kind, year, number))
        else:
            opened = [p for p in q.periods_page(session) if p.status == "open"]
            if len(opened) != 1:
                raise UserError(N_("No single evaluation period is open; say which with --period, e.g. 1404-H1."), field="period")
            period = opened[0]
        user_id, user_name = None, ""
        if inspector is not None:
            user = user_queries.by_username(session, inspector.strip())
            if user is None:
                raise NotFound(N_("No user named {username}."), field="inspector", username=inspector[:60])
            user_id, user_name = user.id, user.display_name
        return CalibrationScope(period_info(session, period), unit.id, unit.code, unit.name, user_id, user_name)


# --- asking a second inspector -------------------------------------------------------

def _second(session: Session, period_id: uuid.UUID, unit_id: uuid.UUID) -> EvaluationAssignment | None:
    return q.assignment(session, period_id, unit_id, calibration=True)


def request_calibration(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID,
                        inspector_id: uuid.UUID) -> Calibration:
    """Asks a second, active inspector (not the unit's own) to score the unit in an open
    period. A unit has at most one second inspector in a period."""
    require(actor, Permission.MANAGE_EVALUATION_PERIODS)
    with write(db, actor) as session:
        period = load_period(session, period_id)
        if period.status != "open":
            raise UserError(N_("The period is closed; its forms can no longer change."), field="status")
        main = q.assignment(session, period_id, unit_id)
        if main is None:
            raise UserError(N_("This unit does not take part in the period; add it to the period first."), field="unit")
        user = q.user(session, inspector_id)
        if user is None or not user.active or user.role != Role.INSPECTOR.value:
            raise UserError(N_("Only an active inspector can be asked to score a unit."), field="inspector")
        if main.inspector_id == inspector_id:
            raise UserError(N_("This inspector already scores the unit; choose a different inspector for the second "
                               "form."), field="inspector")
        if _second(session, period_id, unit_id) is not None:
            raise UserError(N_("A second inspector already scores this unit in this period; a unit has at most two "
                               "forms in a period."), field="unit")
        old = q.assignment_any(session, period_id, unit_id, calibration=True)
        if old is not None:  # asked before and withdrawn: the unique index counts it
            old.deleted_at, old.inspector_id = None, inspector_id
            old.counted, old.decided_by, old.decided_at, old.decision_reason = None, None, None, ""
            row = old
        else:
            row = EvaluationAssignment(period_id=period_id, unit_id=unit_id, inspector_id=inspector_id, calibration=True,
                                       decision_reason="")
            session.add(row)
        session.flush()
        unit = unit_queries.by_id(session, unit_id)
        audit.append(session, action="calibration_request", table_name=EvaluationAssignment.__tablename__,
                     record_id=row.id, summary=f"{unit.code if unit else unit_id}: {user.display_name}",
                     after={"period_id": str(period_id), "unit_id": str(unit_id), "inspector_id": str(inspector_id)})
        return _calibration(session, period_id, unit_id)


def withdraw_calibration(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID,
                         expected_version: int | None = None) -> None:
    """Takes back the request while the second inspector has not started a form."""
    require(actor, Permission.MANAGE_EVALUATION_PERIODS)
    with write(db, actor) as session:
        row = _second(session, period_id, unit_id)
        if row is None:
            raise UserError(N_("No second inspector was asked to score this unit in this period."), field="unit")
        check_version(row.version, expected_version)
        if q.current_form(session, period_id, unit_id, calibration=True) is not None:
            raise UserError(N_("The second inspector has already started the form, so the request cannot be taken "
                               "back; decide which form counts instead."), field="unit")
        row.deleted_at = utcnow()


# --- the comparison and the decision -----------------------------------------------------

def _calibration(session: Session, period_id: uuid.UUID, unit_id: uuid.UUID) -> Calibration:
    period = load_period(session, period_id)
    unit = unit_queries.by_id(session, unit_id)
    if unit is None:
        raise NotFound(N_("The unit was not found; it may have been removed."))
    main_row = q.assignment(session, period_id, unit_id)
    second_row = _second(session, period_id, unit_id)
    if main_row is None or second_row is None:
        raise UserError(N_("This unit has only one form in this period: ask a second inspector to score it first."),
                        field="unit")
    forms: list[EvaluationForm | None] = [q.current_form(session, period_id, unit_id, calibration=c) for c in (False, True)]
    margin = margin_in(session)
    axes = {a.id: a.name for a in q.axes(session, period.template_id)}
    template_id = next((f.template_id for f in forms if f is not None), period.template_id)
    if template_id != period.template_id:
        axes = {a.id: a.name for a in q.axes(session, template_id)}
    scores = [{s.indicator_id: s.inspector_score for s in q.scores(session, f.id)} if f is not None else {} for f in forms]
    lines = []
    for i in q.indicators(session, template_id):
        main, second = scores[0].get(i.id), scores[1].get(i.id)
        maximum = Decimal(i.max_score)
        lines.append(CalibrationLine(i.id, axes.get(i.axis_id, ""), i.name, maximum, main, second,
                                     difference(main, second), flagged(main, second, maximum, margin)))
    users = q.users_by_ids(session, [u for u in (main_row.inspector_id, second_row.inspector_id, second_row.decided_by) if u])

    def name(uid: uuid.UUID | None) -> str:
        return users[uid].display_name if uid is not None and uid in users else ""

    main_info, second_info = (_form_info(session, f, unit=unit, period=period) if f is not None else None for f in forms)
    return Calibration(
        period.id, period_label(period.kind, period.jalali_year, period.number), unit.id, unit.code, unit.name,
        name(main_row.inspector_id), second_row.inspector_id, name(second_row.inspector_id), main_info, second_info,
        margin, tuple(lines), Counted(second_row.counted) if second_row.counted else None,
        name(second_row.decided_by), second_row.decided_at, second_row.decision_reason, second_row.version,
    )


def get_calibration(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID) -> Calibration:
    """Both forms of a calibrated unit side by side (supervisors and administrators; each
    inspector sees only their own form)."""
    require(actor, Permission.APPROVE_EVALUATIONS)
    with read(db) as session:
        return _calibration(session, period_id, unit_id)


def decide_calibration(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID, counted: object,
                       reason: str = "", expected_version: int | None = None) -> Calibration:
    """The supervisor's decision which form counts, once both inspectors sent their forms;
    kept with its date, who decided and why (optional), and audited. It may be changed
    later the same way; the audit trail keeps each decision. Whoever scored either form
    may not decide (four eyes)."""
    require(actor, Permission.APPROVE_EVALUATIONS)
    choice = parse_counted(counted)
    why = clean_user_text(reason or "")[:MAX_REASON]
    with write(db, actor) as session:
        current = _calibration(session, period_id, unit_id)
        row = _second(session, period_id, unit_id)
        assert row is not None  # (_calibration refused a unit with one form)
        check_version(row.version, expected_version)
        if load_period(session, period_id).status != "open":  # a closed period's results stay as they are
            raise UserError(N_("The period is closed; its forms can no longer change."), field="status")
        if not current.ready:
            raise UserError(N_("Both inspectors must send their forms before you decide which one counts."), field="counted")
        for info in (current.main_form, current.second_form):
            form = q.form(session, info.id) if info is not None else None
            if form is not None and actor.user_id in scorers(session, form):
                raise UserError(N_("You scored one of these forms yourself, so you cannot decide which one counts: a "
                                   "supervisor or administrator who took no part in the scoring must decide."),
                                field="counted")
        before = {"counted": row.counted, "reason": row.decision_reason}
        row.counted, row.decided_by, row.decided_at, row.decision_reason = choice.value, actor.user_id, utcnow(), why
        session.flush()
        audit.append(session, action="calibration_decide", table_name=EvaluationAssignment.__tablename__, record_id=row.id,
                     summary=f"{current.unit_code} {current.period_label}: {choice.value}" + (f" — {why[:200]}" if why else ""),
                     before=before, after={"counted": choice.value, "reason": why})
        return _calibration(session, period_id, unit_id)
