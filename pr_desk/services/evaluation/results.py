"""Results of the evaluation: each unit's weighted total, grade, rank among units of its
kind, self-versus-inspector gap and trend; a unit's history; comparison across periods.

A unit's result in a period is its newest approved revision (with include_unapproved, its
current revision whatever its status). Every number comes from the one scoring function.

Calibration (a second inspector scored the unit too): the main form stands for the unit
until the supervisor decides which form counts; from then on the chosen form's series does,
by the same rule. The second inspector's form never enters a result otherwise.

One rule for ranks, on screen, on paper and on the command line: a rank is the place among
the approved results of units of the same kind. A result not yet approved, when shown, gets
the place it would take among them, marked provisional, and moves no approved rank."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pr_desk.data.engine import Database
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import EvaluationForm
from pr_desk.data.queries import units as unit_queries
from pr_desk.domain.errors import NotFound
from pr_desk.domain.evaluation import (
    FormStatus,
    Trend,
    gap,
    period_code,
    period_label,
    provisional_rank,
    rank,
    trend,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, require
from pr_desk.services.evaluation.types import (
    AxisScore,
    Computed,
    HistoryPoint,
    PeriodInfo,
    UnitResult,
    check_unit_access,
    compute,
    grade_bands,
    inspector_scope,
    load_period,
    period_info,
)

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

APPROVED = (FormStatus.APPROVED.value,)


@dataclass(frozen=True)
class ComparisonRow:
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    totals: tuple[Decimal | None, ...]  # one per period, oldest first
    trend: Trend  # the last two results
    change: Decimal | None


@dataclass(frozen=True)
class PeriodComparison:
    periods: tuple[PeriodInfo, ...]  # oldest first
    rows: tuple[ComparisonRow, ...]


def _pick(forms: Sequence[EvaluationForm], include_unapproved: bool, calibration_counts: bool = False) -> EvaluationForm | None:
    """The form that stands for a unit in a period (see module doc): of the main series, or
    the calibration series when the supervisor decided that one counts."""
    forms = [f for f in forms if f.calibration == calibration_counts]
    if include_unapproved:
        current = [f for f in forms if f.is_current]
        return current[0] if current else None
    approved = [f for f in forms if f.status == FormStatus.APPROVED.value]
    return max(approved, key=lambda f: f.revision) if approved else None


def _by_unit(rows: Sequence[Any]) -> dict[uuid.UUID, list[EvaluationForm]]:
    out: dict[uuid.UUID, list[EvaluationForm]] = {}
    for form, _unit in rows:
        out.setdefault(form.unit_id, []).append(form)
    return out


class _Scorer:
    """Scores forms of possibly different template versions, caching each template."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._templates: dict[uuid.UUID, tuple[Any, dict[uuid.UUID, str]]] = {}

    def __call__(self, form: EvaluationForm, scores: Sequence[Any] | None = None) -> Computed:
        if form.template_id not in self._templates:
            axes = {a.id: a.name for a in q.axes(self.session, form.template_id)}
            self._templates[form.template_id] = (q.indicators(self.session, form.template_id), axes)
        indicators, axes = self._templates[form.template_id]
        return compute(indicators, scores if scores is not None else q.scores(self.session, form.id), axes)


