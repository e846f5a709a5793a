"""Queries of the evaluation's objective measures: an indicator's binding, the decisions on a
form, and the rows a figure counts for one unit and period (the directives communicated to
the unit in the period, the meeting orders referred to it and due in the period)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pr_desk.data.directives.models import Directive, DirectiveRecipient
from pr_desk.data.evaluation.models import EvaluationMeasure, EvaluationMeasureDecision
from pr_desk.data.meetings.models import MeetingOrder


def bindings(session: Session, indicator_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, EvaluationMeasure]:
    """The live bindings of these indicators, by indicator id."""
    if not indicator_ids:
        return {}
    rows = session.scalars(select(EvaluationMeasure).where(
        EvaluationMeasure.indicator_id.in_(list(indicator_ids)), EvaluationMeasure.deleted_at.is_(None))).all()
    return {r.indicator_id: r for r in rows}


def binding_row(session: Session, indicator_id: uuid.UUID) -> EvaluationMeasure | None:
    """The indicator's binding row, a tombstoned one included (the indicator id is unique)."""
    return session.scalar(select(EvaluationMeasure).where(EvaluationMeasure.indicator_id == indicator_id))


def decisions(session: Session, form_id: uuid.UUID) -> dict[uuid.UUID, EvaluationMeasureDecision]:
    rows = session.scalars(select(EvaluationMeasureDecision).where(
        EvaluationMeasureDecision.form_id == form_id, EvaluationMeasureDecision.deleted_at.is_(None))).all()
    return {r.indicator_id: r for r in rows}


def decision_row(session: Session, form_id: uuid.UUID, indicator_id: uuid.UUID) -> EvaluationMeasureDecision | None:
    return session.scalar(select(EvaluationMeasureDecision).where(
        EvaluationMeasureDecision.form_id == form_id, EvaluationMeasureDecision.indicator_id == indicator_id))


def directives_communicated(session: Session, unit_id: uuid.UUID, first: dt.date, last: dt.date) -> Sequence[Any]:
    """(current_version, acknowledged_version, acknowledged_on, ack_due, verdict) of every
    directive communicated to the unit from `first` to `last` (both included)."""
    return session.execute(
        select(Directive.current_version, DirectiveRecipient.acknowledged_version, DirectiveRecipient.acknowledged_on,
               DirectiveRecipient.ack_due, DirectiveRecipient.verdict)
        .join(Directive, Directive.id == DirectiveRecipient.directive_id)
        .where(DirectiveRecipient.unit_id == unit_id, DirectiveRecipient.communicated_on >= first,
               DirectiveRecipient.communicated_on <= last, DirectiveRecipient.deleted_at.is_(None),
               Directive.deleted_at.is_(None))
    ).all()


def orders_due(session: Session, unit_id: uuid.UUID, first: dt.date, last: dt.date) -> Sequence[Any]:
    """(status, done_on, due_date) of every order referred to the unit and due from `first`
    to `last` (both included)."""
    return session.execute(
        select(MeetingOrder.status, MeetingOrder.done_on, MeetingOrder.due_date)
        .where(MeetingOrder.unit_id == unit_id, MeetingOrder.due_date >= first, MeetingOrder.due_date <= last,
               MeetingOrder.deleted_at.is_(None))
    ).all()
