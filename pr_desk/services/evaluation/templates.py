"""Evaluation templates (administrator): axes → weighted indicators, versioned so that an
edit of a template in use makes a new version and every form keeps its own; the default
municipal PR template; the office's grade bands."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from pr_desk.data.engine import Database
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import EvaluationAxis, EvaluationIndicator, EvaluationTemplate
from pr_desk.data.ids import new_id
from pr_desk.data.models import Setting
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import GradeBands, check_max_score, check_weight, parse_decimal
from pr_desk.domain.measures import Measure
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import clean_user_text
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.evaluation.measures import (
    bind_template,
    bound_by_name,
    checked_measures,
    unbind_deleted,
)
from pr_desk.services.evaluation.types import (
    GRADE_BANDS_KEY,
    AxisInput,
    IndicatorInput,
    TemplateInfo,
    grade_bands,
    load_template,
    template_info,
)

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MAX_AXES = 20
MAX_INDICATORS = 120

DEFAULT_TEMPLATE_NAME = "الگوی ارزیابی عملکرد روابط عمومی‌های تابعه"
DEFAULT_TEMPLATE: tuple[tuple[str, tuple[tuple[str, int, int, bool, str], ...]], ...] = (
    ("پوشش خبری و رسانه‌ای", (
        ("تولید و انتشار خبر از فعالیت‌های واحد", 6, 10, True,
         "۱۰: دست‌کم ۳۰ خبر مستند با عکس در دوره؛ ۵: ۱۰ تا ۲۰ خبر؛ ۰: بدون خبر"),
        ("پاسخ‌گویی به رسانه‌ها و تبیین اخبار نادرست", 5, 10, False,
         "پاسخ در کمتر از ۲۴ ساعت به پرسش رسانه‌ها و انتشار توضیح یا تکذیب"),
        ("پایش رسانه‌ها و تهیه بولتن خبری", 4, 10, True, "بولتن روزانه یا هفتگی منظم با تحلیل"),
    )),
    ("ارتباط با شهروندان و ملاقات مردمی", (
        ("برگزاری منظم ملاقات مردمی مدیران", 7, 10, True, "برگزاری هفتگی طبق برنامه و ثبت همه درخواست‌ها در سامانه"),
        ("پیگیری دستورات و پاسخ به شهروندان در مهلت", 7, 10, False, "سهم دستورات مختومه در مهلت مقرر"),
        ("سنجش رضایت شهروندان", 6, 10, True, "نظرسنجی دوره‌ای و گزارش نتایج"),
    )),
    ("اجرای دستورالعمل‌ها و بخشنامه‌ها", (
        ("وصول و ابلاغ به‌موقع دستورالعمل‌ها", 5, 10, False, "رسید همه دستورالعمل‌ها در مهلت"),
        ("اجرای کامل و ارسال گزارش اجرا", 10, 10, True, "گزارش اجرای مستند برای هر دستورالعمل لازم‌الاجرا"),
    )),
    ("برگزاری رویدادها و مناسبت‌ها", (
        ("برنامه‌ریزی و اجرای مناسبت‌های ملی و مذهبی", 8, 10, True, "برنامه سالانه مصوب و گزارش تصویری اجرا"),
        ("اطلاع‌رسانی افتتاحیه‌ها و پروژه‌های شهری", 7, 10, False, "اطلاع‌رسانی پیش و پس از هر افتتاحیه"),
    )),
    ("پرتال و فضای مجازی", (
        ("به‌روزرسانی پرتال واحد", 7, 10, True, "به‌روزرسانی دست‌کم هفته‌ای سه بار"),
        ("فعالیت در شبکه‌های اجتماعی و پاسخ به پیام‌ها", 8, 10, False, "انتشار منظم و پاسخ به پیام شهروندان"),
        ("تولید محتوای چندرسانه‌ای", 5, 10, False, "اینفوگرافیک، ویدئو و پادکست"),
    )),
    ("آموزش و توانمندسازی کارکنان", (
        ("شرکت کارکنان در دوره‌های آموزشی روابط عمومی", 8, 10, True, "دست‌کم ۱۶ ساعت آموزش برای هر نفر در سال"),
        ("برگزاری نشست‌های هم‌اندیشی و انتقال تجربه", 7, 10, False, "نشست فصلی با روابط عمومی‌های دیگر"),
    )),
)


def default_template_axes() -> list[AxisInput]:
    return [
        AxisInput(axis, [IndicatorInput(name, Decimal(w), Decimal(m), guide, ev) for name, w, m, ev, guide in items])
        for axis, items in DEFAULT_TEMPLATE
    ]


def _check_axes(axes: Sequence[AxisInput]) -> list[tuple[str, list[tuple[str, Decimal, Decimal, str, bool]]]]:
    if not axes:
        raise UserError(N_("A template needs at least one axis."), field="axes")
    if len(axes) > MAX_AXES:
        raise UserError(N_("A template can have at most {limit} axes."), field="axes", limit=MAX_AXES)
    checked = []
    names: set[str] = set()
    count = 0
    for a_index, axis in enumerate(axes):
        name = require_text(axis.name, N_("Axis name"), 200, field=f"axes[{a_index}].name")
        if name in names:
            raise UserError(N_("The axis {name} is repeated."), field=f"axes[{a_index}].name", name=name)
        names.add(name)
        if not axis.indicators:
            raise UserError(N_("The axis {name} needs at least one indicator."), field=f"axes[{a_index}].indicators", name=name)
        items = []
        for i_index, ind in enumerate(axis.indicators):
            where = f"axes[{a_index}].indicators[{i_index}]"
            ind_name = require_text(ind.name, N_("Indicator name"), 300, field=f"{where}.name")
            weight = check_weight(ind.weight, field=f"{where}.weight")
            maximum = check_max_score(ind.max_score, field=f"{where}.max_score")
            guide = clean_user_text(ind.guide or "")[:4000]
            items.append((ind_name, weight, maximum, guide, bool(ind.evidence_required)))
            count += 1
        checked.append((name, items))
    if count > MAX_INDICATORS:
        raise UserError(N_("A template can have at most {limit} indicators."), field="axes", limit=MAX_INDICATORS)
    return checked


def _add_structure(session: Session, template: EvaluationTemplate, axes: list[tuple[str, list[tuple[str, Decimal, Decimal, str, bool]]]]) -> None:
    for a_order, (axis_name, items) in enumerate(axes, start=1):
        axis = EvaluationAxis(id=new_id(), template_id=template.id, name=axis_name, sort_order=a_order)
        session.add(axis)
        for i_order, (name, weight, maximum, guide, evidence) in enumerate(items, start=1):
            session.add(EvaluationIndicator(
                template_id=template.id, axis_id=axis.id, name=name, guide=guide, weight=weight, max_score=maximum,
                evidence_required=evidence, sort_order=i_order,
            ))
    session.flush()


def _new_template(session: Session, *, name: str, description: str, axes: list[tuple[str, list[tuple[str, Decimal, Decimal, str, bool]]]],
                  previous: EvaluationTemplate | None = None) -> EvaluationTemplate:
    template_id = new_id()
    template = EvaluationTemplate(
        id=template_id, name=name, description=description, status="active",
        template_version=previous.template_version + 1 if previous else 1,
        supersedes_id=previous.id if previous else None,
        family_id=previous.family_id if previous else template_id,
    )
    session.add(template)
    session.flush()
    _add_structure(session, template, axes)
    return template


def _check_name(name: str, description: str) -> tuple[str, str]:
    return require_text(name, N_("Template name"), 200, field="name"), clean_user_text(description or "")[:4000]


def _checked_measures(measures: Sequence[Measure | str | None] | None,
                      checked: list[tuple[str, list[tuple[str, Decimal, Decimal, str, bool]]]]) -> list[Measure | None] | None:
    if measures is None:
        return None
    if len(measures) != sum(len(items) for _axis, items in checked):
        raise UserError(N_("Give one objective measure (or none) for each indicator."), field="measures")
    return checked_measures(measures)


def create_template(db: Database, actor: Actor, *, name: str, axes: Sequence[AxisInput], description: str = "",
                    measures: Sequence[Measure | str | None] | None = None) -> TemplateInfo:
    """A new template (version 1) with its axes and indicators, in the order given;
    `measures`, if given, binds each indicator (in the same order) to an objective measure."""
    require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    name, description = _check_name(name, description)
    checked = _check_axes(axes)
    chosen = _checked_measures(measures, checked)
    with write(db, actor) as session:
        other = q.template_by_name(session, name)
        if other is not None and other.status == "active":
            raise UserError(N_("A template named {name} already exists."), field="name", name=name)
        template = _new_template(session, name=name, description=description, axes=checked)
        bind_template(session, template.id, chosen, {})
        session.flush()
        return template_info(session, template)


def update_template(db: Database, actor: Actor, template_id: uuid.UUID, *, name: str, axes: Sequence[AxisInput],
                    description: str = "", expected_version: int | None = None,
                    measures: Sequence[Measure | str | None] | None = None) -> TemplateInfo:
    """Edits a template. If a period or form uses it, the edit becomes a new version (the
    returned info has a new id and template_version + 1; the old one is kept, superseded),
    so evaluations made with it keep their indicators and weights.

    Objective measures: `measures` binds each indicator (in order; None for none); without
    it, an indicator keeps the measure of the indicator of the same axis and name before."""
    require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    name, description = _check_name(name, description)
    checked = _check_axes(axes)
    chosen = _checked_measures(measures, checked)
    with write(db, actor) as session:
        template = load_template(session, template_id)
        check_version(template.version, expected_version)
        if template.status != "active":
            raise UserError(N_("This is an older version of the template; edit its newest version."), field="status")
        other = q.template_by_name(session, name)
        if other is not None and other.family_id != template.family_id and other.status == "active":
            raise UserError(N_("A template named {name} already exists."), field="name", name=name)
        carried = bound_by_name(session, template.id)
        if q.template_in_use(session, template.id):
            template.status = "superseded"
            session.flush()
            newer = _new_template(session, name=name, description=description, axes=checked, previous=template)
            bind_template(session, newer.id, chosen, carried)
            session.flush()
            return template_info(session, newer)
        now = utcnow()
        removed = q.indicators(session, template.id)
        unbind_deleted(session, [i.id for i in removed])
        for indicator in removed:
            indicator.deleted_at = now
        for axis in q.axes(session, template.id):
            axis.deleted_at = now
        template.name, template.description = name, description
        template.updated_at = now  # the structure changed: the template's version moves on too
        session.flush()
        _add_structure(session, template, checked)
        bind_template(session, template.id, chosen, carried)
        session.flush()
        return template_info(session, template)


def get_template(db: Database, actor: Actor, template_id: uuid.UUID) -> TemplateInfo:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        return template_info(session, load_template(session, template_id))


def list_templates(db: Database, actor: Actor, *, include_superseded: bool = False) -> list[TemplateInfo]:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        return [template_info(session, t) for t in q.templates(session, include_superseded=include_superseded)]


def default_template_in(session: Session) -> EvaluationTemplate:
    """The newest active template, or the default one made now (inside the caller's transaction)."""
    existing = q.newest_active_template(session)
    if existing is not None:
        return existing
    return _new_template(
        session, name=DEFAULT_TEMPLATE_NAME,
        description="الگوی پیش‌فرض ارزیابی دوره‌ای روابط عمومی مناطق، سازمان‌ها و شرکت‌های تابعه؛ قابل ویرایش.",
        axes=_check_axes(default_template_axes()),
    )


def ensure_default_template(db: Database, actor: Actor) -> TemplateInfo:
    """The template new periods use: the newest active one, or the default municipal PR
    template created now if there is none."""
    if not (actor.can(Permission.MANAGE_EVALUATION_TEMPLATES) or actor.can(Permission.MANAGE_EVALUATION_PERIODS)):
        require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    with write(db, actor) as session:
        return template_info(session, default_template_in(session))


# --- grade bands ---------------------------------------------------------------------

def get_grade_bands(db: Database, actor: Actor) -> GradeBands:
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        return grade_bands(session)


def set_grade_bands(db: Database, actor: Actor, *, excellent: Decimal | str, good: Decimal | str, fair: Decimal | str) -> GradeBands:
    """The lowest total of each grade (below fair is poor); applies to every result shown."""
    require(actor, Permission.MANAGE_EVALUATION_TEMPLATES)
    values = []
    for key, value in (("excellent", excellent), ("good", good), ("fair", fair)):
        number = parse_decimal(value, field=key)
        if number is None:
            raise UserError(N_("Give all three grade thresholds."), field=key)
        values.append(number.quantize(Decimal("0.01")))
    bands = GradeBands(*values)
    with write(db, actor) as session:
        row = q.setting(session, GRADE_BANDS_KEY)
        if row is None:
            session.add(Setting(key=GRADE_BANDS_KEY, value=bands.to_text()))
        else:
            row.value = bands.to_text()
    return bands
