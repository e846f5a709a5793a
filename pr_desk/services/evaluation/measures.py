"""Objective measures of the evaluation (domain/measures.py): an indicator of a template
bound to a figure computed per unit and period from the directive register or the meeting
orders; on a form, the figure and a suggested score, which the inspector accepts (the
score becomes the suggestion, through the forms' own save path) or overrides with a
reason. Only at the office: a field copy has neither the directives nor the orders, and
says so instead of a figure.

Who: whoever edits templates binds measures; whoever may read a form sees its figures;
whoever may fill it decides (inspectors only for the units assigned to them)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pr_desk.data.engine import Database
from pr_desk.data.evaluation import measures as mq
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import (
    EvaluationForm,
    EvaluationIndicator,
    EvaluationMeasure,
    EvaluationMeasureDecision,
)
from pr_desk.data.sync import identity
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import check_score
from pr_desk.domain.measures import (
    OFFICE_ONLY,
    Figure,
    Measure,
    acknowledged_in_time,
    check_reason,
    implemented_with_accepted_evidence,
    order_closed_in_time,
    parse_measure,
)
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require, write
from pr_desk.services.evaluation.forms import form_detail, write_scores
from pr_desk.services.evaluation.types import (
    FormDetail,
    ScoreInput,
    check_form_access,
    check_unit_access,
    load_form,
    load_period,
    load_template,
)

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

NO_SUGGESTION = N_("There is nothing to count for this unit in the period, so there is no suggested score; give the score yourself.")

__all__ = [
    "FormMeasures", "Measure", "MeasureDecided", "MeasureLine", "bind_measure", "decide_measure", "form_measures",
    "measure_choices", "template_measures", "set_template_measures", "unbind_measure", "unit_figure",
]


@dataclass(frozen=True)
class MeasureLine:
    """One bound indicator of a form: the figure now, the suggested score, the score now
    entered, and what the inspector decided (None: not yet)."""

    indicator_id: uuid.UUID
    indicator_name: str
    max_score: Decimal
    measure: Measure
    counted: int
    out_of: int
    figure: Decimal | None  # percent; None: nothing to count
    figure_text: str  # "3 of 4 …", or why there is nothing to count
    suggested_score: Decimal | None
    score: Decimal | None  # the inspector's score now entered
    accepted: bool | None  # True: suggestion used; False: own score kept; None: not decided
    decided_score: Decimal | None
    decided_figure: Decimal | None
    reason: str
    decided_by_name: str
    decided_at: dt.datetime | None

    @property
    def measure_label(self) -> str:
        return self.measure.label

    @property
    def decided(self) -> bool:
        return self.accepted is not None

    @property
    def changed_since_decided(self) -> bool:
        """The score or the figure moved after the decision: worth a second look."""
        return self.decided and (self.score != self.decided_score or self.figure != self.decided_figure)


@dataclass(frozen=True)
class FormMeasures:
    form_id: uuid.UUID
    available: bool  # False on a field copy: `note` says why
    note: str
    lines: tuple[MeasureLine, ...]

    def line(self, indicator_id: uuid.UUID) -> MeasureLine | None:
        return next((x for x in self.lines if x.indicator_id == indicator_id), None)


@dataclass(frozen=True)
class MeasureDecided:
    detail: FormDetail
    measures: FormMeasures


def measure_choices() -> list[tuple[Measure, str]]:
    """Every measure with its label, in the order a list shows them."""
    return [(m, m.label) for m in Measure]


# --- binding ---------------------------------------------------------------------------

def _refuse_on_field_copy(session: Session) -> None:
    if identity.is_field_copy(session):
        raise UserError(OFFICE_ONLY)


def bind_in(session: Session, indicator_id: uuid.UUID, measure: Measure | None) -> None:
    """Binds (or with None unbinds) one indicator, in the caller's transaction."""
    row = mq.binding_row(session, indicator_id)
    if measure is None:
        if row is not None and row.deleted_at is None:
            row.deleted_at = utcnow()
        return
    if row is None:
        session.add(EvaluationMeasure(indicator_id=indicator_id, measure=measure.value))
    elif row.deleted_at is not None or row.measure != measure.value:
        row.measure, row.deleted_at = measure.value, None
        row.updated_at = utcnow()


def checked_measures(measures: Sequence[Measure | str | None]) -> list[Measure | None]:
    return [None if m is None or m == "" else parse_measure(m) for m in measures]


def bound_by_name(session: Session, template_id: uuid.UUID) -> dict[tuple[str, str], Measure]:
    """The template's bindings keyed (axis name, indicator name): what an edit carries over."""
    axes = {a.id: a.name for a in q.axes(session, template_id)}
    indicators = q.indicators(session, template_id)
    bound = mq.bindings(session, [i.id for i in indicators])
    return {(axes.get(i.axis_id, ""), i.name): Measure(bound[i.id].measure) for i in indicators if i.id in bound}


