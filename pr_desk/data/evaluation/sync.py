"""What of unit evaluation travels to an inspector's field copy (parents before children),
and the rows an approved form locks."""

from __future__ import annotations

from pr_desk.data.sync.spec import TableSync

_FORM_STATUS = ("status", "submitted_at", "submitted_by", "approved_at", "approved_by",
                "returned_at", "returned_by", "return_comments")

SYNCED: tuple[TableSync, ...] = (
    TableSync("evaluation_template"),
    TableSync("evaluation_axis"),
    TableSync("evaluation_indicator"),
    TableSync("evaluation_period"),
    TableSync("evaluation_assignment"),
    TableSync("evaluation_form", groups=(_FORM_STATUS, ("self_total", "total", "grade"),
                                         ("revision", "revision_of_id", "revision_reason")),
              form_column="id"),
    TableSync("evaluation_score", form_column="form_id"),
    TableSync("evaluation_attachment", row_level=True, form_column="form_id"),
    TableSync("evaluation_field_visit", form_column="form_id"),
)

NOT_SYNCED: dict[str, str] = {}
