"""Plain results and inputs of the evaluation services, and the helpers they share (who may
see which unit, loading records, the one place scores become totals)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import (
    EvaluationForm,
    EvaluationIndicator,
    EvaluationPeriod,
    EvaluationScore,
    EvaluationTemplate,
)
from pr_desk.domain.errors import NotFound, PermissionDenied
from pr_desk.domain.evaluation import (
    DEFAULT_BANDS,
    FormStatus,
    Grade,
    GradeBands,
    IndicatorWeight,
    MissingScore,
    PeriodKind,
    Progress,
    ScoreResult,
    Trend,
    period_code,
    period_label,
    score,
)
from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_
from pr_desk.services.context import Actor

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

GRADE_BANDS_KEY = "evaluation.grade_bands"


# --- templates -----------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorInput:
    name: str
    weight: Decimal | str | int
    max_score: Decimal | str | int
    guide: str = ""
    evidence_required: bool = False


@dataclass(frozen=True)
class AxisInput:
    name: str
    indicators: Sequence[IndicatorInput]


@dataclass(frozen=True)
class IndicatorInfo:
    id: uuid.UUID
    axis_id: uuid.UUID
    name: str
    guide: str
    weight: Decimal
    max_score: Decimal
    evidence_required: bool
    sort_order: int


@dataclass(frozen=True)
class AxisInfo:
    id: uuid.UUID
    name: str
    sort_order: int
    indicators: tuple[IndicatorInfo, ...]

    @property
    def weight(self) -> Decimal:
        return sum((i.weight for i in self.indicators), Decimal(0))


@dataclass(frozen=True)
class TemplateInfo:
    id: uuid.UUID
    name: str
    description: str
    template_version: int
    status: str  # active | superseded
    supersedes_id: uuid.UUID | None
    family_id: uuid.UUID
    axes: tuple[AxisInfo, ...]
    version: int  # pass back as expected_version

    @property
    def indicators(self) -> tuple[IndicatorInfo, ...]:
        return tuple(i for a in self.axes for i in a.indicators)

    @property
    def total_weight(self) -> Decimal:
        return sum((a.weight for a in self.axes), Decimal(0))


# --- periods -------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodInfo:
    id: uuid.UUID
    kind: PeriodKind
    jalali_year: int
    number: int
    starts_on: dt.date
    ends_on: dt.date
    template_id: uuid.UUID
    template_name: str
    template_version: int
    status: str  # open | closed
    notes: str
    unit_count: int
    version: int

    @property
    def label(self) -> str:
        return period_label(self.kind, self.jalali_year, self.number)

    @property
    def code(self) -> str:
        return period_code(self.kind, self.jalali_year, self.number)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class UnitProgress:
    """One unit of a period in the supervisor's progress view."""

    assignment_id: uuid.UUID
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    inspector_id: uuid.UUID | None
    inspector_name: str
    progress: Progress
    form_id: uuid.UUID | None
    form_number: str
    total: Decimal | None
    version: int  # the assignment's (for reassigning)
    calibration: bool = False  # this row is the inspector's calibration form of the unit
    calibration_inspector_name: str = ""  # (main rows) the second inspector asked to score the unit
    calibration_counted: str | None = None  # (main rows) main | calibration: the decision, None: not yet


@dataclass(frozen=True)
class ProgressSummary:
    not_started: int = 0
    draft: int = 0
    returned: int = 0
    submitted: int = 0
    approved: int = 0

    @property
    def total(self) -> int:
        return self.not_started + self.draft + self.returned + self.submitted + self.approved


@dataclass(frozen=True)
class InspectorProgress:
    """How far one inspector's units of a period have come (inspector_id None: the units
    not yet given to anyone)."""

    inspector_id: uuid.UUID | None
    inspector_name: str
    summary: ProgressSummary


# --- forms ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreInput:
    """One indicator's line as entered: scores as Decimal or as typed text (None/"" = no
    score). A line replaces what was stored for that indicator; lines not given are kept."""

    indicator_id: uuid.UUID
    self_score: Decimal | str | int | None = None
    inspector_score: Decimal | str | int | None = None
    evidence_note: str = ""


