"""Sending a directive to units and following each unit: the distribution dialog (all 22
districts, every unit of a kind, or single units; deadlines), the table of a directive's
units coloured by state, and one unit's window: its acknowledgement (name, post, date),
implementation (date, what was done, evidence file), the verdict on the evidence and the
history of its acknowledgements."""

from __future__ import annotations

import functools
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.directives import (
    DEFAULT_ACK_WORKING_DAYS,
    DirectiveStatus,
    RecipientState,
    Verdict,
)
from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.domain.followup import ReminderLevel
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import ltr_isolate
from pr_desk.domain.units import DISTRICT_COUNT, UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor
from pr_desk.services.directives.follow_up import units_to_follow
from pr_desk.ui.directives.common import CellTableModel, number_text, rtl_line
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import digits, file_filter, format_jalali_date, screen_locale
from pr_desk.ui.kit.forms import FormDialog
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.messages import FieldError, show_error
from pr_desk.ui.kit.paged_table_model import Column, StaticRows
from pr_desk.ui.kit.shortcuts import add_open_keys
from pr_desk.ui.kit.table_view import fit_columns_to_contents, list_table, select_row, selected_row
from pr_desk.ui.kit.widgets import heading

if TYPE_CHECKING:
    from pr_desk.services.office import Office

EVIDENCE_FILTER = N_("Evidence (*.pdf *.doc *.docx *.png *.jpg *.jpeg *.tif *.tiff)")


def acknowledged_by(r: dv.RecipientInfo) -> str:
    if r.acknowledged_version is None:
        return ""
    who = "، ".join(x for x in (r.acknowledged_by, r.acknowledged_post) if x)
    text = _("version {version}, {date}").format(version=digits(r.acknowledged_version), date=format_jalali_date(r.acknowledged_on))
    return f"{text} ({who})" if who else text


def verdict_text(r: dv.RecipientInfo) -> str:
    if not r.verdict:
        return ""
    label = Verdict(r.verdict).label
    return f"{label}: {r.verdict_reason}" if r.verdict_reason else label


def state_tip(r: dv.RecipientInfo) -> str:
    return r.state.label + (f"\n{r.implementation_note}" if r.implementation_note else "")


RECIPIENT_COLUMNS = (
    Column("unit_name", N_("Unit")),
    Column("state", N_("Status")),
    Column("communicated_on", N_("Communicated"), kind="date"),
    Column("ack_due", N_("Acknowledge by"), kind="date"),
    Column("acknowledged", N_("Acknowledged")),
    Column("impl_due", N_("Implement by"), kind="date"),
    Column("implemented_on", N_("Implemented"), kind="date"),
    Column("verdict", N_("Evidence")),
    Column("reminder", N_("Reminder")),
)


def reminder_text(r: dv.RecipientInfo) -> str:
    """The ladder's level of the deadline still open; nothing while it is well ahead."""
    return r.reminder.label if r.reminder is not ReminderLevel.NONE else ""


def recipient_model(rows: StaticRows, parent: Any, columns: tuple[Column, ...] = RECIPIENT_COLUMNS) -> CellTableModel:
    return CellTableModel(
        columns, rows,
        texts={"state": lambda r: r.state.label, "acknowledged": acknowledged_by, "verdict": verdict_text,
               "number": lambda r: number_text(r.directive_number), "reminder": reminder_text},
        colours={"state": lambda r: r.state.colour}, tips={"state": state_tip, "directive_title": lambda r: r.directive_title},
        inks={"reminder": lambda r: r.reminder.colour}, parent=parent)


# -- sending ----------------------------------------------------------------------------------------