def bind_template(session: Session, template_id: uuid.UUID, measures: Sequence[Measure | None] | None,
                  carried: Mapping[tuple[str, str], Measure]) -> None:
    """After a template's indicators were (re)made: `measures` in indicator order, or when
    None the bindings `carried` from before the edit, matched by axis and indicator name."""
    axes = {a.id: a.name for a in q.axes(session, template_id)}
    indicators = q.indicators(session, template_id)
    if measures is not None and len(measures) != len(indicators):
        raise ValueError(f"{len(measures)} measures for {len(indicators)} indicators")
    for n, indicator in enumerate(indicators):
        measure = measures[n] if measures is not None else carried.get((axes.get(indicator.axis_id, ""), indicator.name))
        if measure is not None:
            bind_in(session, indicator.id, measure)


def unbind_deleted(session: Session, indicator_ids: Sequence[uuid.UUID]) -> None:
    """The indicators were removed (a template edited in place): so are their bindings."""
    for row in mq.bindings(session, indicator_ids).values():
        row.deleted_at = utcnow()


def template_measures(db: Database, actor: Actor, template_id: uuid.UUID) -> dict[uuid.UUID, Measure]:
    """The bound indicators of a template: {indicator id: measure}."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        load_template(session, template_id)
        bound = mq.bindings(session, [i.id for i in q.indicators(session, template_id)])
        return {k: Measure(v.measure) for k, v in bound.items()}


def set_template_measures(db: Database, actor: Actor, template_id: uuid.UUID,
                          measures: Mapping[uuid.UUID, Measure | str | None]) -> dict[uuid.UUID, Measure]:
    """Binds and unbinds indicators of one template, all or none ({indicator id: measure or
    None}). Binding changes no score and no weight, so a template in use keeps its version:
    its forms show the figure from now on."""
    require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    wanted = dict(zip(measures, checked_measures(list(measures.values())), strict=True))
    with write(db, actor) as session:
        _refuse_on_field_copy(session)
        load_template(session, template_id)
        ids = {i.id for i in q.indicators(session, template_id)}
        if any(i not in ids for i in wanted):
            raise UserError(N_("An indicator is not part of this template."), field="indicator")
        for indicator_id, measure in wanted.items():
            bind_in(session, indicator_id, measure)
        session.flush()
        bound = mq.bindings(session, list(ids))
        return {k: Measure(v.measure) for k, v in bound.items()}


def _template_of(db: Database, indicator_id: uuid.UUID) -> uuid.UUID:
    with read(db) as session:
        row = session.get(EvaluationIndicator, indicator_id)
        if row is None or row.deleted_at is not None:
            raise UserError(N_("The indicator was not found; it may have been removed."), field="indicator")
        return row.template_id


def bind_measure(db: Database, actor: Actor, indicator_id: uuid.UUID, measure: Measure | str) -> None:
    require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    set_template_measures(db, actor, _template_of(db, indicator_id), {indicator_id: parse_measure(measure)})


def unbind_measure(db: Database, actor: Actor, indicator_id: uuid.UUID) -> None:
    require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    set_template_measures(db, actor, _template_of(db, indicator_id), {indicator_id: None})


# --- the figures -----------------------------------------------------------------------

def figure_in(session: Session, measure: Measure, unit_id: uuid.UUID, first: dt.date, last: dt.date) -> Figure:
    """The figure of one measure for a unit over the days first..last (office data)."""
    if measure is Measure.ORDERS_CLOSED:
        orders = mq.orders_due(session, unit_id, first, last)
        counted = sum(order_closed_in_time(status=s, done_on=done, due_date=due) for s, done, due in orders)
        return Figure(measure, counted, len(orders))
    rows = mq.directives_communicated(session, unit_id, first, last)
    if measure is Measure.DIRECTIVES_ACKNOWLEDGED:
        counted = sum(acknowledged_in_time(current_version=cv, acknowledged_version=av, acknowledged_on=on, ack_due=due)
                      for cv, av, on, due, _verdict in rows)
    else:
        counted = sum(implemented_with_accepted_evidence(verdict) for *_rest, verdict in rows)
    return Figure(measure, counted, len(rows))


def unit_figure(db: Database, actor: Actor, *, measure: Measure | str, unit_id: uuid.UUID, period_id: uuid.UUID) -> Figure:
    """One measure's figure for a unit in a period (inspectors: their assigned units)."""
    require(actor, Permission.VIEW_EVALUATIONS)
    chosen = parse_measure(measure)
    with read(db) as session:
        _refuse_on_field_copy(session)
        period = load_period(session, period_id)
        check_unit_access(session, actor, period.id, unit_id)
        return figure_in(session, chosen, unit_id, period.starts_on, period.ends_on)