@dataclass(frozen=True)
class ScoreLine:
    indicator_id: uuid.UUID
    axis_id: uuid.UUID
    axis_name: str
    name: str
    guide: str
    weight: Decimal
    max_score: Decimal
    evidence_required: bool
    self_score: Decimal | None
    inspector_score: Decimal | None
    evidence_note: str
    attachments: int
    evidence_missing: bool


@dataclass(frozen=True)
class AxisScore:
    axis_id: uuid.UUID
    name: str
    self_score: Decimal | None  # out of 100
    inspector_score: Decimal | None  # out of 100


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    form_id: uuid.UUID
    indicator_id: uuid.UUID | None
    file_name: str
    mime_type: str
    size: int
    sha256: str
    created_at: dt.datetime


@dataclass(frozen=True)
class FieldVisitInfo:
    id: uuid.UUID
    form_id: uuid.UUID
    visited_on: dt.date
    people_met: str
    findings: str
    recommendations: str
    version: int


@dataclass(frozen=True)
class FormInfo:
    """A form in a list (one row of the forms table)."""

    id: uuid.UUID
    number: str
    period_id: uuid.UUID
    period_label: str
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    status: FormStatus
    revision: int
    is_current: bool
    self_total: Decimal | None
    total: Decimal | None
    grade: Grade | None
    updated_at: dt.datetime
    version: int  # pass back as expected_version
    calibration: bool = False  # the second inspector's form (calibration)

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class FormDetail:
    form: FormInfo
    template_id: uuid.UUID
    template_name: str
    template_version: int
    inspector_id: uuid.UUID | None
    inspector_name: str
    revision_of_id: uuid.UUID | None
    revision_reason: str
    return_comments: str
    submitted_at: dt.datetime | None
    submitted_by_name: str
    approved_at: dt.datetime | None
    approved_by_name: str
    returned_at: dt.datetime | None
    lines: tuple[ScoreLine, ...]
    axes: tuple[AxisScore, ...]
    attachments: tuple[AttachmentInfo, ...]
    visits: tuple[FieldVisitInfo, ...]
    gap: Decimal | None  # self total minus the inspector's
    editable: bool
    scored_by: frozenset[uuid.UUID] = frozenset()  # who scored it: they may not approve it (four eyes)

    @property
    def id(self) -> uuid.UUID:
        return self.form.id

    @property
    def version(self) -> int:
        return self.form.version

    @property
    def status(self) -> FormStatus:
        return self.form.status


# --- results -------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitResult:
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    form_id: uuid.UUID | None
    form_number: str
    status: FormStatus | None
    total: Decimal | None
    self_total: Decimal | None
    gap: Decimal | None
    grade: Grade | None
    rank: int | None  # among units of the same kind in the period; ties share a rank
    ranked_among: int
    axes: tuple[AxisScore, ...]
    previous_total: Decimal | None
    trend: Trend
    change: Decimal | None
    inspector_name: str = ""
    provisional: bool = False  # the form shown is not approved: its rank is where it would stand
    # under calibration: "" none, "pending" (the main form counts until decided), "main" or
    # "calibration" (the form the supervisor chose counts)
    calibration: str = ""


@dataclass(frozen=True)
class HistoryPoint:
    period_id: uuid.UUID
    period_label: str
    period_code: str
    starts_on: dt.date
    form_id: uuid.UUID
    status: FormStatus
    total: Decimal | None
    self_total: Decimal | None
    grade: Grade | None


@dataclass(frozen=True)
class Computed:
    """Both totals of a form from the one scoring function."""

    self_result: ScoreResult
    inspector_result: ScoreResult
    axis_names: Mapping[uuid.UUID, str] = field(default_factory=dict)

    @property
    def total(self) -> Decimal | None:
        return self.inspector_result.total

    @property
    def self_total(self) -> Decimal | None:
        return self.self_result.total

    def axes(self) -> tuple[AxisScore, ...]:
        return tuple(
            AxisScore(axis_id, name, self.self_result.axes.get(axis_id), self.inspector_result.axes.get(axis_id))
            for axis_id, name in self.axis_names.items()
        )


# --- shared helpers ------------------------------------------------------------------

