"""The receipt of a sync import (`sync-receipt`): who made the package and when, what the
import did (new, changed, deleted), the conflicts and how each was decided, and the
package's SHA-256, for the office and the inspector.

From the import wizard params carry the ImportReceipt (and the ImportPreview and the
decisions); from `pr-desk report sync-receipt` the last import is read back. The module
also turns synced values into display text and typed text back into values, for the
wizard's conflict table (the UI knows no column kinds)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import format_jalali_datetime
from pr_desk.i18n import N_, _
from pr_desk.reports.model import Column, Heading, LabelValues, ReportSpec, Table
from pr_desk.reports.registry import register_report
from pr_desk.services.context import read
from pr_desk.services.sync.exchange import by_table_counts
from pr_desk.services.sync.labels import (
    FIELD_LABELS,
    _fa,
    _n,
    decision_label,
    field_label,
    kind_label,
    kind_sentence,
    table_label,
    typed_value,
    value_text,
    when_text,
)

FILTERS: dict[str, dict[str, str]] = {
    "sync-receipt": {"import_id": N_("the package id of the import (the last import when empty)")},
}

def _context(params: Mapping[str, Any]) -> tuple[Any, Any]:
    from pr_desk.services.report_catalog import (
        _context as context,  # not at import: the catalog imports us
    )

    return context(params)


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
    preview = params.get("preview")
    decisions: Mapping[str, Any] = params.get("decisions") or {}
    names: Mapping[str, str] = params.get("names") or {}  # conflict key -> the record's name
    facts = _receipt_facts(db, actor, params)
    return ReportSpec(
        title=_("Receipt of a sync import"),
        subtitle=_("{count} conflicts").format(count=_n(facts["conflicts"])),
        before=_receipt_summary(facts, preview),
        columns=[
            Column("record", _("Which record"), width=1.6),
            Column("field", _("Field"), width=1.3),
            Column("base", _("Starting value"), width=1.2),
            Column("office", _("Office value"), width=1.2),
            Column("incoming", _("Field value"), width=1.2),
            Column("decision", _("Decision"), width=1.6),
        ],
        rows=[row for c in (preview.conflicts if preview is not None else ()) for row in _conflict_rows(c, decisions, names)],
        empty_message=_("No conflict in this import.") if preview is not None else _("The conflicts of this import are listed in the conflict queue."),
        printed_by=actor.display_name,
        sheet_name=_("Sync receipt"),
        after=[] if facts["open_conflicts"] == 0 else [Table([Column("note", _("Note"))], [
            {"note": _("Undecided conflicts stay in the queue; until they are decided the office value stands.")}])],
    )


def _receipt_facts(db: Any, actor: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    """From the wizard's ImportReceipt when it passes one, else the import read back."""
    receipt = params.get("receipt")
    if receipt is None:
        return _last_import(db, actor, str(params.get("import_id") or "") or None)
    return {
        "package_id": receipt.package_id, "file_sha256": receipt.file_sha256, "new": receipt.new,
        "changed": receipt.changed, "deleted": receipt.deleted, "conflicts": receipt.conflicts,
        "decided": receipt.decided, "open_conflicts": receipt.open_conflicts,
        "imported_by": actor.display_name, "imported_at": dt.datetime.now(dt.UTC), "undone": False,
        "by_table": receipt.by_table,
    }


def _receipt_summary(facts: dict[str, Any], preview: Any) -> list[Any]:
    """What goes before the conflicts: the package and import facts, then what was
    written per kind of record."""
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
    return before


def _conflict_rows(c: Any, decisions: Mapping[str, Any], names: Mapping[str, str]) -> list[dict[str, str]]:
    """One row per field of the conflict: its three values and the decision."""
    choice = decisions.get(c.key)
    decided = "value" if isinstance(choice, dict) else choice
    return [{
        "record": names.get(c.key) or table_label(c.table),
        "field": field_label(name),
        "base": value_text(c.table, name, (c.base or {}).get(name)) if c.base is not None else "—",
        "office": value_text(c.table, name, (c.office or {}).get(name)) if c.office is not None else _("deleted"),
        "incoming": value_text(c.table, name, (c.field or {}).get(name)) if c.field is not None else _("deleted"),
        "decision": decision_label(decided)
        + (f": {value_text(c.table, name, choice.get(name))}" if isinstance(choice, dict) else ""),
    } for name in c.fields]


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    register_report("sync-receipt", N_("Receipt of a sync import"), receipt_report, replace=True)


__all__ = ["FIELD_LABELS", "decision_label", "field_label", "kind_label", "kind_sentence", "receipt_report", "register", "table_label",
           "typed_value", "value_text", "when_text"]