class DistributeDialog(FormDialog):
    """Sends an issued directive to units; `added` holds how many after OK."""

    def __init__(self, db: Office, actor: Actor, detail: dv.DirectiveDetail, already: set[uuid.UUID],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Send to units"), ok_text=_("Send"))
        self.db = db
        self.actor = actor
        self.detail = detail
        self.added: int | None = None
        self.set_intro(rtl_line(f"{number_text(detail.info.number)} — {detail.info.title}"))
        self.all_districts = QRadioButton(_("All {count} district PR offices").format(count=digits(DISTRICT_COUNT)), self)
        self.by_kind = QRadioButton(_("Every unit of a kind:"), self)
        self.unit_kind = QComboBox(self)
        for kind in UnitKind:
            self.unit_kind.addItem(kind.label, kind)
        self.single = QRadioButton(_("Chosen units:"), self)
        self.mode = QButtonGroup(self)
        for button in (self.all_districts, self.by_kind, self.single):
            self.mode.addButton(button)
        self.all_districts.setChecked(True)
        who = QWidget(self)
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        who_layout.addWidget(self.all_districts)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.by_kind)
        kind_row.addWidget(self.unit_kind, 1)
        who_layout.addLayout(kind_row)
        who_layout.addWidget(self.single)
        self.unit_search = QLineEdit(self)
        self.unit_search.setPlaceholderText(_("Find a unit…"))
        self.unit_search.setClearButtonEnabled(True)
        self.unit_list = QListWidget(self)
        self.unit_list.setMinimumHeight(180)
        who_layout.addWidget(self.unit_search)
        who_layout.addWidget(self.unit_list)
        for unit in units_to_follow(db, actor):
            item = QListWidgetItem(f"{unit.name} ({ltr_isolate(unit.code)})", self.unit_list)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            if unit.id in already:
                item.setCheckState(Qt.CheckState.Checked)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(_("Already sent to this unit"))
            else:
                item.setCheckState(Qt.CheckState.Unchecked)
        self.add_field("units", _("Send to"), who)

        self.communicated_on = JalaliDateEdit(self)
        self.ack_days = QSpinBox(self)
        self.ack_days.setRange(1, 60)
        self.ack_days.setValue(DEFAULT_ACK_WORKING_DAYS)
        self.ack_days.setLocale(screen_locale())
        self.ack_days.setSuffix(_(" working days"))
        self.impl_due = JalaliDateEdit(self, nullable=True)
        self.impl_due.setPlaceholderText(_("No deadline"))
        self.add_field("communicated_on", _("Communicated on"), self.communicated_on)
        self.add_field("ack_days", _("Acknowledge within"), self.ack_days)
        self.add_field("impl_due", _("Implement by"), self.impl_due)

        self.unit_search.textChanged.connect(self._on_unit_search_changed)
        self.unit_list.itemChanged.connect(lambda _i: self._on_units_changed())
        self.mode.buttonToggled.connect(lambda *_a: self._on_units_changed())
        for edit in (self.communicated_on, self.impl_due):
            edit.validityChanged.connect(lambda _v: self.refresh_validity())
        self._on_units_changed()

    def _on_unit_search_changed(self, text: str) -> None:
        from pr_desk.domain.text import matches_search

        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            item.setHidden(bool(text.strip()) and not matches_search(item.text(), text))

    def _on_units_changed(self) -> None:
        single = self.single.isChecked()
        self.unit_list.setEnabled(single)
        self.unit_search.setEnabled(single)
        self.unit_kind.setEnabled(self.by_kind.isChecked())
        if single and self.checked_units():
            self._touched.add("units")
        self.refresh_validity()

    def checked_units(self) -> list[uuid.UUID]:
        chosen = []
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            if item.checkState() == Qt.CheckState.Checked and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                chosen.append(item.data(Qt.ItemDataRole.UserRole))
        return chosen

    def check_unit(self, unit_id: uuid.UUID) -> None:
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == unit_id:
                item.setCheckState(Qt.CheckState.Checked)

    def validate(self) -> dict[str, str]:
        problems = {}
        if self.single.isChecked() and not self.checked_units():
            problems["units"] = _("Tick the units to send the directive to.")
        if not self.communicated_on.isValid() or self.communicated_on.date() is None:
            problems["communicated_on"] = self.communicated_on.errorText() or _("Enter a date.")
        if not self.impl_due.isValid():
            problems["impl_due"] = self.impl_due.errorText() or ""
        return problems

    def save(self) -> None:
        self.added = dv.distribute(
            self.db, self.actor, self.detail.info.id,
            unit_ids=self.checked_units() if self.single.isChecked() else (),
            all_districts=self.all_districts.isChecked(),
            unit_kind=str(self.unit_kind.currentData()) if self.by_kind.isChecked() else None,
            communicated_on=self.communicated_on.date(), ack_working_days=self.ack_days.value(), impl_due=self.impl_due.date())


