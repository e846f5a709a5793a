"""Models of the unit evaluation (ارزیابی عملکرد): versioned templates of axes and weighted
indicators, periods with their units and inspectors, forms (one current revision per unit
and period, earlier revisions kept), scores, evidence files and field visits.

Scores and weights are Numeric(7, 2): Decimal on both backends, never float."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from pr_desk.data.base import Record
from pr_desk.data.types import UTCDateTime

SCORE = Numeric(7, 2)


class EvaluationTemplate(Record):
    """One version of a template. Editing a template in use makes a new row (version + 1,
    supersedes the old); forms keep pointing at the version they were made with."""

    __tablename__ = "evaluation_template"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    template_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # active | superseded
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("evaluation_template.id"))
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)  # the first version's id

    __table_args__ = (Index("ix_evaluation_template_family_id", "family_id", "template_version"),)


class EvaluationAxis(Record):
    __tablename__ = "evaluation_axis"

    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_template.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class EvaluationIndicator(Record):
    __tablename__ = "evaluation_indicator"

    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_template.id"), nullable=False, index=True)
    axis_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_axis.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    guide: Mapped[str] = mapped_column(Text, nullable=False, default="")
    weight: Mapped[decimal.Decimal] = mapped_column(SCORE, nullable=False)
    max_score: Mapped[decimal.Decimal] = mapped_column(SCORE, nullable=False)
    evidence_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("max_score > 0", name="max_score_positive"),
    )


class EvaluationPeriod(Record):
    __tablename__ = "evaluation_period"

    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # quarter | half | year
    jalali_year: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_template.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # open | closed
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_evaluation_period_kind", "kind", "jalali_year", "number", unique=True),
        Index("ix_evaluation_period_starts_on", "starts_on"),
    )


class EvaluationAssignment(Record):
    """A unit taking part in a period, and the inspector who evaluates it. A second row
    marked `calibration` asks a second inspector to score the same unit (calibration): it
    keeps the supervisor's decision on which of the two forms counts."""

    __tablename__ = "evaluation_assignment"

    period_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_period.id"), nullable=False)
    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("unit.id"), nullable=False, index=True)
    inspector_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), index=True)
    calibration: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # the calibration row only: which form counts (main | calibration; None: not decided yet)
    counted: Mapped[str | None] = mapped_column(String(20))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (Index("ix_evaluation_assignment_period_id", "period_id", "unit_id", "calibration", unique=True),)


class EvaluationForm(Record):
    """One revision of a unit's form in a period. `is_current` marks the newest revision;
    earlier ones (approved, then corrected) are kept unchanged. A unit under calibration has
    a second series of revisions, marked `calibration`, scored by the second inspector."""

    __tablename__ = "evaluation_form"

    number: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    period_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_period.id"), nullable=False)
    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("unit.id"), nullable=False, index=True)
    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_template.id"), nullable=False, index=True)
    inspector_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"))
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    revision_of_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("evaluation_form.id"))
    revision_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    calibration: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # the second inspector's form
    self_total: Mapped[decimal.Decimal | None] = mapped_column(SCORE)
    total: Mapped[decimal.Decimal | None] = mapped_column(SCORE)  # the inspector's, the official one
    grade: Mapped[str | None] = mapped_column(String(20))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    returned_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    return_comments: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_evaluation_form_period_id", "period_id", "unit_id", "is_current"),
        Index("ix_evaluation_form_status", "status", "period_id"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )


class EvaluationScore(Record):
    __tablename__ = "evaluation_score"

    form_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_form.id"), nullable=False)
    indicator_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_indicator.id"), nullable=False, index=True)
    self_score: Mapped[decimal.Decimal | None] = mapped_column(SCORE)
    inspector_score: Mapped[decimal.Decimal | None] = mapped_column(SCORE)
    evidence_note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_evaluation_score_form_id", "form_id", "indicator_id", unique=True),
        CheckConstraint("self_score IS NULL OR self_score >= 0", name="self_score_range"),
        CheckConstraint("inspector_score IS NULL OR inspector_score >= 0", name="inspector_score_range"),
    )


class EvaluationAttachment(Record):
    """A photo or document of evidence; the bytes live in the database (size-limited)."""

    __tablename__ = "evaluation_attachment"

    form_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_form.id"), nullable=False, index=True)
    indicator_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("evaluation_indicator.id"))
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    mime_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class FieldVisit(Record):
    """A field visit (بازدید میدانی) of the inspector to the unit, recorded on its form."""

    __tablename__ = "evaluation_field_visit"

    form_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_form.id"), nullable=False, index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    people_met: Mapped[str] = mapped_column(Text, nullable=False, default="")
    findings: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recommendations: Mapped[str] = mapped_column(Text, nullable=False, default="")


class EvaluationMeasure(Record):
    """An indicator bound to an objective measure (domain/measures.py): its form shows the
    figure computed from the directive register or the meeting orders, and a suggested
    score. Office only: the figures come from data that never travels to a field copy."""

    __tablename__ = "evaluation_measure"

    indicator_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_indicator.id"), nullable=False, unique=True)
    measure: Mapped[str] = mapped_column(String(40), nullable=False)


class EvaluationMeasureDecision(Record):
    """What the inspector did with a suggested score on a form: accepted it (the score became
    the suggestion) or kept their own with a reason; the figure as it was then."""

    __tablename__ = "evaluation_measure_decision"

    form_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("evaluation_form.id"), nullable=False)
    # named by hand: the conventional name is longer than PostgreSQL's 63 characters
    indicator_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("evaluation_indicator.id", name="fk_evaluation_measure_decision_indicator"), nullable=False, index=True)
    measure: Mapped[str] = mapped_column(String(40), nullable=False)
    counted: Mapped[int] = mapped_column(Integer, nullable=False)
    out_of: Mapped[int] = mapped_column(Integer, nullable=False)
    figure: Mapped[decimal.Decimal] = mapped_column(SCORE, nullable=False)  # percent
    suggested_score: Mapped[decimal.Decimal] = mapped_column(SCORE, nullable=False)
    decided_score: Mapped[decimal.Decimal] = mapped_column(SCORE, nullable=False)
    accepted: Mapped[bool] = mapped_column(Boolean, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (
        Index("ix_evaluation_measure_decision_form_id", "form_id", "indicator_id", unique=True),
        CheckConstraint("counted >= 0 AND counted <= out_of", name="counted_range"),
    )
