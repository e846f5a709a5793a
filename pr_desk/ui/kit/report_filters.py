"""The filters of a report, shown before it is built: one field per filter the report kind
declares (services.report_catalog.FILTERS), filled with what the screen is showing, else
with the default the report takes when no filter is given (this year and month, today;
an empty field is the report's own default: the latest period, the next session or event,
every unit), its help under it. Enter builds it as shown."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.text import to_latin_digits, to_persian_digits
from pr_desk.i18n import N_, _, current_language
from pr_desk.services import report_catalog

# What each filter is called on screen (its name is the command line's).
LABELS: dict[str, str] = {
    "kind": N_("Kind"), "search": N_("Search"), "include_retired": N_("Retired units too"),
    "tracking_code": N_("Tracking code"), "session": N_("Session"), "official": N_("Official"),
    "date": N_("Date"), "unit": N_("Unit"), "on": N_("On the date"), "year": N_("Year"),
    "month": N_("Month"), "status": N_("Status"), "number": N_("Number"), "signer": N_("Signer"),
    "post": N_("Post"), "unit_kind": N_("Kind of unit"), "event": N_("Event"), "period": N_("Period"),
    "periods": N_("Periods"), "include_unapproved": N_("Unapproved forms too"), "import_id": N_("Import"),
    "envelopes": N_("Envelope labels"), "size": N_("Card size"), "invitation": N_("Invitation"),
}


def declared_filters(kind: str) -> dict[str, str]:
    """Filter name -> help msgid of report `kind` (empty when it takes none)."""
    return dict(report_catalog.FILTERS.get(kind) or {})


def default_values(kind: str) -> dict[str, str]:
    """The values a report of `kind` takes when it is given no filter, for the filters whose
    default can be written down here (the rest stay empty: the report chooses)."""
    names = declared_filters(kind)
    today = JalaliDate.today()
    out: dict[str, str] = {}
    if "year" in names and "month" in names:
        out["year"] = str(today.year)
    if "month" in names:
        out["month"] = str(today.month)
    if "on" in names:
        out["on"] = today.format(persian_digits=False)
    return out


def _is_id(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _shown(value: Any) -> str:
    """Numbers and dates in Persian digits on a Persian screen (they go back as typed);
    yes or no in words."""
    fa = current_language() == "fa"
    if isinstance(value, bool):
        return ("بله" if value else "خیر") if fa else ("yes" if value else "no")
    text = "" if value is None else str(value)
    plain = text.replace("/", "")
    return to_persian_digits(text) if current_language() == "fa" and plain.isascii() and plain.isdigit() else text


class ReportFiltersDialog(QDialog):
    """The filters of report `kind`: `values()` after it is accepted."""

    def __init__(self, parent: QWidget | None, kind: str, current: Mapping[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(_("Report: {title}").format(title=report_catalog.report_title(kind)))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose what the report covers, or press Enter to build it as shown."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        start = {**default_values(kind), **{k: v for k, v in (current or {}).items() if v not in (None, "")}}
        self.fields: dict[str, QLineEdit] = {}
        self.chosen_on_screen: dict[str, str] = {}  # a record chosen on the screen (its id is no text to show)
        for name, help_msgid in declared_filters(kind).items():
            field = QLineEdit(self)
            field.setObjectName(f"filter_{name}")
            field.setToolTip(_(help_msgid))
            if _is_id(start.get(name)):
                self.chosen_on_screen[name] = str(start[name])
                field.setPlaceholderText(_("the one chosen on the screen"))
                field.setReadOnly(True)
            else:
                field.setText(_shown(start.get(name)))
                field.setPlaceholderText(_(help_msgid))
            form.addRow(_(LABELS.get(name, name)), field)
            self.fields[name] = field
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Build the report"))
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        editable = [f for f in self.fields.values() if not f.isReadOnly()]
        if editable:
            first = editable[0]
            first.setFocus()
            first.selectAll()

    def values(self) -> dict[str, str]:
        """The filters as the command line takes them (empty ones left out: the default)."""
        out = dict(self.chosen_on_screen)
        for name, field in self.fields.items():
            text = field.text().strip()
            if text:
                plain = to_latin_digits(text)
                out[name] = plain if plain.replace("/", "").isdigit() else text
        return out


def ask_report_filters(parent: QWidget | None, kind: str, current: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The report's filters chosen by the person (None when they cancelled); a report that
    takes no filter is not asked about. Values the screen passed that are not filters the
    person sees (ids of the selected row) are kept unless a field replaced them."""
    current = dict(current or {})
    if not declared_filters(kind):
        return current
    dialog = ReportFiltersDialog(parent, kind, current)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.values()
    kept = {k: v for k, v in current.items() if k not in dialog.fields}
    return {**kept, **chosen}
