"""Queries of the unit evaluation: templates and their versions, periods, assignments,
forms (current revision and history), scores, attachments, visits and results."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from pr_desk.data.evaluation import sort_keys
from pr_desk.data.evaluation.models import (
    EvaluationAssignment,
    EvaluationAttachment,
    EvaluationAxis,
    EvaluationForm,
    EvaluationIndicator,
    EvaluationPeriod,
    EvaluationScore,
    EvaluationTemplate,
    FieldVisit,
)
from pr_desk.data.models import Setting, Unit, User
from pr_desk.data.queries.sorting import alphabetical, sorted_by

_LIVE = EvaluationForm.deleted_at.is_(None)


# --- templates -----------------------------------------------------------------------

def template(session: Session, template_id: uuid.UUID) -> EvaluationTemplate | None:
    row = session.get(EvaluationTemplate, template_id)
    return row if row is not None and row.deleted_at is None else None


def templates(session: Session, *, include_superseded: bool = False) -> Sequence[EvaluationTemplate]:
    stmt = select(EvaluationTemplate).where(EvaluationTemplate.deleted_at.is_(None))
    if not include_superseded:
        stmt = stmt.where(EvaluationTemplate.status == "active")
    return session.scalars(stmt.order_by(alphabetical(EvaluationTemplate.name), EvaluationTemplate.template_version)).all()


def template_by_name(session: Session, name: str) -> EvaluationTemplate | None:
    return session.scalar(
        select(EvaluationTemplate).where(EvaluationTemplate.name == name, EvaluationTemplate.deleted_at.is_(None))
        .order_by(EvaluationTemplate.template_version.desc()).limit(1)
    )


def newest_active_template(session: Session) -> EvaluationTemplate | None:
    return session.scalar(
        select(EvaluationTemplate).where(EvaluationTemplate.status == "active", EvaluationTemplate.deleted_at.is_(None))
        .order_by(EvaluationTemplate.created_at.desc()).limit(1)
    )


def axes(session: Session, template_id: uuid.UUID) -> Sequence[EvaluationAxis]:
    return session.scalars(
        select(EvaluationAxis).where(EvaluationAxis.template_id == template_id, EvaluationAxis.deleted_at.is_(None))
        .order_by(EvaluationAxis.sort_order, EvaluationAxis.id)
    ).all()


def indicators(session: Session, template_id: uuid.UUID) -> Sequence[EvaluationIndicator]:
    """In print order: by axis order, then the indicator's own order."""
    return session.scalars(
        select(EvaluationIndicator)
        .join(EvaluationAxis, EvaluationAxis.id == EvaluationIndicator.axis_id)
        .where(EvaluationIndicator.template_id == template_id, EvaluationIndicator.deleted_at.is_(None))
        .order_by(EvaluationAxis.sort_order, EvaluationIndicator.sort_order, EvaluationIndicator.id)
    ).all()


def template_in_use(session: Session, template_id: uuid.UUID) -> bool:
    periods = session.scalar(select(func.count()).select_from(EvaluationPeriod).where(
        EvaluationPeriod.template_id == template_id, EvaluationPeriod.deleted_at.is_(None)))
    forms = session.scalar(select(func.count()).select_from(EvaluationForm).where(
        EvaluationForm.template_id == template_id, _LIVE))
    return bool(periods or forms)


# --- periods and assignments ---------------------------------------------------------

def period(session: Session, period_id: uuid.UUID) -> EvaluationPeriod | None:
    row = session.get(EvaluationPeriod, period_id)
    return row if row is not None and row.deleted_at is None else None


def period_by_key(session: Session, kind: str, year: int, number: int) -> EvaluationPeriod | None:
    return session.scalar(select(EvaluationPeriod).where(
        EvaluationPeriod.kind == kind, EvaluationPeriod.jalali_year == year, EvaluationPeriod.number == number,
        EvaluationPeriod.deleted_at.is_(None)))


