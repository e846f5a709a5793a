"""The editable list of directive kinds (دستورالعمل، آئین‌نامه اجرایی ...): each with the
prefix its numbers carry; add one, rename one, retire or restore one. For those who may
(APPROVE_DIRECTIVES). A kind already used keeps its prefix: the services refuse the change
and the sentence shows beside the prefix field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pr_desk.i18n import _
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor
from pr_desk.ui.directives.common import number_text
from pr_desk.ui.kit.formatting import display_digits
from pr_desk.ui.kit.forms import FormDialog, attempt
from pr_desk.ui.kit.table_view import select_row

if TYPE_CHECKING:
    from pr_desk.services.office import Office


class KindDialog(FormDialog):
    """A new kind, or the name and prefix of one (`kind` given)."""

    def __init__(self, db: Office, actor: Actor, kind: dv.KindInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New kind") if kind is None else _("Rename kind"))
        self.db, self.actor, self.kind = db, actor, kind
        self.saved: dv.KindInfo | None = None
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.prefix_edit = QLineEdit(self)
        self.prefix_edit.setMaxLength(10)
        self.add_field("name", _("Name"), self.name_edit)
        self.add_field("prefix", _("Number prefix"), self.prefix_edit)
        self.set_intro(_("Numbers of this kind begin with its prefix, e.g. {example}. "
                         "A kind already used by directives keeps its prefix.").format(example=number_text("د/1405/012")))
        if kind is not None:
            self.name_edit.setText(kind.name)
            self.prefix_edit.setText(kind.prefix)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.name_edit.text().strip():
            problems["name"] = _("Enter the kind's name.")
        if not self.prefix_edit.text().strip():
            problems["prefix"] = _("Enter the prefix of its numbers.")
        return problems

    def save(self) -> None:
        k = self.kind
        self.saved = dv.save_kind(
            self.db, self.actor, kind_id=k.id if k else None, name=self.name_edit.text(), prefix=self.prefix_edit.text(),
            retired=k.retired if k else False, expected_version=k.version if k else None)


class KindsDialog(QDialog):
    """The list of kinds with Add, Rename and Retire/Restore; `changed` is True after a write."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.changed = False
        self.kinds: list[dv.KindInfo] = []
        self.setWindowTitle(_("Directive kinds"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(520, 360)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("Kind"), _("Number prefix"), _("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add…"), self)
        self.rename_button = QPushButton(_("Rename…"), self)
        self.retire_button = QPushButton(_("Retire kind"), self)
        self.retire_button.setToolTip(_("A retired kind is no longer offered for new directives; its directives keep it"))
        for button in (self.add_button, self.rename_button, self.retire_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self.add_kind)
        self.rename_button.clicked.connect(self.rename_kind)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.table.itemSelectionChanged.connect(self.refresh_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.rename_kind())
        self.reload()

    def reload(self, select: dv.KindInfo | None = None) -> None:
        self.kinds = dv.list_kinds(self.db, self.actor, include_retired=True)
        self.table.setRowCount(len(self.kinds))
        for r, kind in enumerate(self.kinds):
            status = _("Retired") if kind.retired else _("In use")
            for c, text in enumerate((kind.name, display_digits(kind.prefix), status)):
                item = QTableWidgetItem(text)
                if kind.retired:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
            if select is not None and kind.id == select.id:
                select_row(self.table, r)  # selectRow selects nothing in a right-to-left window
        self.table.resizeColumnToContents(1)
        self.refresh_buttons()

    def current(self) -> dv.KindInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.kinds[rows[0].row()] if rows else None

    def refresh_buttons(self) -> None:
        kind = self.current()
        self.rename_button.setEnabled(kind is not None)
        self.retire_button.setEnabled(kind is not None)
        self.retire_button.setText(_("Restore kind") if kind is not None and kind.retired else _("Retire kind"))

    def _edit(self, kind: dv.KindInfo | None) -> None:
        dialog = KindDialog(self.db, self.actor, kind, self)
        if dialog.exec() and dialog.saved is not None:
            self.changed = True
            self.reload(dialog.saved)

    def add_kind(self) -> None:
        self._edit(None)

    def rename_kind(self) -> None:
        kind = self.current()
        if kind is not None:
            self._edit(kind)

    def toggle_retired(self) -> None:
        kind = self.current()
        if kind is None:
            return
        ok, saved = attempt(self, lambda: dv.save_kind(self.db, self.actor, kind_id=kind.id, name=kind.name, prefix=kind.prefix,
                                                         retired=not kind.retired, expected_version=kind.version))
        if ok and saved is not None:
            self.changed = True
            self.reload(saved)
