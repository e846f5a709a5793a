"""What of unit evaluation travels to an inspector's field copy (parents before children),
and the rows an approved form locks."""

from __future__ import annotations

from pr_desk.data.sync.spec import TableSync

_FORM_STATUS = ("status", "submitted_at", "submitted_by", "approved_at", "approved_by",
                "returned_at", "returned_by", "return_comments")

# the supervisor's decision on a calibration (which form counts) conflicts as one
_CALIBRATION_DECISION = ("counted", "decided_by", "decided_at", "decision_reason")

SYNCED: tuple[TableSync, ...] = (
    TableSync("evaluation_template"),
    TableSync("evaluation_axis"),
    TableSync("evaluation_indicator"),
    TableSync("evaluation_period"),
    TableSync("evaluation_assignment", groups=(_CALIBRATION_DECISION,)),
    TableSync("evaluation_form", groups=(_FORM_STATUS, ("self_total", "total", "grade"),
                                         ("revision", "revision_of_id", "revision_reason")),
              form_column="id"),
    TableSync("evaluation_score", form_column="form_id"),
    TableSync("evaluation_attachment", row_level=True, form_column="form_id"),
    TableSync("evaluation_field_visit", form_column="form_id"),
)

# The objective measures (an indicator bound to a figure, the inspector's decisions on the
# suggested scores) stay at the office: their figures come from the directive register and
# the meeting orders, which never travel; and the tables that travel keep their shape (the
# sync schema fingerprint), so existing field copies go on syncing.
NOT_SYNCED: dict[str, str] = {
    "evaluation_measure": "objective measures: computed from office-only data (directives, meeting orders)",
    "evaluation_measure_decision": "objective measures: decisions on figures computed at the office only",
}