# -- one unit -------------------------------------------------------------------------------------

ACK_COLUMNS = (
    Column("version", N_("Version"), kind="int"),
    Column("acknowledged_on", N_("Date"), kind="date"),
    Column("by_name", N_("Acknowledged by")),
    Column("by_post", N_("Post")),
    Column("current", N_("Of the text")),
)


class RecipientDialog(QDialog):
    """One unit's part in one directive; `changed` after every write."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, recipient: dv.RecipientInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.db = db
        self.actor = actor
        self.recipient = recipient
        self.evidence_path: Path | None = None
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.can_acknowledge = actor.can(Permission.MANAGE_DIRECTIVES)
        self.can_implement = actor.can(Permission.MANAGE_DIRECTIVES) or actor.can(Permission.CHECK_EVIDENCE)
        self.can_judge = actor.can(Permission.CHECK_EVIDENCE)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.header = heading("", self)
        self.header.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setAutoFillBackground(True)
        self.state.setContentsMargins(8, 4, 8, 4)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.header)
        layout.addWidget(self.state)
        layout.addWidget(self.facts)

        self.ack_box = QGroupBox(_("Record the acknowledgement"), self)
        ack = QFormLayout(self.ack_box)
        self.ack_name = QLineEdit(self.ack_box)
        self.ack_post = QLineEdit(self.ack_box)
        self.ack_post.setPlaceholderText(_("e.g. head of the district's PR office"))
        self.ack_on = JalaliDateEdit(self.ack_box)
        self.ack_button = QPushButton(_("Record acknowledgement"), self.ack_box)
        self.ack_error = FieldError(self.ack_box)
        ack.addRow(_("Acknowledged by"), self.ack_name)
        ack.addRow(_("Post"), self.ack_post)
        ack.addRow(_("Date"), self.ack_on)
        ack.addRow("", self.ack_button)
        ack.addRow("", self.ack_error)
        layout.addWidget(self.ack_box)
        self.ack_box.setVisible(self.can_acknowledge)

        self.impl_box = QGroupBox(_("Record the implementation"), self)
        impl = QFormLayout(self.impl_box)
        self.impl_on = JalaliDateEdit(self.impl_box)
        self.impl_note = QLineEdit(self.impl_box)
        self.impl_note.setPlaceholderText(_("What the unit did"))
        evidence_row = QHBoxLayout()
        self.evidence_label = QLabel(_("No file chosen"), self.impl_box)
        self.choose_evidence_button = QPushButton(_("Choose file…"), self.impl_box)
        evidence_row.addWidget(self.evidence_label, 1)
        evidence_row.addWidget(self.choose_evidence_button)
        self.impl_button = QPushButton(_("Record implementation"), self.impl_box)
        self.impl_error = FieldError(self.impl_box)
        impl.addRow(_("Implemented on"), self.impl_on)
        impl.addRow(_("What was done"), self.impl_note)
        impl.addRow(_("Evidence file"), evidence_row)
        impl.addRow("", self.impl_button)
        impl.addRow("", self.impl_error)
        layout.addWidget(self.impl_box)
        self.impl_box.setVisible(self.can_implement)

        self.verdict_box = QGroupBox(_("Verdict on the evidence"), self)
        verdict = QFormLayout(self.verdict_box)
        choice = QHBoxLayout()
        self.accept_radio = QRadioButton(Verdict.ACCEPTED.label, self.verdict_box)
        self.refuse_radio = QRadioButton(Verdict.NOT_ACCEPTED.label, self.verdict_box)
        self.accept_radio.setChecked(True)
        choice.addWidget(self.accept_radio)
        choice.addWidget(self.refuse_radio)
        choice.addStretch(1)
        self.verdict_reason = QLineEdit(self.verdict_box)
        self.verdict_reason.setPlaceholderText(_("Why the evidence is not accepted"))
        buttons = QHBoxLayout()
        self.verdict_button = QPushButton(_("Record verdict"), self.verdict_box)
        self.undo_verdict_button = QPushButton(_("Take the verdict back"), self.verdict_box)
        self.open_evidence_button = QPushButton(_("Open the evidence"), self.verdict_box)
        buttons.addWidget(self.verdict_button)
        buttons.addWidget(self.undo_verdict_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_evidence_button)
        self.verdict_error = FieldError(self.verdict_box)
        verdict.addRow(_("Verdict"), choice)
        verdict.addRow(_("Reason"), self.verdict_reason)
        verdict.addRow("", buttons)
        verdict.addRow("", self.verdict_error)
        layout.addWidget(self.verdict_box)
        if not self.can_judge:
            for widget in (self.verdict_button, self.undo_verdict_button):
                widget.hide()
            for row in (0, 1):  # the choice and the reason, their labels with them
                verdict.setRowVisible(row, False)
            self.verdict_box.setTitle(_("Evidence"))

        layout.addWidget(QLabel(_("Acknowledgements of this unit"), self))
        self.history_rows = StaticRows()
        self.history_model = CellTableModel(
            ACK_COLUMNS, self.history_rows,
            texts={"current": lambda a: _("in force") if a.current else _("an earlier version")}, parent=self)
        self.history = list_table(self, self.history_model, stretch="by_name", remember="directives.distribution.history")
        self.history.setMaximumHeight(130)
        self.history_empty = empty_state(self.history, _("This unit has not acknowledged the directive yet."))
        self.history_empty.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.history)

        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)

        self.ack_button.clicked.connect(self.acknowledge)
        self.choose_evidence_button.clicked.connect(self.choose_evidence)
        self.impl_button.clicked.connect(self.record_implementation)
        self.verdict_button.clicked.connect(self.record_verdict)
        self.undo_verdict_button.clicked.connect(self.undo_verdict)
        self.open_evidence_button.clicked.connect(self.open_evidence)
        self.refuse_radio.toggled.connect(lambda on: self.verdict_reason.setEnabled(on))
        self.verdict_reason.setEnabled(False)
        self._show()

    # -- showing -----------------------------------------------------------------------------------

    def _show(self) -> None:
        r = self.recipient
        self.setWindowTitle(f"{r.unit_name} — {number_text(r.directive_number)}")
        self.header.setText(f"{r.unit_name} — {number_text(r.directive_number)} {r.directive_title}")
        self.state.setText(r.state.label)
        self.state.setStyleSheet(f"background: {r.state.colour}; color: black; border-radius: 3px;"
                                 + (" font-weight: bold;" if r.state.overdue else ""))
        lines = [_("Communicated on {date}; version {version} is in force.").format(
            date=format_jalali_date(r.communicated_on), version=digits(r.current_version))]
        if r.ack_due:
            lines.append(_("Acknowledge by {date}.").format(date=format_jalali_date(r.ack_due)))
        if r.impl_due:
            lines.append(_("Implement by {date}.").format(date=format_jalali_date(r.impl_due)))
        if r.acknowledged_version is not None:
            lines.append(_("Acknowledged: {text}").format(text=acknowledged_by(r)))
        if r.implemented_on is not None:
            lines.append(_("Implemented on {date}: {note}").format(date=format_jalali_date(r.implemented_on),
                                                                   note=r.implementation_note))
        if r.evidence_name:
            lines.append(_("Evidence: {name}").format(name=ltr_isolate(r.evidence_name)))
        if r.verdict:
            lines.append(_("Verdict: {text} ({date})").format(text=verdict_text(r), date=format_jalali_date(r.verdict_on)))
        self.facts.setText("\n".join(lines))
        current_acknowledged = r.acknowledged_version == r.current_version
        self.ack_box.setEnabled(not current_acknowledged)
        self.ack_box.setToolTip(_("This unit has already acknowledged the version in force.") if current_acknowledged else "")
        self.ack_on.setMinimumDate(r.communicated_on)
        accepted = r.verdict == Verdict.ACCEPTED.value
        self.impl_box.setEnabled(not accepted)
        self.verdict_button.setEnabled(r.implemented_on is not None)
        self.accept_radio.setEnabled(r.implemented_on is not None)
        self.refuse_radio.setEnabled(r.implemented_on is not None)
        self.undo_verdict_button.setEnabled(bool(r.verdict))
        self.open_evidence_button.setEnabled(r.has_evidence)
        try:
            self.history_rows.rows = dv.acknowledgements(self.db, self.actor, r.id)
        except Exception as exc:
            self.history_rows.rows = []
            show_error(self, exc)
        self.history_model.reload()
        fit_columns_to_contents(self.history)

    def reload(self) -> None:
        try:
            found = next((x for x in dv.list_recipients(self.db, self.actor, self.recipient.directive_id)
                          if x.id == self.recipient.id), None)
        except Exception as exc:
            show_error(self, exc)
            return
        if found is not None:
            self.recipient = found
        self._show()

    def _run(self, action: Callable[[], dv.RecipientInfo], error: FieldError) -> bool:
        error.set_error(None)
        try:
            self.recipient = action()
        except StaleRecord as exc:
            show_error(self, exc)
            self._reload_after_refusal()
            return False
        except UserError as exc:
            if exc.field:  # about what was typed here: beside it
                error.set_error(str(exc))
            else:  # a refusal of the step itself: the services' sentence in a box
                show_error(self, exc)
                self._reload_after_refusal()  # often another PC's step came first (acknowledged already)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self._show()
        self.changed.emit()
        return True

    def _reload_after_refusal(self) -> None:
        """What the database holds now shows here; when another person changed the unit's
        state meanwhile, the views behind follow too (`changed`)."""
        before = self.recipient.version
        self.reload()
        if self.recipient.version != before:
            self.changed.emit()

    # -- the unit's steps ------------------------------------------------------------------------

    def acknowledge(self) -> bool:
        r = self.recipient
        return self._run(lambda: dv.acknowledge(self.db, self.actor, r.directive_id, r.unit_id, by_name=self.ack_name.text(),
                                                by_post=self.ack_post.text(), on=self.ack_on.date(),
                                                version=r.current_version), self.ack_error)

    def choose_evidence(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Evidence file"), str(Path.home()), file_filter(_(EVIDENCE_FILTER)))
        if path:
            self.set_evidence(Path(path))

    def set_evidence(self, path: Path | None) -> None:
        self.evidence_path = path
        self.evidence_label.setText(ltr_isolate(path.name) if path is not None else _("No file chosen"))

    def record_implementation(self) -> bool:
        r = self.recipient
        on = self.impl_on.date() or dv.today()
        name: str | None = None
        content: bytes | None = None
        if self.evidence_path is not None:
            try:
                content = self.evidence_path.read_bytes()
            except OSError as exc:
                self.impl_error.set_error(_("The file could not be read: {reason}").format(reason=exc.strerror or str(exc)))
                return False
            name = self.evidence_path.name
        done = self._run(lambda: dv.record_implementation(self.db, self.actor, r.id, expected_version=r.version, on=on,
                                                          note=self.impl_note.text(), evidence_name=name, evidence=content),
                         self.impl_error)
        if done:
            self.set_evidence(None)
        return done

    def record_verdict(self) -> bool:
        r = self.recipient
        choice = Verdict.ACCEPTED if self.accept_radio.isChecked() else Verdict.NOT_ACCEPTED
        reason = self.verdict_reason.text() if choice is Verdict.NOT_ACCEPTED else ""
        return self._run(lambda: dv.check_evidence(self.db, self.actor, r.id, expected_version=r.version, verdict=choice,
                                                   reason=reason), self.verdict_error)

    def undo_verdict(self) -> bool:
        r = self.recipient
        return self._run(lambda: dv.undo_verdict(self.db, self.actor, r.id, expected_version=r.version), self.verdict_error)

    def open_evidence(self) -> Path | None:
        try:
            name, content = dv.evidence_content(self.db, self.actor, self.recipient.id)
        except Exception as exc:
            show_error(self, exc)
            return None
        path = Path(tempfile.mkdtemp(prefix="pr-desk-evidence-")) / name
        path.write_bytes(content)
        self.open_file(path)
        return path


def open_recipient(parent: QWidget, db: Office, actor: Actor, recipient: dv.RecipientInfo,
                   on_changed: Callable[[], object]) -> RecipientDialog:
    """Opens a unit's window (window-modal, without blocking the caller) and returns it."""
    dialog = RecipientDialog(db, actor, recipient, parent)
    dialog.changed.connect(on_changed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def find_recipient(db: Office, actor: Actor, directive_id: uuid.UUID, recipient_id: uuid.UUID) -> dv.RecipientInfo | None:
    return next((r for r in dv.list_recipients(db, actor, directive_id) if r.id == recipient_id), None)


# -- a directive's units --------------------------------------------------------------------------

class RecipientsPanel(QWidget):
    """The units a directive was sent to, each coloured by its state; `changed` after a write."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.detail: dv.DirectiveDetail | None = None
        self.can_distribute = actor.can(Permission.MANAGE_DIRECTIVES)
        self.last_dialog: RecipientDialog | None = None
        self.distribute_dialog_open: DistributeDialog | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.rows = StaticRows()
        self.model = recipient_model(self.rows, self)
        self.table = list_table(self, self.model, stretch="acknowledged", remember="directives.distribution")
        self.empty = empty_state(self.table, lambda: (
            _("This directive has not been sent to any unit yet. Send it with “Send to units…”: to every "
              "district, a kind of unit, or the units you choose.") if self.can_distribute
            else _("This directive has not been sent to any unit yet.")))
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.distribute_button = QPushButton(_("Send to units…"), self)
        self.distribute_button.setToolTip(_("Send the directive in force to all districts, a kind of unit, or chosen units"))
        self.distribute_button.setVisible(self.can_distribute)
        self.open_button = QPushButton(_("Acknowledgement and implementation…"), self)
        self.open_button.setToolTip(_("The selected unit's acknowledgement, implementation and evidence (Enter or double-click)"))
        bar.addWidget(self.distribute_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.distribute_button.clicked.connect(lambda: self.distribute_dialog().open())
        self.open_button.clicked.connect(self.open_current)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        add_open_keys(self.table, self.open_current, _("Recipients: open the selected unit"))

    def set_directive(self, detail: dv.DirectiveDetail) -> None:
        self.detail = detail
        self.reload()

    def reload(self) -> None:
        if self.detail is None:
            return
        try:
            self.rows.rows = dv.list_recipients(self.db, self.actor, self.detail.info.id)
        except Exception as exc:
            self.rows.rows = []
            show_error(self, exc)
        self.model.reload()
        fit_columns_to_contents(self.table)
        in_force = self.detail.info.status is DirectiveStatus.IN_FORCE
        self.distribute_button.setEnabled(in_force)
        if not self.rows.rows:
            self.summary.setText(_("Not sent to any unit yet. Once it is issued, “Send to units…” sends it.") if self.can_distribute
                                 else _("Not sent to any unit yet."))
            return
        counts: dict[RecipientState, int] = {}
        for r in self.rows.rows:
            counts[r.state] = counts.get(r.state, 0) + 1
        self.summary.setText("؛ ".join(f"{state.label}: {digits(n)}" for state, n in counts.items()))

    def distribute_dialog(self) -> DistributeDialog:
        assert self.detail is not None
        already = {r.unit_id for r in self.rows.rows}
        dialog = DistributeDialog(self.db, self.actor, self.detail, already, self)
        dialog.accepted.connect(functools.partial(self._after_distribute, dialog))
        self.distribute_dialog_open = dialog
        return dialog

    def _after_distribute(self, dialog: DistributeDialog) -> None:
        self.reload()
        self.changed.emit()
        if dialog.added == 0:
            show_error(self, UserError(N_("Every chosen unit had already been sent this directive.")))

    def open_current(self) -> RecipientDialog | None:
        r = selected_row(self.table)
        if r is None:
            return None
        self.last_dialog = open_recipient(self, self.db, self.actor, r, self._after_unit_changed)
        return self.last_dialog

    def _after_unit_changed(self) -> None:
        current = selected_row(self.table)
        self.reload()
        if current is not None:
            row = next((i for i, r in enumerate(self.rows.rows) if r.id == current.id), -1)
            if row >= 0:
                select_row(self.table, row)
        self.changed.emit()