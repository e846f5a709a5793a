"""Evaluation periods (supervisor): open a quarter, half or year of the Jalali calendar with
its template and units, assign units to inspectors, follow progress per unit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pr_desk.data.engine import Database
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import EvaluationAssignment, EvaluationPeriod
from pr_desk.data.queries import units as unit_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.evaluation import (
    PeriodKind,
    Progress,
    check_period,
    parse_period_code,
    period_label,
    period_range,
    progress_of,
)
from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.text import clean_user_text, sort_key
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.evaluation.templates import default_template_in
from pr_desk.services.evaluation.types import (
    InspectorProgress,
    PeriodInfo,
    ProgressSummary,
    UnitProgress,
    inspector_scope,
    load_period,
    load_template,
    period_info,
)

EVALUATED_KINDS = (UnitKind.DISTRICT.value, UnitKind.ORGANISATION.value, UnitKind.COMPANY.value)


def open_period(
    db: Database, actor: Actor, *, kind: PeriodKind | str, year: int, number: int = 1,
    template_id: uuid.UUID | None = None, unit_ids: Sequence[uuid.UUID] | None = None, notes: str = "",
) -> PeriodInfo:
    """Opens a period. Without a template, the newest active one (the default municipal PR
    template is created if there is none); without units, every active district,
    organisation and company."""
    require(actor, Permission.MANAGE_EVALUATION_PERIODS)
    kind, year, number = check_period(kind, year, number)
    starts_on, ends_on = period_range(kind, year, number)
    with write(db, actor) as session:
        if q.period_by_key(session, kind.value, year, number) is not None:
            raise UserError(N_("The period {period} is already open."), field="number", period=period_label(kind, year, number))
        if template_id is not None:
            template = load_template(session, template_id)
            if template.status != "active":
                raise UserError(N_("This is an older version of the template; choose its newest version."), field="template")
        else:
            template = default_template_in(session)
        period = EvaluationPeriod(kind=kind.value, jalali_year=year, number=number, starts_on=starts_on, ends_on=ends_on,
                                  template_id=template.id, status="open", notes=clean_user_text(notes or "")[:2000])
        session.add(period)
        session.flush()
        if unit_ids is None:
            chosen = [u.id for u in q.units_for_evaluation(session, EVALUATED_KINDS)]
        else:
            chosen = list(dict.fromkeys(unit_ids))
        for unit_id in chosen:
            if unit_queries.by_id(session, unit_id) is None:
                raise NotFound(N_("The unit was not found; it may have been removed."))
            session.add(EvaluationAssignment(period_id=period.id, unit_id=unit_id))
        session.flush()
        return period_info(session, period)


def get_period(db: Database, actor: Actor, period_id: uuid.UUID) -> PeriodInfo:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        return period_info(session, load_period(session, period_id))


def find_period(db: Database, actor: Actor, code: str) -> PeriodInfo:
    """A period by its code: "1404-Q2", "1404-H1", "1404-Y"."""
    require(actor, Permission.VIEW_EVALUATIONS)
    kind, year, number = parse_period_code(code)
    with read(db) as session:
        row = q.period_by_key(session, kind.value, year, number)
        if row is None:
            raise NotFound(N_("There is no evaluation period {period}."), field="period", period=period_label(kind, year, number))
        return period_info(session, row)


def list_periods(db: Database, actor: Actor, *, offset: int = 0, limit: int | None = None, year: int | None = None,
                 kind: PeriodKind | None = None, sort_key: str | None = None, descending: bool = False) -> list[PeriodInfo]:
    """Newest first, or by `sort_key`, a column of the periods list (data.evaluation.sort_keys.period_keys;
    another is refused). An inspector sees the periods where a unit is assigned to them."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        rows = q.periods_page(session, offset=offset, limit=limit, inspector_id=inspector_scope(actor), year=year,
                              kind=kind.value if kind else None, sort_key=sort_key, descending=descending)
        return [period_info(session, p) for p in rows]


def count_periods(db: Database, actor: Actor, *, year: int | None = None, kind: PeriodKind | None = None) -> int:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        return q.periods_count(session, inspector_id=inspector_scope(actor), year=year, kind=kind.value if kind else None)


def set_period_status(db: Database, actor: Actor, period_id: uuid.UUID, *, open: bool, expected_version: int | None = None) -> PeriodInfo:
    """Closes a period (its forms can no longer change) or opens it again."""
    require(actor, Permission.MANAGE_EVALUATION_PERIODS)
    with write(db, actor) as session:
        period = load_period(session, period_id)
        check_version(period.version, expected_version)
        period.status = "open" if open else "closed"
        session.flush()
        return period_info(session, period)


def set_period_units(db: Database, actor: Actor, period_id: uuid.UUID, *, unit_ids: Sequence[uuid.UUID],
                     expected_version: int | None = None) -> PeriodInfo:
    """The units taking part; a unit that already has a form cannot be taken out."""
    require(actor, Permission.MANAGE_EVALUATION_PERIODS)
    wanted = list(dict.fromkeys(unit_ids))
    with write(db, actor) as session:
        period = load_period(session, period_id)
        check_version(period.version, expected_version)
        current = {a.unit_id: a for a, _u, _i, _f in q.progress_rows(session, period.id)}
        for unit_id, assignment in current.items():
            if unit_id not in wanted:
                second = q.assignment(session, period.id, unit_id, calibration=True)
                if q.current_form(session, period.id, unit_id) is not None or second is not None:
                    unit = unit_queries.by_id(session, unit_id)
                    raise UserError(N_("{unit} already has a form in this period, so it cannot be taken out."),
                                    field="units", unit=unit.name if unit else "?")
                assignment.deleted_at = utcnow()
        for unit_id in wanted:
            if unit_id in current:
                continue
            if unit_queries.by_id(session, unit_id) is None:
                raise NotFound(N_("The unit was not found; it may have been removed."))
            old = q.assignment_any(session, period.id, unit_id)
            if old is not None:
                old.deleted_at = None
            else:
                session.add(EvaluationAssignment(period_id=period.id, unit_id=unit_id))
        period.updated_at = utcnow()  # the period's version moves on with its unit list
        session.flush()
        return period_info(session, period)