def compute(indicators: Sequence[EvaluationIndicator], scores: Sequence[EvaluationScore],
            axis_names: Mapping[uuid.UUID, str] | None = None) -> Computed:
    weights = [IndicatorWeight(i.id, i.axis_id, Decimal(i.weight), Decimal(i.max_score)) for i in indicators]
    by_indicator = {s.indicator_id: s for s in scores}
    self_scores = {i.id: _dec(by_indicator[i.id].self_score) if i.id in by_indicator else None for i in indicators}
    inspector_scores = {i.id: _dec(by_indicator[i.id].inspector_score) if i.id in by_indicator else None for i in indicators}
    return Computed(
        score(weights, self_scores, missing=MissingScore.ZERO),
        score(weights, inspector_scores, missing=MissingScore.ZERO),
        dict(axis_names or {}),
    )


def _dec(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def grade_bands(session: Session) -> GradeBands:
    row = q.setting(session, GRADE_BANDS_KEY)
    return GradeBands.from_text(row.value) if row is not None else DEFAULT_BANDS


def inspector_scope(actor: Actor) -> uuid.UUID | None:
    """An inspector sees only the units assigned to them: their id filters every list."""
    return actor.user_id if actor.role is Role.INSPECTOR else None


def check_unit_access(session: Session, actor: Actor, period_id: uuid.UUID, unit_id: uuid.UUID, *,
                      calibration: bool = False) -> None:
    """An inspector reaches a unit's main form only if the unit is assigned to them, and its
    calibration form only if they are its second inspector (each scores blind)."""
    scope = inspector_scope(actor)
    if scope is None:
        return
    assignment = q.assignment(session, period_id, unit_id, calibration=calibration)
    if assignment is None or assignment.inspector_id != scope:
        raise PermissionDenied(N_("This unit is not assigned to you in this period."))


def check_form_access(session: Session, actor: Actor, form: EvaluationForm) -> None:
    check_unit_access(session, actor, form.period_id, form.unit_id, calibration=form.calibration)


def own_series(session: Session, actor: Actor, period_id: uuid.UUID, unit_id: uuid.UUID) -> bool:
    """Whether the actor's form of the unit is the calibration one: an inspector who is the
    unit's second inspector (and not its main one). Everyone else works on the main form."""
    scope = inspector_scope(actor)
    if scope is None:
        return False
    main = q.assignment(session, period_id, unit_id)
    if main is not None and main.inspector_id == scope:
        return False
    second = q.assignment(session, period_id, unit_id, calibration=True)
    return second is not None and second.inspector_id == scope


def load_template(session: Session, template_id: uuid.UUID) -> EvaluationTemplate:
    row = q.template(session, template_id)
    if row is None:
        raise NotFound(N_("The evaluation template was not found; it may have been removed."))
    return row


def load_period(session: Session, period_id: uuid.UUID) -> EvaluationPeriod:
    row = q.period(session, period_id)
    if row is None:
        raise NotFound(N_("The evaluation period was not found; it may have been removed."))
    return row


def load_form(session: Session, form_id: uuid.UUID) -> EvaluationForm:
    row = q.form(session, form_id)
    if row is None:
        raise NotFound(N_("The evaluation form was not found; it may have been removed."))
    return row


def template_info(session: Session, row: EvaluationTemplate) -> TemplateInfo:
    indicators = q.indicators(session, row.id)
    by_axis: dict[uuid.UUID, list[IndicatorInfo]] = {}
    for i in indicators:
        by_axis.setdefault(i.axis_id, []).append(IndicatorInfo(
            i.id, i.axis_id, i.name, i.guide, Decimal(i.weight), Decimal(i.max_score), i.evidence_required, i.sort_order))
    axes = tuple(AxisInfo(a.id, a.name, a.sort_order, tuple(by_axis.get(a.id, []))) for a in q.axes(session, row.id))
    return TemplateInfo(row.id, row.name, row.description, row.template_version, row.status, row.supersedes_id,
                        row.family_id, axes, row.version)


def period_info(session: Session, row: EvaluationPeriod) -> PeriodInfo:
    tpl = q.template(session, row.template_id)
    return PeriodInfo(
        row.id, PeriodKind(row.kind), row.jalali_year, row.number, row.starts_on, row.ends_on, row.template_id,
        tpl.name if tpl else "", tpl.template_version if tpl else 0, row.status, row.notes,
        q.progress_count(session, row.id), row.version,
    )
