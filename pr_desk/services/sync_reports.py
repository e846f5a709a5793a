"""The receipt of a sync import (`sync-receipt`): who made the package and when, what the
import did (new, changed, deleted), the conflicts and how each was decided, and the
package's SHA-256, for the office and the inspector.

From the import wizard params carry the ImportReceipt (and the ImportPreview and the
decisions); from `pr-desk report sync-receipt` the last import is read back. The module
also turns synced values into display text and typed text back into values, for the
wizard's conflict table (the UI knows no column kinds)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Mapping
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import format_jalali, format_jalali_datetime, parse_jalali
from pr_desk.domain.text import format_number, to_latin_digits
from pr_desk.i18n import N_, _, current_language
from pr_desk.reports.model import Column, Heading, LabelValues, ReportSpec, Table
from pr_desk.reports.registry import register_report
from pr_desk.services.audit_log import TABLE_LABELS
from pr_desk.services.context import read
from pr_desk.services.sync import by_table_counts

FILTERS: dict[str, dict[str, str]] = {
    "sync-receipt": {"import_id": N_("the package id of the import (the last import when empty)")},
}

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


def _context(params: Mapping[str, Any]) -> tuple[Any, Any]:
    from pr_desk.services.report_catalog import _context as context  # not at import: the catalog imports us

    return context(params)


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


def _last_import(db: Any, actor: Any, import_id: str | None) -> dict[str, Any]:
    """The receipt's facts read back from the audit trail and the import log."""
    from pr_desk.data.sync.models import SyncImport
    from pr_desk.services import audit_log

    entries = audit_log.list_entries(db, actor, limit=500, actions=["import"])
    if import_id:
        entries = [e for e in entries if e.record_id is not None and str(e.record_id) == str(import_id)]
    if not entries:
        raise UserError(N_("There is no sync import to print a receipt for."))
    entry = max(entries, key=lambda e: e.seq)
    with read(db) as session:
        row = session.get(SyncImport, entry.record_id)
        if row is None:
            raise UserError(N_("There is no sync import to print a receipt for."))
        summary = json.loads(row.summary or "{}")
        return {
            "package_id": str(row.id), "file_sha256": row.file_sha256, "new": summary.get("inserted", 0),
            "changed": summary.get("updated", 0), "deleted": summary.get("deleted", 0),
            "conflicts": summary.get("conflicts", 0), "decided": summary.get("decided", 0),
            "open_conflicts": summary.get("open_conflicts", 0), "imported_by": entry.actor_name,
            "imported_at": entry.at, "undone": bool(row.undone),
            "by_table": by_table_counts(summary.get("by_table") or {}),
        }


def receipt_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    receipt = params.get("receipt")
    preview = params.get("preview")
    decisions: Mapping[str, Any] = params.get("decisions") or {}
    names: Mapping[str, str] = params.get("names") or {}  # conflict key -> the record's name
    if receipt is not None:
        facts = {
            "package_id": receipt.package_id, "file_sha256": receipt.file_sha256, "new": receipt.new,
            "changed": receipt.changed, "deleted": receipt.deleted, "conflicts": receipt.conflicts,
            "decided": receipt.decided, "open_conflicts": receipt.open_conflicts,
            "imported_by": actor.display_name, "imported_at": dt.datetime.now(dt.UTC), "undone": False,
            "by_table": receipt.by_table,
        }
    else:
        facts = _last_import(db, actor, str(params.get("import_id") or "") or None)
    items: list[tuple[str, Any]] = []
    if preview is not None:
        items += [(_("Made by"), preview.made_by), (_("Made at"), when_text(preview.made_at))]
        if preview.source:
            items.append((_("From"), preview.source))
    items += [
        (_("Imported by"), facts["imported_by"]),
        (_("Imported at"), format_jalali_datetime(facts["imported_at"], persian_digits=_fa())),
        (_("New records"), _n(facts["new"])),
        (_("Changed records"), _n(facts["changed"])),
        (_("Deleted records"), _n(facts["deleted"])),
        (_("Conflicts"), _n(facts["conflicts"])),
        (_("Conflicts decided"), _n(facts["decided"])),
        (_("Conflicts still open (the office value stands)"), _n(facts["open_conflicts"])),
        (_("Package id"), facts["package_id"]),
        (_("Package hash (SHA-256)"), facts["file_sha256"]),
    ]
    if facts["undone"]:
        items.append((_("Note"), _("This import was undone later.")))
    before: list[Any] = [LabelValues(items)]
    if facts["by_table"]:  # what was written, per kind of record
        before.append(Table(
            [Column("kind", _("Kind of record"), width=2.0), Column("new", _("New records"), width=1.0),
             Column("changed", _("Changed records"), width=1.0), Column("deleted", _("Deleted records"), width=1.0)],
            [{"kind": table_label(t), "new": _n(n), "changed": _n(c), "deleted": _n(d)} for t, n, c, d in facts["by_table"]],
            title=_("What was written, per kind of record")))
        before.append(Heading(_("Conflicts"), level=2))
    rows = []
    for c in (preview.conflicts if preview is not None else ()):
        choice = decisions.get(c.key)
        decided = "value" if isinstance(choice, dict) else choice
        for name in c.fields:
            rows.append({
                "record": names.get(c.key) or table_label(c.table),
                "field": field_label(name),
                "base": value_text(c.table, name, (c.base or {}).get(name)) if c.base is not None else "—",
                "office": value_text(c.table, name, (c.office or {}).get(name)) if c.office is not None else _("deleted"),
                "incoming": value_text(c.table, name, (c.field or {}).get(name)) if c.field is not None else _("deleted"),
                "decision": decision_label(decided)
                + (f": {value_text(c.table, name, choice.get(name))}" if isinstance(choice, dict) else ""),
            })
    return ReportSpec(
        title=_("Receipt of a sync import"),
        subtitle=_("{count} conflicts").format(count=_n(facts["conflicts"])),
        before=before,
        columns=[
            Column("record", _("Which record"), width=1.6),
            Column("field", _("Field"), width=1.3),
            Column("base", _("Starting value"), width=1.2),
            Column("office", _("Office value"), width=1.2),
            Column("incoming", _("Field value"), width=1.2),
            Column("decision", _("Decision"), width=1.6),
        ],
        rows=rows,
        empty_message=_("No conflict in this import.") if preview is not None else _("The conflicts of this import are listed in the conflict queue."),
        printed_by=actor.display_name,
        sheet_name=_("Sync receipt"),
        after=[] if facts["open_conflicts"] == 0 else [Table([Column("note", _("Note"))], [
            {"note": _("Undecided conflicts stay in the queue; until they are decided the office value stands.")}])],
    )


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    register_report("sync-receipt", N_("Receipt of a sync import"), receipt_report, replace=True)


__all__ = ["FIELD_LABELS", "decision_label", "field_label", "kind_label", "kind_sentence", "receipt_report", "register", "table_label",
           "typed_value", "value_text", "when_text"]