def assign_inspector(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_ids: Sequence[uuid.UUID],
                     inspector_id: uuid.UUID | None) -> list[UnitProgress]:
    """Gives units of a period to an inspector (None takes them back). All or none."""
    require(actor, Permission.MANAGE_EVALUATION_PERIODS)
    with write(db, actor) as session:
        period = load_period(session, period_id)
        if inspector_id is not None:
            user = q.user(session, inspector_id)
            if user is None or not user.active or user.role != Role.INSPECTOR.value:
                raise UserError(N_("Units can be assigned only to an active inspector."), field="inspector")
        for unit_id in unit_ids:
            assignment = q.assignment(session, period.id, unit_id)
            if assignment is None:
                raise UserError(N_("This unit does not take part in the period; add it to the period first."), field="units")
            second = q.assignment(session, period.id, unit_id, calibration=True)
            if inspector_id is not None and second is not None and second.inspector_id == inspector_id:
                raise UserError(N_("This inspector already scores the unit as its second inspector (calibration); "
                                   "choose another inspector."), field="inspector")
            assignment.inspector_id = inspector_id
        session.flush()
        return _progress(session, period.id, None, 0, None)


def _progress(session, period_id: uuid.UUID, inspector_id: uuid.UUID | None, offset: int, limit: int | None,  # type: ignore[no-untyped-def]
              sort_key: str | None = None, descending: bool = False) -> list[UnitProgress]:
    """An inspector's rows: the units assigned to them and those they calibrate (each with its
    own form); everyone else's: each unit once, with its calibration if one was asked."""
    out = []
    rows = q.progress_rows(session, period_id, inspector_id=inspector_id, offset=offset, limit=limit,
                           sort_key=sort_key, descending=descending, with_calibration=inspector_id is not None)
    second: dict[uuid.UUID, tuple[str, str | None]] = {}
    if inspector_id is None:
        calibrations = q.calibrations(session, [period_id])
        names = q.users_by_ids(session, [c.inspector_id for c in calibrations if c.inspector_id is not None])
        second = {c.unit_id: (names[c.inspector_id].display_name if c.inspector_id in names else "", c.counted)
                  for c in calibrations}
    for assignment, unit, inspector, form in rows:
        name, counted = second.get(unit.id, ("", None))
        out.append(UnitProgress(
            assignment.id, unit.id, unit.code, unit.name, UnitKind(unit.kind), assignment.inspector_id,
            inspector.display_name if inspector is not None else "", progress_of(form.status if form is not None else None),
            form.id if form is not None else None, form.number if form is not None else "",
            form.total if form is not None else None, assignment.version, assignment.calibration, name, counted,
        ))
    return out


def period_progress(db: Database, actor: Actor, *, period_id: uuid.UUID, offset: int = 0, limit: int | None = None,
                    sort_key: str | None = None, descending: bool = False) -> list[UnitProgress]:
    """Each unit of the period: inspector, form, progress (an inspector: only their units), in
    unit order or by `sort_key`, a column of the list (data.evaluation.sort_keys.PROGRESS_KEYS)."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        load_period(session, period_id)
        return _progress(session, period_id, inspector_scope(actor), offset, limit, sort_key, descending)


def count_period_units(db: Database, actor: Actor, *, period_id: uuid.UUID) -> int:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        scope = inspector_scope(actor)
        return q.progress_count(session, period_id, inspector_id=scope, with_calibration=scope is not None)


def progress_summary(db: Database, actor: Actor, *, period_id: uuid.UUID) -> ProgressSummary:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        load_period(session, period_id)
        scope = inspector_scope(actor)
        counts = q.status_counts(session, period_id, inspector_id=scope, with_calibration=scope is not None)
    by = {p: 0 for p in Progress}
    for status, n in counts.items():
        by[progress_of(status)] += n
    return ProgressSummary(by[Progress.NOT_STARTED], by[Progress.DRAFT], by[Progress.RETURNED], by[Progress.SUBMITTED], by[Progress.APPROVED])


def _summary(progress: Sequence[Progress]) -> ProgressSummary:
    by = {p: 0 for p in Progress}
    for p in progress:
        by[p] += 1
    return ProgressSummary(by[Progress.NOT_STARTED], by[Progress.DRAFT], by[Progress.RETURNED], by[Progress.SUBMITTED], by[Progress.APPROVED])


def inspector_progress(db: Database, actor: Actor, *, period_id: uuid.UUID) -> list[InspectorProgress]:
    """Each inspector's units of the period as counts of not started, draft, returned,
    submitted and approved forms, by name, the units given to nobody last (an inspector:
    only their own line)."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        load_period(session, period_id)
        rows = _progress(session, period_id, inspector_scope(actor), 0, None)
    groups: dict[uuid.UUID | None, list[UnitProgress]] = {}
    for row in rows:
        groups.setdefault(row.inspector_id, []).append(row)
    out = [InspectorProgress(key, units[0].inspector_name, _summary([u.progress for u in units]))
           for key, units in groups.items() if key is not None]
    out.sort(key=lambda i: sort_key(i.inspector_name))
    if None in groups:
        out.append(InspectorProgress(None, "", _summary([u.progress for u in groups[None]])))
    return out