def _periods_filtered(inspector_id: uuid.UUID | None, year: int | None, kind: str | None) -> Any:
    stmt = select(EvaluationPeriod).where(EvaluationPeriod.deleted_at.is_(None))
    if year is not None:
        stmt = stmt.where(EvaluationPeriod.jalali_year == year)
    if kind:
        stmt = stmt.where(EvaluationPeriod.kind == kind)
    if inspector_id is not None:
        mine = select(EvaluationAssignment.period_id).where(
            EvaluationAssignment.inspector_id == inspector_id, EvaluationAssignment.deleted_at.is_(None))
        stmt = stmt.where(EvaluationPeriod.id.in_(mine))
    return stmt


def periods_page(session: Session, *, offset: int = 0, limit: int | None = None, inspector_id: uuid.UUID | None = None,
                 year: int | None = None, kind: str | None = None, sort_key: str | None = None,
                 descending: bool = False) -> Sequence[EvaluationPeriod]:
    """Newest first, or by `sort_key` (one of sort_keys.period_keys)."""
    stmt = sorted_by(_periods_filtered(inspector_id, year, kind), sort_keys.period_keys(inspector_id), sort_key, descending,
                     default=(EvaluationPeriod.starts_on.desc(), EvaluationPeriod.ends_on.desc(), EvaluationPeriod.id),
                     tie_breaker=EvaluationPeriod.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def periods_count(session: Session, *, inspector_id: uuid.UUID | None = None, year: int | None = None, kind: str | None = None) -> int:
    sub = _periods_filtered(inspector_id, year, kind).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def earlier_periods(session: Session, before: dt.date, *, kind: str | None = None, limit: int = 8) -> Sequence[EvaluationPeriod]:
    stmt = select(EvaluationPeriod).where(EvaluationPeriod.deleted_at.is_(None), EvaluationPeriod.starts_on < before)
    if kind:
        stmt = stmt.where(EvaluationPeriod.kind == kind)
    return session.scalars(stmt.order_by(EvaluationPeriod.starts_on.desc()).limit(limit)).all()


def assignment(session: Session, period_id: uuid.UUID, unit_id: uuid.UUID, *,
               calibration: bool = False) -> EvaluationAssignment | None:
    """The unit's main assignment in the period (calibration: the second inspector's)."""
    return session.scalar(select(EvaluationAssignment).where(
        EvaluationAssignment.period_id == period_id, EvaluationAssignment.unit_id == unit_id,
        EvaluationAssignment.calibration.is_(calibration), EvaluationAssignment.deleted_at.is_(None)))


def assignment_any(session: Session, period_id: uuid.UUID, unit_id: uuid.UUID, *,
                   calibration: bool = False) -> EvaluationAssignment | None:
    """Including a removed one (the unique index counts tombstones too)."""
    return session.scalar(select(EvaluationAssignment).where(
        EvaluationAssignment.period_id == period_id, EvaluationAssignment.unit_id == unit_id,
        EvaluationAssignment.calibration.is_(calibration)))


def calibrations(session: Session, period_ids: Sequence[uuid.UUID]) -> Sequence[EvaluationAssignment]:
    """The calibration assignments (second inspectors, with the decision) of the periods."""
    if not period_ids:
        return []
    return session.scalars(select(EvaluationAssignment).where(
        EvaluationAssignment.period_id.in_(list(period_ids)), EvaluationAssignment.calibration.is_(True),
        EvaluationAssignment.deleted_at.is_(None))).all()


def calibrations_of_unit(session: Session, unit_id: uuid.UUID) -> Sequence[EvaluationAssignment]:
    return session.scalars(select(EvaluationAssignment).where(
        EvaluationAssignment.unit_id == unit_id, EvaluationAssignment.calibration.is_(True),
        EvaluationAssignment.deleted_at.is_(None))).all()


def _same_series() -> Any:
    """A form of the assignment's unit and period, of the same series (main or calibration)."""
    return and_(EvaluationForm.period_id == EvaluationAssignment.period_id,
                EvaluationForm.unit_id == EvaluationAssignment.unit_id,
                EvaluationForm.calibration == EvaluationAssignment.calibration)


_KIND_ORDER = sort_keys.UNIT_KIND_ORDER


def progress_rows(session: Session, period_id: uuid.UUID, *, inspector_id: uuid.UUID | None = None,
                  offset: int = 0, limit: int | None = None, sort_key: str | None = None,
                  descending: bool = False, with_calibration: bool = False) -> Sequence[Any]:
    """(assignment, unit, inspector user or None, current form or None) of a period, in unit
    order or by `sort_key` (one of sort_keys.PROGRESS_KEYS). The main assignments only;
    with_calibration also the calibration ones, each with the form of its own series."""
    stmt = (
        select(EvaluationAssignment, Unit, User, EvaluationForm)
        .join(Unit, Unit.id == EvaluationAssignment.unit_id)
        .outerjoin(User, User.id == EvaluationAssignment.inspector_id)
        .outerjoin(EvaluationForm, and_(_same_series(), EvaluationForm.is_current.is_(True), _LIVE))
        .where(EvaluationAssignment.period_id == period_id, EvaluationAssignment.deleted_at.is_(None))
    )
    if not with_calibration:
        stmt = stmt.where(EvaluationAssignment.calibration.is_(False))
    if inspector_id is not None:
        stmt = stmt.where(EvaluationAssignment.inspector_id == inspector_id)
    stmt = sorted_by(stmt, sort_keys.PROGRESS_KEYS, sort_key, descending,
                     default=(_KIND_ORDER, Unit.district, alphabetical(Unit.name_search), Unit.code), tie_breaker=Unit.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.execute(stmt).all()


def progress_count(session: Session, period_id: uuid.UUID, *, inspector_id: uuid.UUID | None = None,
                   with_calibration: bool = False) -> int:
    stmt = select(func.count()).select_from(EvaluationAssignment).where(
        EvaluationAssignment.period_id == period_id, EvaluationAssignment.deleted_at.is_(None))
    if not with_calibration:
        stmt = stmt.where(EvaluationAssignment.calibration.is_(False))
    if inspector_id is not None:
        stmt = stmt.where(EvaluationAssignment.inspector_id == inspector_id)
    return session.scalar(stmt) or 0


def status_counts(session: Session, period_id: uuid.UUID, *, inspector_id: uuid.UUID | None = None,
                  with_calibration: bool = False) -> dict[str | None, int]:
    """Current form status -> units; None counts units with no form yet."""
    stmt = (
        select(EvaluationForm.status, func.count())
        .select_from(EvaluationAssignment)
        .outerjoin(EvaluationForm, and_(_same_series(), EvaluationForm.is_current.is_(True), _LIVE))
        .where(EvaluationAssignment.period_id == period_id, EvaluationAssignment.deleted_at.is_(None))
        .group_by(EvaluationForm.status)
    )
    if not with_calibration:
        stmt = stmt.where(EvaluationAssignment.calibration.is_(False))
    if inspector_id is not None:
        stmt = stmt.where(EvaluationAssignment.inspector_id == inspector_id)
    return {status: n for status, n in session.execute(stmt).all()}


# --- forms ---------------------------------------------------------------------------

def form(session: Session, form_id: uuid.UUID) -> EvaluationForm | None:
    row = session.get(EvaluationForm, form_id)
    return row if row is not None and row.deleted_at is None else None


def form_by_number(session: Session, number: str) -> EvaluationForm | None:
    return session.scalar(select(EvaluationForm).where(EvaluationForm.number == number.strip(), _LIVE))


def current_form(session: Session, period_id: uuid.UUID, unit_id: uuid.UUID, *,
                 calibration: bool = False) -> EvaluationForm | None:
    """The current revision of the unit's main form (calibration: the second inspector's)."""
    return session.scalar(select(EvaluationForm).where(
        EvaluationForm.period_id == period_id, EvaluationForm.unit_id == unit_id,
        EvaluationForm.calibration.is_(calibration), EvaluationForm.is_current.is_(True), _LIVE))


def revisions(session: Session, period_id: uuid.UUID, unit_id: uuid.UUID, *,
              calibration: bool = False) -> Sequence[EvaluationForm]:
    return session.scalars(select(EvaluationForm).where(
        EvaluationForm.period_id == period_id, EvaluationForm.unit_id == unit_id,
        EvaluationForm.calibration.is_(calibration), _LIVE,
    ).order_by(EvaluationForm.revision)).all()


def _forms_filtered(period_id: uuid.UUID | None, unit_id: uuid.UUID | None, status: str | None,
                    inspector_id: uuid.UUID | None, search: str, current_only: bool) -> Any:
    stmt = select(EvaluationForm, Unit, EvaluationPeriod).join(Unit, Unit.id == EvaluationForm.unit_id).join(
        EvaluationPeriod, EvaluationPeriod.id == EvaluationForm.period_id).where(_LIVE)
    if current_only:
        stmt = stmt.where(EvaluationForm.is_current.is_(True))
    if period_id is not None:
        stmt = stmt.where(EvaluationForm.period_id == period_id)
    if unit_id is not None:
        stmt = stmt.where(EvaluationForm.unit_id == unit_id)
    if status:
        stmt = stmt.where(EvaluationForm.status == status)
    if search:
        stmt = stmt.where(or_(alphabetical(Unit.name_search).contains(search), func.upper(Unit.code).contains(search.upper()),
                              EvaluationForm.number.contains(search.upper())))
    if inspector_id is not None:
        mine = select(EvaluationAssignment.id).where(
            _same_series(), EvaluationAssignment.inspector_id == inspector_id, EvaluationAssignment.deleted_at.is_(None))
        stmt = stmt.where(mine.exists())
    return stmt


def forms_page(session: Session, *, period_id: uuid.UUID | None = None, unit_id: uuid.UUID | None = None,
               status: str | None = None, inspector_id: uuid.UUID | None = None, search: str = "",
               current_only: bool = True, offset: int = 0, limit: int | None = None) -> Sequence[Any]:
    """(form, unit, period) rows, newest period first, then in unit order."""
    stmt = _forms_filtered(period_id, unit_id, status, inspector_id, search, current_only).order_by(
        EvaluationPeriod.starts_on.desc(), _KIND_ORDER, Unit.district, alphabetical(Unit.name_search), EvaluationForm.revision
    ).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.execute(stmt).all()


def forms_count(session: Session, *, period_id: uuid.UUID | None = None, unit_id: uuid.UUID | None = None,
                status: str | None = None, inspector_id: uuid.UUID | None = None, search: str = "",
                current_only: bool = True) -> int:
    sub = _forms_filtered(period_id, unit_id, status, inspector_id, search, current_only).with_only_columns(EvaluationForm.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def scores(session: Session, form_id: uuid.UUID) -> Sequence[EvaluationScore]:
    return session.scalars(select(EvaluationScore).where(
        EvaluationScore.form_id == form_id, EvaluationScore.deleted_at.is_(None))).all()


def scores_of_forms(session: Session, form_ids: Sequence[uuid.UUID]) -> Sequence[EvaluationScore]:
    if not form_ids:
        return []
    return session.scalars(select(EvaluationScore).where(
        EvaluationScore.form_id.in_(form_ids), EvaluationScore.deleted_at.is_(None))).all()


def attachments(session: Session, form_id: uuid.UUID) -> Sequence[EvaluationAttachment]:
    return session.scalars(select(EvaluationAttachment).where(
        EvaluationAttachment.form_id == form_id, EvaluationAttachment.deleted_at.is_(None)
    ).order_by(EvaluationAttachment.created_at, EvaluationAttachment.id)).all()


def attachment(session: Session, attachment_id: uuid.UUID) -> EvaluationAttachment | None:
    row = session.get(EvaluationAttachment, attachment_id)
    return row if row is not None and row.deleted_at is None else None


def visits(session: Session, form_id: uuid.UUID) -> Sequence[FieldVisit]:
    return session.scalars(select(FieldVisit).where(FieldVisit.form_id == form_id, FieldVisit.deleted_at.is_(None))
                           .order_by(FieldVisit.visited_on, FieldVisit.id)).all()


def visit(session: Session, visit_id: uuid.UUID) -> FieldVisit | None:
    row = session.get(FieldVisit, visit_id)
    return row if row is not None and row.deleted_at is None else None


def last_visits(session: Session, unit_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dt.date]:
    """The day of each unit's latest field visit, over every period (units never visited left out)."""
    if not unit_ids:
        return {}
    stmt = (select(EvaluationForm.unit_id, func.max(FieldVisit.visited_on))
            .join(EvaluationForm, EvaluationForm.id == FieldVisit.form_id)
            .where(FieldVisit.deleted_at.is_(None), EvaluationForm.deleted_at.is_(None), EvaluationForm.unit_id.in_(list(unit_ids)))
            .group_by(EvaluationForm.unit_id))
    return {u: d for u, d in session.execute(stmt).all() if d is not None}


# --- results -------------------------------------------------------------------------

def period_forms(session: Session, period_id: uuid.UUID, *, statuses: Sequence[str] | None = None) -> Sequence[Any]:
    """(form, unit) of every revision of the period, for picking each unit's result."""
    stmt = select(EvaluationForm, Unit).join(Unit, Unit.id == EvaluationForm.unit_id).where(
        EvaluationForm.period_id == period_id, _LIVE)
    if statuses:
        stmt = stmt.where(EvaluationForm.status.in_(statuses))
    return session.execute(stmt.order_by(_KIND_ORDER, Unit.district, alphabetical(Unit.name_search), EvaluationForm.revision)).all()


def unit_forms(session: Session, unit_id: uuid.UUID, *, statuses: Sequence[str] | None = None) -> Sequence[Any]:
    """(form, period) of a unit across periods, oldest period first."""
    stmt = select(EvaluationForm, EvaluationPeriod).join(EvaluationPeriod, EvaluationPeriod.id == EvaluationForm.period_id).where(
        EvaluationForm.unit_id == unit_id, _LIVE)
    if statuses:
        stmt = stmt.where(EvaluationForm.status.in_(statuses))
    return session.execute(stmt.order_by(EvaluationPeriod.starts_on, EvaluationForm.revision)).all()


def forms_in_periods(session: Session, period_ids: Sequence[uuid.UUID], *, statuses: Sequence[str] | None = None) -> Sequence[Any]:
    if not period_ids:
        return []
    stmt = select(EvaluationForm, Unit).join(Unit, Unit.id == EvaluationForm.unit_id).where(
        EvaluationForm.period_id.in_(period_ids), _LIVE)
    if statuses:
        stmt = stmt.where(EvaluationForm.status.in_(statuses))
    return session.execute(stmt.order_by(_KIND_ORDER, Unit.district, alphabetical(Unit.name_search), EvaluationForm.revision)).all()


def user(session: Session, user_id: uuid.UUID | None) -> User | None:
    if user_id is None:
        return None
    row = session.get(User, user_id)
    return row if row is not None and row.deleted_at is None else None


def users_by_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, User]:
    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted))).all()}


def units_for_evaluation(session: Session, kinds: Sequence[str]) -> Sequence[Unit]:
    return session.scalars(select(Unit).where(Unit.deleted_at.is_(None), Unit.retired_on.is_(None), Unit.kind.in_(kinds))
                           .order_by(_KIND_ORDER, Unit.district, alphabetical(Unit.name_search))).all()


def setting(session: Session, key: str) -> Setting | None:
    return session.scalar(select(Setting).where(Setting.key == key, Setting.deleted_at.is_(None)))
