"""Sync's words for people: record kinds, fields, conflict kinds and decisions, and synced
values written as a reader wants them (Jalali dates, localized numbers) or read back."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import format_jalali, format_jalali_datetime, parse_jalali
from pr_desk.domain.text import format_number, to_latin_digits
from pr_desk.i18n import N_, _, current_language
from pr_desk.services.audit_log import TABLE_LABELS

FIELD_LABELS = {
    "inspector_score": N_("Inspector's score"),
    "self_score": N_("Self-assessment score"),
    "evidence_note": N_("Evidence note"),
    "visited_on": N_("Visit date"),
    "people_met": N_("People met"),
    "findings": N_("Findings"),
    "recommendations": N_("Recommendations"),
    "status": N_("Status"),
    "submitted_at": N_("Submitted at"),
    "approved_at": N_("Approved at"),
    "returned_at": N_("Returned at"),
    "return_comments": N_("Return comments"),
    "self_total": N_("Self-assessment total"),
    "total": N_("Total score"),
    "grade": N_("Grade"),
    "revision": N_("Revision"),
    "revision_reason": N_("Reason for the revision"),
    "number": N_("Form number"),
    "name": N_("Name"),
    "display_name": N_("Full name"),
    "code": N_("Code"),
    "notes": N_("Notes"),
    "file_name": N_("File name"),
    "deleted_at": N_("Deleted at"),
    "acknowledged_version": N_("Version acknowledged"),
    "acknowledged_on": N_("Acknowledged on"),
    "acknowledged_by": N_("Acknowledged by"),
    "acknowledged_post": N_("Post"),
    "implemented_on": N_("Implemented on"),
    "implementation_note": N_("What was done"),
    "evidence_sha256": N_("Evidence file (fingerprint)"),
    "evidence_name": N_("Evidence file"),
    "verdict": N_("Verdict on the evidence"),
    "verdict_reason": N_("Reason"),
    "verdict_on": N_("Verdict date"),
    "verdict_by": N_("Verdict by"),
    "*": N_("The whole record"),
}

# Short: shown in the Field column of a whole-record conflict. The kinds are office.ConflictItem's.
KIND_LABELS = {
    "update_update": N_("changed on both sides"),
    "delete_vs_update": N_("deleted in the field, changed at the office"),
    "update_vs_delete": N_("changed in the field, deleted at the office"),
    "update_missing_row": N_("changed in the field, missing at the office"),
    "insert_collision": N_("added in the field, clashes with the office"),
    "approved": N_("the form was approved at the office"),
    "constraint": N_("refused by the office database"),
}

# What happened, as a sentence (a tooltip, or the details of the selected conflict).
KIND_SENTENCES = {
    "update_update": N_("The same field was changed at the office and in the field since the copy was taken."),
    "delete_vs_update": N_("The inspector deleted this record in the field, but it was changed at the office meanwhile."),
    "update_vs_delete": N_("The inspector changed this record in the field, but it was deleted at the office meanwhile."),
    "update_missing_row": N_("The inspector changed this record in the field, but this office does not have it."),
    "insert_collision": N_("The inspector added this record in the field, but the office already has it with other "
                           "values, or deleted it earlier."),
    "approved": N_("The form of this record was approved at the office, so a change from the field is not applied "
                   "unless a person takes it."),
    "constraint": N_("The office database refused this change: it would make a duplicate, or point to a record "
                     "that is not there."),
}

DECISION_LABELS = {
    "office": N_("office value kept"),
    "field": N_("field value taken"),
    "value": N_("merged value typed"),
}


def _fa() -> bool:
    return current_language() == "fa"


def _n(value: int) -> str:
    return format_number(value, persian=_fa())


def table_label(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


OTHER_KIND_LABEL = N_("needs a person's decision")
OTHER_KIND_SENTENCE = N_("The office and the field copy disagree about this record; a person decides.")


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, OTHER_KIND_LABEL))


def kind_sentence(kind: str) -> str:
    return _(KIND_SENTENCES.get(kind, OTHER_KIND_SENTENCE))


def decision_label(choice: str | None) -> str:
    if not choice:
        return _("undecided: the office value stands")
    return _(DECISION_LABELS[choice]) if choice in DECISION_LABELS else choice


def _kind(table: str, name: str) -> str:
    from pr_desk.data.sync import codec

    try:
        return codec.kinds(table).get(name, "str")
    except KeyError:
        return "str"


def value_text(table: str, name: str, value: Any) -> str:
    """A synced (canonical) value as a reader wants it: Jalali dates, localized numbers."""
    if value is None or value == "":
        return "—"
    if (table, name) == ("directive_recipient", "verdict"):
        from pr_desk.domain.directives import VERDICT_LABELS, Verdict

        try:
            return _(VERDICT_LABELS[Verdict(str(value))])
        except ValueError:
            return str(value)
    kind = _kind(table, name)
    try:
        if kind == "date":
            return format_jalali(dt.date.fromisoformat(str(value)), persian_digits=_fa())
        if kind == "datetime":
            return format_jalali_datetime(dt.datetime.fromisoformat(str(value)), persian_digits=_fa())
        if kind == "bool":
            return _("yes") if value else _("no")
        if kind in ("decimal", "int"):
            return format_number(decimal.Decimal(str(value)).normalize(), persian=_fa())
        if kind == "bytes":
            return _("(a file)")
    except (ValueError, decimal.InvalidOperation):
        pass
    return str(value)


def typed_value(table: str, name: str, text: str) -> Any:
    """What a person typed for a field, as the value apply_import / decide_conflict take."""
    cleaned = to_latin_digits(text.strip()).replace("٫", ".").replace("،", "")
    if cleaned == "":
        return None
    kind = _kind(table, name)
    try:
        if kind == "decimal":
            return decimal.Decimal(cleaned)
        if kind == "int":
            return int(cleaned)
        if kind == "date":
            return parse_jalali(cleaned).to_gregorian()
        if kind == "bool":
            return cleaned.casefold() in {"1", "yes", "true", "بله", "آری"}
    except (ValueError, decimal.InvalidOperation, UserError) as exc:
        raise UserError(N_("“{text}” is not a valid value for {field}."), text=text, field=field_label(name)) from exc
    if kind in ("str",):
        return text.strip()
    raise UserError(N_("A merged value cannot be typed for {field}; keep one side instead."), field=field_label(name))


def when_text(iso: str) -> str:
    try:
        return format_jalali_datetime(dt.datetime.fromisoformat(iso), persian_digits=_fa())
    except (TypeError, ValueError):
        return iso or "—"
