"""The unit evaluation workspace (ارزیابی عملکرد روابط عمومی‌ها), one import for screens:
`from pr_desk.services import evaluation as ev`. Every function is keyword-only after
(db, actor[, id]) and returns frozen dataclasses; updates take expected_version and refuse
a stale save (StaleRecord). The work is split by topic into the modules imported here."""

from __future__ import annotations

from pr_desk.domain.evaluation import (
    DEFAULT_BANDS,
    FormStatus,
    Grade,
    GradeBands,
    PeriodKind,
    Progress,
    Trend,
)
from pr_desk.services.evaluation.calibration import (
    Calibration,
    CalibrationLine,
    CalibrationScope,
    calibration_margin,
    calibration_scope,
    decide_calibration,
    get_calibration,
    request_calibration,
    set_calibration_margin,
    withdraw_calibration,
)
from pr_desk.services.evaluation.forms import (
    add_attachment,
    approve_form,
    attachment_content,
    count_forms,
    find_form,
    form_revisions,
    get_form,
    list_forms,
    open_form,
    remove_attachment,
    remove_field_visit,
    return_form,
    revise_form,
    save_field_visit,
    save_scores,
    submit_form,
)
from pr_desk.services.evaluation.importing import (
    form_sheet,
    import_form_sheet,
    preview_form_file,
    save_form_sheet,
)
from pr_desk.services.evaluation.periods import (
    assign_inspector,
    count_period_units,
    count_periods,
    find_period,
    get_period,
    inspector_progress,
    list_periods,
    open_period,
    period_progress,
    progress_summary,
    set_period_status,
    set_period_units,
)
from pr_desk.services.evaluation.results import (
    ComparisonRow,
    PeriodComparison,
    compare_periods,
    period_results,
    unit_history,
    unit_result,
)
from pr_desk.services.evaluation.templates import (
    DEFAULT_TEMPLATE_NAME,
    create_template,
    default_template_axes,
    ensure_default_template,
    get_grade_bands,
    get_template,
    list_templates,
    set_grade_bands,
    update_template,
)
from pr_desk.services.evaluation.types import (
    AttachmentInfo,
    AxisInfo,
    AxisInput,
    AxisScore,
    FieldVisitInfo,
    FormDetail,
    FormInfo,
    HistoryPoint,
    IndicatorInfo,
    IndicatorInput,
    InspectorProgress,
    PeriodInfo,
    ProgressSummary,
    ScoreInput,
    ScoreLine,
    TemplateInfo,
    UnitProgress,
    UnitResult,
)

__all__ = [
    "Calibration", "CalibrationLine", "CalibrationScope", "calibration_margin", "calibration_scope", "decide_calibration", "get_calibration",
    "request_calibration", "set_calibration_margin", "withdraw_calibration",
    "DEFAULT_BANDS", "DEFAULT_TEMPLATE_NAME", "AttachmentInfo", "AxisInfo", "AxisInput", "AxisScore",
    "ComparisonRow", "FieldVisitInfo", "FormDetail", "FormInfo", "FormStatus", "Grade",
    "GradeBands", "HistoryPoint", "IndicatorInfo", "IndicatorInput", "InspectorProgress", "PeriodComparison", "PeriodInfo", "PeriodKind",
    "Progress", "ProgressSummary", "ScoreInput", "ScoreLine", "TemplateInfo", "Trend", "UnitProgress", "UnitResult",
    "add_attachment", "approve_form", "assign_inspector", "attachment_content", "compare_periods", "count_forms",
    "count_period_units", "count_periods", "create_template", "default_template_axes", "ensure_default_template",
    "find_form", "find_period", "form_revisions", "form_sheet", "get_form", "get_grade_bands", "get_period",
    "get_template", "import_form_sheet", "inspector_progress", "list_forms", "list_periods", "list_templates", "open_form", "open_period",
    "period_progress", "period_results", "preview_form_file", "progress_summary", "remove_attachment", "remove_field_visit", "return_form",
    "revise_form", "save_field_visit", "save_form_sheet", "save_scores", "set_grade_bands", "set_period_status", "set_period_units",
    "submit_form", "unit_history", "unit_result", "update_template",
]
