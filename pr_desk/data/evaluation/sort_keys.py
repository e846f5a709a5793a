"""What the evaluation lists sort by when the user clicks a column: the key names the
column (the listed dataclass's field or the label shown for it), the value the SQL that
orders it. The period units' list joins its unit, inspector and current form, so their
columns are named directly; a missing inspector or form sorts as empty."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from pr_desk.data.evaluation.models import (
    EvaluationAssignment,
    EvaluationForm,
    EvaluationPeriod,
    EvaluationTemplate,
)
from pr_desk.data.models import Unit, User
from pr_desk.data.queries.sorting import SortKeys, alphabetical, in_order_of
from pr_desk.domain.evaluation import PeriodKind, Progress

UNIT_KIND_ORDER = in_order_of(Unit.kind, ("district", "office", "organisation", "company"))
"""Units as the lists show them: the districts first, then offices, organisations, companies."""


def period_keys(inspector_id: uuid.UUID | None) -> SortKeys:
    """The periods list; its unit count is the one the list shows (an inspector's own units)."""
    units = select(func.count()).where(EvaluationAssignment.period_id == EvaluationPeriod.id,
                                       EvaluationAssignment.deleted_at.is_(None))
    if inspector_id is not None:
        units = units.where(EvaluationAssignment.inspector_id == inspector_id)
    else:  # a unit under calibration counts once
        units = units.where(EvaluationAssignment.calibration.is_(False))
    template = select(alphabetical(EvaluationTemplate.name)).where(EvaluationTemplate.id == EvaluationPeriod.template_id)
    version = select(EvaluationTemplate.template_version).where(EvaluationTemplate.id == EvaluationPeriod.template_id)
    return {
        "label": (EvaluationPeriod.starts_on, EvaluationPeriod.ends_on),
        "kind_label": (in_order_of(EvaluationPeriod.kind, PeriodKind),),
        "status_label": (in_order_of(EvaluationPeriod.status, ("open", "closed")),),
        "unit_count": (units.scalar_subquery(),),
        "template_text": (template.scalar_subquery(), version.scalar_subquery()),
    }


PROGRESS_KEYS: SortKeys = {
    "unit_code": (Unit.code,),
    "unit_name": (alphabetical(Unit.name_search),),
    "kind_label": (UNIT_KIND_ORDER,),
    "inspector_name": (alphabetical(func.coalesce(User.display_name, "")),),
    "progress_label": (in_order_of(func.coalesce(EvaluationForm.status, Progress.NOT_STARTED.value), Progress),),
    "form_number": (func.coalesce(EvaluationForm.number, ""),),
    "total": (EvaluationForm.total,),
}