def _form_measures(session: Session, form: EvaluationForm) -> FormMeasures:
    if identity.is_field_copy(session):
        return FormMeasures(form.id, False, _(OFFICE_ONLY), ())
    indicators = q.indicators(session, form.template_id)
    bound = mq.bindings(session, [i.id for i in indicators])
    if not bound:
        return FormMeasures(form.id, True, "", ())
    period = load_period(session, form.period_id)
    scores = {s.indicator_id: s.inspector_score for s in q.scores(session, form.id)}
    decisions = mq.decisions(session, form.id)
    users = q.users_by_ids(session, [d.decided_by for d in decisions.values() if d.decided_by is not None])
    figures: dict[Measure, Figure] = {}
    lines = []
    for indicator in indicators:
        if indicator.id not in bound:
            continue
        measure = Measure(bound[indicator.id].measure)
        if measure not in figures:
            figures[measure] = figure_in(session, measure, form.unit_id, period.starts_on, period.ends_on)
        figure = figures[measure]
        d = decisions.get(indicator.id)
        by = users.get(d.decided_by) if d is not None and d.decided_by is not None else None
        lines.append(MeasureLine(
            indicator.id, indicator.name, Decimal(indicator.max_score), measure, figure.counted, figure.out_of,
            figure.percent, figure.describe(), figure.suggested_score(Decimal(indicator.max_score)), scores.get(indicator.id),
            d.accepted if d is not None else None, d.decided_score if d is not None else None,
            d.figure if d is not None else None, d.reason if d is not None else "", by.display_name if by else "",
            d.decided_at if d is not None else None,
        ))
    return FormMeasures(form.id, True, "", tuple(lines))


def form_measures(db: Database, actor: Actor, form_id: uuid.UUID) -> FormMeasures:
    """Per bound indicator of the form: the figure for its unit and period, the suggested
    score, the score now entered and the decision with its reason. On a field copy: no
    lines, and a note that says the figures are computed at the office."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        form = load_form(session, form_id)
        check_form_access(session, actor, form)
        return _form_measures(session, form)


# --- the inspector's decision ----------------------------------------------------------

def _own_score(score: Decimal | str | int | None, own: Decimal | None, maximum: Decimal) -> Decimal:
    """The score an override keeps: the one given now, or the one already entered."""
    given = check_score(score, maximum, field="score") if score not in (None, "") else None
    kept = given if given is not None else own
    if kept is None:
        raise UserError(N_("Enter your own score for this indicator first, or use the suggested one."), field="score")
    return kept


def decide_measure(db: Database, actor: Actor, form_id: uuid.UUID, indicator_id: uuid.UUID, *, accept: bool,
                   score: Decimal | str | int | None = None, reason: str = "",
                   expected_version: int | None = None) -> MeasureDecided:
    """Accepting sets the indicator's inspector score to the suggested one; overriding keeps
    the inspector's own score (or sets `score`, if given) and needs a written reason. The
    score goes through the forms' save path (its checks, the form's totals, its version);
    the decision is kept with the figure it was made on."""
    require(actor, Permission.EDIT_EVALUATIONS)
    why = "" if accept else check_reason(reason)
    with write(db, actor) as session:
        _refuse_on_field_copy(session)
        form = load_form(session, form_id)
        check_form_access(session, actor, form)
        indicator = next((i for i in q.indicators(session, form.template_id) if i.id == indicator_id), None)
        if indicator is None:
            raise UserError(N_("An indicator is not part of this form's template."), field="indicator")
        binding = mq.bindings(session, [indicator.id]).get(indicator.id)
        if binding is None:
            raise UserError(N_("This indicator is not bound to an objective measure."), field="indicator")
        period = load_period(session, form.period_id)
        figure = figure_in(session, Measure(binding.measure), form.unit_id, period.starts_on, period.ends_on)
        maximum = Decimal(indicator.max_score)
        suggested, percent = figure.suggested_score(maximum), figure.percent
        if suggested is None or percent is None:
            raise UserError(NO_SUGGESTION, field="indicator")
        stored = next((s for s in q.scores(session, form.id) if s.indicator_id == indicator.id), None)
        own = stored.inspector_score if stored is not None else None
        decided = suggested if accept else _own_score(score, own, maximum)
        line = ScoreInput(indicator.id, stored.self_score if stored is not None else None, decided,
                          stored.evidence_note if stored is not None else "")
        form = write_scores(session, actor, form.id, [line], expected_version)
        row = mq.decision_row(session, form.id, indicator.id)
        if row is None:
            row = EvaluationMeasureDecision(form_id=form.id, indicator_id=indicator.id)
            session.add(row)
        row.measure, row.counted, row.out_of, row.figure = figure.measure.value, figure.counted, figure.out_of, percent
        row.suggested_score, row.decided_score, row.accepted, row.reason = suggested, decided, accept, why
        row.decided_by, row.decided_at, row.deleted_at = actor.user_id, utcnow(), None
        session.flush()
        return MeasureDecided(form_detail(session, form), _form_measures(session, form))