def _calibration_of(session: Session, period_ids: Sequence[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    """(period, unit) -> "pending", "main" or "calibration" for each unit under calibration."""
    return {(c.period_id, c.unit_id): c.counted or "pending" for c in q.calibrations(session, period_ids)}


def _counted(calibration: Mapping[tuple[uuid.UUID, uuid.UUID], str], period_id: uuid.UUID) -> set[uuid.UUID]:
    """The units of the period whose calibration form counts."""
    return {unit for (period, unit), state in calibration.items() if period == period_id and state == "calibration"}


def _totals_of_period(session: Session, scorer: _Scorer, period_id: uuid.UUID, include_unapproved: bool) -> dict[uuid.UUID, Decimal | None]:
    counted = _counted(_calibration_of(session, [period_id]), period_id)
    picked = {uid: _pick(forms, include_unapproved, uid in counted)
              for uid, forms in _by_unit(q.period_forms(session, period_id)).items()}
    chosen = [f for f in picked.values() if f is not None]
    scores = q.scores_of_forms(session, [f.id for f in chosen])
    by_form: dict[uuid.UUID, list[Any]] = {}
    for s in scores:
        by_form.setdefault(s.form_id, []).append(s)
    return {f.unit_id: scorer(f, by_form.get(f.id, [])).total for f in chosen}


def period_results(db: Database, actor: Actor, *, period_id: uuid.UUID, include_unapproved: bool = False,
                   kind: UnitKind | None = None) -> list[UnitResult]:
    """Every unit of the period (an inspector: their units) with total, grade, rank among
    units of the same kind (ties share a rank; see the module doc for results not yet
    approved), gap and trend against the previous period of the same kind. Units with no
    result are listed without a rank."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        period = load_period(session, period_id)
        bands = grade_bands(session)
        scorer = _Scorer(session)
        scope = inspector_scope(actor)
        progress = q.progress_rows(session, period.id, inspector_id=scope)
        forms = _by_unit(q.period_forms(session, period.id))
        calibration = _calibration_of(session, [period.id])
        counted = _counted(calibration, period.id)
        previous = q.earlier_periods(session, period.starts_on, kind=period.kind, limit=1)
        before = _totals_of_period(session, scorer, previous[0].id, include_unapproved) if previous else {}
        computed = _compute_units(scorer, progress, forms, kind, include_unapproved, counted)
        # ranked among every unit of the period, whoever looks (an inspector sees only theirs)
        everyone = computed if scope is None else _compute_units(
            scorer, q.progress_rows(session, period.id, inspector_id=None), forms, kind, include_unapproved, counted)
        approved = _approved_totals(scorer, everyone, forms, counted)
        ranks, among = _ranks(everyone, approved)
        out = []
        for uid, (unit, form, c, inspector) in computed.items():
            total = c.total if c else None
            provisional = form is not None and form.status != FormStatus.APPROVED.value and total is not None
            row_rank, among_here = ranks.get(uid), among.get(unit.kind, 0)
            if provisional:
                row_rank, among_here = provisional_rank(
                    {k: v for k, v in approved.items() if everyone[k][0].kind == unit.kind}, uid, total)
            direction, change = trend(total, before.get(uid))
            out.append(UnitResult(
                unit.id, unit.code, unit.name, UnitKind(unit.kind), form.id if form else None, form.number if form else "",
                FormStatus(form.status) if form else None, total, c.self_total if c else None,
                gap(c.self_total, total) if c else None, bands.grade(total), row_rank, among_here,
                c.axes() if c else (), before.get(uid), direction, change,
                inspector.display_name if inspector is not None else "", provisional,
                calibration.get((period.id, uid), ""),
            ))
        return out


_Computed = dict[uuid.UUID, tuple[Any, EvaluationForm | None, Computed | None, Any]]  # unit id -> (unit, form, scores, inspector)


def _compute_units(scorer: _Scorer, progress: Sequence[Any], forms: dict[uuid.UUID, list[EvaluationForm]],
                   kind: UnitKind | None, include_unapproved: bool, counted: set[uuid.UUID]) -> _Computed:
    """Each unit of the period (of `kind`) with the form that stands for it, scored."""
    computed: _Computed = {}
    for _assignment, unit, inspector, _current in progress:
        if kind is not None and unit.kind != kind.value:
            continue
        form = _pick(forms.get(unit.id, []), include_unapproved, unit.id in counted)
        computed[unit.id] = (unit, form, scorer(form) if form is not None else None, inspector)
    return computed


def _approved_totals(scorer: _Scorer, computed: _Computed, forms: dict[uuid.UUID, list[EvaluationForm]],
                     counted: set[uuid.UUID]) -> dict[uuid.UUID, Decimal | None]:
    """Each unit's approved total (the form that ranks), whatever form is shown for it."""
    totals: dict[uuid.UUID, Decimal | None] = {}
    for uid, (_unit, shown, c, _i) in computed.items():
        form = _pick(forms.get(uid, []), False, uid in counted)
        if form is None:
            totals[uid] = None
        elif shown is not None and form.id == shown.id and c is not None:
            totals[uid] = c.total
        else:
            totals[uid] = scorer(form).total
    return totals


def _ranks(computed: _Computed, approved: dict[uuid.UUID, Decimal | None]) -> tuple[dict[uuid.UUID, int], dict[str, int]]:
    """Each unit's rank among the approved results of its kind, and how many of each kind
    have one."""
    ranks: dict[uuid.UUID, int] = {}
    among: dict[str, int] = {}
    for unit_kind in {u.kind for u, _f, _c, _i in computed.values()}:
        totals = {uid: approved.get(uid) for uid, (u, _f, _c, _i) in computed.items() if u.kind == unit_kind}
        ranks.update(rank(totals))
        among[unit_kind] = sum(1 for v in totals.values() if v is not None)
    return ranks, among


def unit_result(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID, include_unapproved: bool = False) -> UnitResult:
    with read(db) as session:
        check_unit_access(session, actor, period_id, unit_id)
    for r in period_results(db, actor, period_id=period_id, include_unapproved=include_unapproved):
        if r.unit_id == unit_id:
            return r
    raise NotFound(N_("This unit does not take part in the period."))


def unit_history(db: Database, actor: Actor, *, unit_id: uuid.UUID, include_unapproved: bool = False) -> list[HistoryPoint]:
    """The unit's result in every period it was evaluated, oldest first (for the trend chart)."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        if unit_queries.by_id(session, unit_id) is None:
            raise NotFound(N_("The unit was not found; it may have been removed."))
        bands = grade_bands(session)
        scorer = _Scorer(session)
        per_period: dict[uuid.UUID, list[EvaluationForm]] = {}
        periods: dict[uuid.UUID, Any] = {}
        for form, period in q.unit_forms(session, unit_id):
            per_period.setdefault(period.id, []).append(form)
            periods[period.id] = period
        scope = inspector_scope(actor)
        counted = {c.period_id for c in q.calibrations_of_unit(session, unit_id) if c.counted == "calibration"}
        out = []
        for period_id, forms in per_period.items():
            if scope is not None:
                a = q.assignment(session, period_id, unit_id)
                if a is None or a.inspector_id != scope:
                    continue
            form = _pick(forms, include_unapproved, period_id in counted)
            if form is None:
                continue
            c = scorer(form)
            p = periods[period_id]
            out.append(HistoryPoint(p.id, period_label(p.kind, p.jalali_year, p.number), period_code(p.kind, p.jalali_year, p.number),
                                    p.starts_on, form.id, FormStatus(form.status), c.total, c.self_total, bands.grade(c.total)))
        return sorted(out, key=lambda h: h.starts_on)


def compare_periods(db: Database, actor: Actor, *, period_ids: Sequence[uuid.UUID] | None = None,
                    unit_id: uuid.UUID | None = None, include_unapproved: bool = False) -> PeriodComparison:
    """Totals of each unit (or one unit) across periods (default: every period), oldest first."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        if period_ids:
            rows = [load_period(session, pid) for pid in dict.fromkeys(period_ids)]
        else:
            rows = list(q.periods_page(session, inspector_id=inspector_scope(actor)))
        rows.sort(key=lambda p: (p.starts_on, p.ends_on))
        scorer = _Scorer(session)
        scope = inspector_scope(actor)
        units: dict[uuid.UUID, Any] = {}
        per_unit: dict[uuid.UUID, list[Decimal | None]] = {}
        for index, period in enumerate(rows):
            allowed = None
            if scope is not None:
                allowed = {a.unit_id for a, _u, _i, _f in q.progress_rows(session, period.id, inspector_id=scope)}
            for _form, unit in q.period_forms(session, period.id):
                if (unit_id is not None and unit.id != unit_id) or (allowed is not None and unit.id not in allowed):
                    continue
                units[unit.id] = unit
            totals = _totals_of_period(session, scorer, period.id, include_unapproved)
            for uid in units:
                per_unit.setdefault(uid, [None] * len(rows))[index] = totals.get(uid)
        out = []
        for uid, unit in units.items():
            values = per_unit.get(uid, [None] * len(rows))
            known = [v for v in values if v is not None]
            direction, change = trend(known[-1], known[-2]) if len(known) >= 2 else (Trend.NEW, None)
            out.append(ComparisonRow(unit.id, unit.code, unit.name, UnitKind(unit.kind), tuple(values), direction, change))
        order = {"district": 0, "office": 1, "organisation": 2, "company": 3}
        out.sort(key=lambda r: (order.get(r.unit_kind.value, 4), r.unit_code))
        return PeriodComparison(tuple(period_info(session, p) for p in rows), tuple(out))


__all__ = ["AxisScore", "ComparisonRow", "PeriodComparison", "compare_periods", "period_results", "unit_history", "unit_result"]
