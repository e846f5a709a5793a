"""One directive in its own window: the draft (kind, title, subject tags, issuer, dates,
the body as Persian paragraphs, attached files), the approval steps by role (send for
review, approve, return with a reason, issue, amend with a new version), its versions,
its links to other directives both ways, the text in force on a chosen day beside its
history, and the units it was sent to."""

from __future__ import annotations

import functools
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.directives import EDITABLE, MAX_TITLE, DirectiveStatus, Relation, VersionStatus
from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.domain.jalali import format_jalali
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import file_size, ltr_isolate
from pr_desk.i18n import N_, _, is_rtl
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor, require
from pr_desk.ui.directives.common import (
    CellTableModel,
    fill_kind_combo,
    kinds_for,
    number_text,
    rtl_line,
    stage_label,
)
from pr_desk.ui.directives.distribution import RecipientsPanel
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import digits, file_filter, format_datetime, format_jalali_date
from pr_desk.ui.kit.forms import FormDialog
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.messages import FieldError, FormField, may_drop_changes, show_error
from pr_desk.ui.kit.paged_table_model import Column, StaticRows
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.table_view import fit_columns_to_contents, list_table, select_row, selected_row
from pr_desk.ui.kit.widgets import find_data, heading
from pr_desk.ui.report_actions import ReportExporter, exporter_for

if TYPE_CHECKING:
    from pr_desk.services.office import Office

DOCUMENT_FILTER = N_("Documents (*.pdf *.doc *.docx *.png *.jpg *.jpeg *.tif *.tiff)")

VERSION_COLUMNS = (
    Column("number", N_("Version"), kind="int"),
    Column("status", N_("Status")),
    Column("approved_on", N_("Approval date"), kind="date"),
    Column("issued_on", N_("Issue date"), kind="date"),
    Column("effective_on", N_("Effective date"), kind="date"),
    Column("expires_on", N_("Expiry date"), kind="date"),
    Column("change_note", N_("What changed and why")),
    Column("return_reason", N_("Reason for return")),
)
LINK_COLUMNS = (
    Column("relation", N_("Relation")),
    Column("other_number", N_("Number")),
    Column("other_title", N_("Title")),
    Column("linked_on", N_("Date"), kind="date"),
    Column("note", N_("Note")),
)
ATTACHMENT_COLUMNS = (
    Column("file_name", N_("File")),
    Column("mime", N_("Type")),
    Column("size", N_("Size")),
)


def _mime_text(mime: str) -> str:
    if mime == "application/pdf":
        return "PDF"
    if "word" in mime:
        return "Word"
    return _("Image") if mime.startswith("image/") else mime


def _steps_tip(v: dv.VersionInfo) -> str:
    steps = [(N_("Sent for review"), v.submitted_at), (N_("Approved"), v.approved_at), (N_("Issued"), v.issued_at),
             (N_("Returned"), v.returned_at)]
    return "\n".join(f"{_(label)}: {format_datetime(when)}" for label, when in steps if when is not None)


def _link_relation(link: dv.LinkInfo) -> str:
    return link.relation.label if link.outgoing else link.relation.inverse_label


def _start_edge() -> Qt.AlignmentFlag:
    """Where a sentence starts in the language's direction, whatever its first letter."""
    return (Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignAbsolute


def rtl_text_edit(parent: QWidget, *, read_only: bool = False) -> QPlainTextEdit:
    """A Persian text box: paragraphs right to left from their first letter, wrapped at words."""
    edit = QPlainTextEdit(parent)
    edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    edit.document().setDefaultTextOption(option)
    edit.setTabChangesFocus(True)
    edit.setReadOnly(read_only)
    return edit


# -- the small dialogs of the approval steps ------------------------------------------------

class _StepDialog(FormDialog):
    """A step on the directive's latest version; `detail` holds the result after OK."""

    def __init__(self, parent: QWidget | None, title: str, db: Office, actor: Actor, current: dv.DirectiveDetail,
                 ok_text: str) -> None:
        super().__init__(parent, title, ok_text=ok_text)
        self.db = db
        self.actor = actor
        self.current = current
        self.detail: dv.DirectiveDetail | None = None
        self.set_intro(rtl_line(f"{number_text(current.info.number)} {current.info.title}".strip()))

    def show_user_error(self, exc: UserError) -> None:
        if isinstance(exc, StaleRecord):
            show_error(self, exc)  # the services' sentence; the window reloads when this closes
            self.reject()
            return
        super().show_user_error(exc)


class ReturnDialog(_StepDialog):
    def __init__(self, parent: QWidget | None, db: Office, actor: Actor, current: dv.DirectiveDetail) -> None:
        super().__init__(parent, _("Return to the drafter"), db, actor, current, _("Return"))
        self.reason = rtl_text_edit(self)
        self.reason.setFixedHeight(90)
        self.add_field("reason", _("Reason"), self.reason)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return {} if self.reason.toPlainText().strip() else {"reason": _("Say why the version goes back.")}

    def save(self) -> None:
        self.detail = dv.return_version(self.db, self.actor, self.current.info.id, reason=self.reason.toPlainText(),
                                        expected_version=self.current.latest.version)


class IssueDialog(_StepDialog):
    def __init__(self, parent: QWidget | None, db: Office, actor: Actor, current: dv.DirectiveDetail) -> None:
        super().__init__(parent, _("Issue the directive"), db, actor, current, _("Issue"))
        latest = current.latest
        self.issued_on = JalaliDateEdit(self)
        self.effective_on = JalaliDateEdit(self, nullable=True, date=latest.effective_on)
        self.effective_on.setPlaceholderText(_("The issue date"))
        self.add_field("issued_on", _("Issue date"), self.issued_on)
        self.add_field("effective_on", _("Effective date"), self.effective_on)
        if current.info.number is None:
            self.set_intro(_("Issuing gives “{title}” its number, for the Jalali year of the issue date.").format(title=current.info.title))
        else:
            self.set_intro(_("Version {number} becomes the text in force; every unit it was sent to is asked to acknowledge it again.")
                           .format(number=digits(latest.number)))
        for edit in (self.issued_on, self.effective_on):
            edit.validityChanged.connect(lambda _v: self.refresh_validity())
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = {}
        if not self.issued_on.isValid() or self.issued_on.date() is None:
            problems["issued_on"] = self.issued_on.errorText() or _("Enter a date.")
        if not self.effective_on.isValid():
            problems["effective_on"] = self.effective_on.errorText() or ""
        return problems

    def save(self) -> None:
        self.detail = dv.issue(self.db, self.actor, self.current.info.id, expected_version=self.current.latest.version,
                               issued_on=self.issued_on.date(), effective_on=self.effective_on.date())


class AmendDialog(_StepDialog):
    def __init__(self, parent: QWidget | None, db: Office, actor: Actor, current: dv.DirectiveDetail) -> None:
        super().__init__(parent, _("Amend: a new version"), db, actor, current, _("Start version {number}").format(
            number=digits(current.latest.number + 1)))
        self.set_intro(_("The new version starts as a draft from the text in force, and goes through review, "
                         "approval and issue like the first. Say what changes and why."))
        self.change_note = rtl_text_edit(self)
        self.change_note.setFixedHeight(90)
        self.add_field("change_note", _("What changed and why"), self.change_note)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return {} if self.change_note.toPlainText().strip() else {"change_note": _("Say what changes in this version and why.")}

    def save(self) -> None:
        self.detail = dv.amend(self.db, self.actor, self.current.info.id, change_note=self.change_note.toPlainText())


class LinkDialog(_StepDialog):
    """This directive supersedes, amends or repeals another, chosen by its number."""

    def __init__(self, parent: QWidget | None, db: Office, actor: Actor, current: dv.DirectiveDetail) -> None:
        super().__init__(parent, _("Link to another directive"), db, actor, current, _("Link"))
        self.relation = QComboBox(self)
        for relation in Relation:
            self.relation.addItem(relation.label, relation)
        self.number = QLineEdit(self)
        self.number.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.number.setPlaceholderText(_("e.g. د/۱۴۰۴/۰۱۲"))
        self.found = QLabel(self)
        self.found.setWordWrap(True)
        self.on = JalaliDateEdit(self)
        self.note = QLineEdit(self)
        self.add_field("relation", _("This directive"), self.relation)
        self.add_field("number", _("the directive numbered"), self.number)
        self.form.addRow("", self.found)
        self.add_field("on", _("Date"), self.on)
        self.add_field("note", _("Note"), self.note)
        self.target: dv.DirectiveInfo | None = None
        self.number.textChanged.connect(self._on_number_changed)
        self.refresh_validity()

    def _on_number_changed(self, text: str) -> None:
        self.target = None
        self.found.clear()
        if not text.strip():
            return
        try:
            self.target = dv.find_by_number(self.db, self.actor, text)
        except UserError as exc:
            self.found.setText(str(exc))
        else:
            self.found.setText(f"{self.target.title} — {self.target.status.label}")
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        if self.target is None:
            return {"number": _("Type the number of an issued directive.")}
        return {}

    def save(self) -> None:
        assert self.target is not None
        self.detail = dv.link_directives(self.db, self.actor, self.current.info.id, self.target.id,
                                         Relation(self.relation.currentData()), on=self.on.date(), note=self.note.text())


# -- the window -------------------------------------------------------------------------------

class DirectiveDialog(QDialog):
    """A directive (None: a new draft). `changed(directive id)` after every write; the
    window keeps what the services handed back in `detail`."""

    changed = Signal(object)
    open_directive = Signal(object)  # a linked directive's id

    def __init__(self, db: Office, actor: Actor, directive_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        if directive_id is None:
            require(actor, Permission.MANAGE_DIRECTIVES)  # no empty draft window for a role that cannot save it
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.db = db
        self.actor = actor
        self.detail: dv.DirectiveDetail | None = None
        self.can_manage = actor.can(Permission.MANAGE_DIRECTIVES)
        self.can_approve = actor.can(Permission.APPROVE_DIRECTIVES)
        self._dirty = False
        self._loading = False
        self.step_dialog: _StepDialog | None = None
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.resize(980, 720)
        layout = QVBoxLayout(self)

        self.header = heading("", self)
        self.header.setWordWrap(True)
        self.stage = QLabel(self)
        self.stage.setWordWrap(True)
        self.returned = FieldError(self)
        self.returned.setAlignment(_start_edge())
        layout.addWidget(self.header)
        layout.addWidget(self.stage)
        layout.addWidget(self.returned)

        actions = QHBoxLayout()
        self.save_button = QPushButton(_("Save draft"), self)
        self.save_button.setToolTip(_("Save the draft (Ctrl+S)"))
        self.submit_button = QPushButton(_("Send for review"), self)
        self.approve_button = QPushButton(_("Approve"), self)
        self.return_button = QPushButton(_("Return…"), self)
        self.return_button.setToolTip(_("Send the version back to the drafter with a reason"))
        self.issue_button = QPushButton(_("Issue…"), self)
        self.amend_button = QPushButton(_("Amend…"), self)
        self.amend_button.setToolTip(_("Start a new version of the issued text, saying what changes and why"))
        self.reload_button = QPushButton(_("Reload"), self)
        self.reload_button.setToolTip(_("Show the directive as it is saved now (unsaved changes are dropped)"))
        for button in (self.save_button, self.submit_button, self.approve_button, self.return_button, self.issue_button,
                       self.amend_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.reports_button = QPushButton(_("Print"), self)
        self.reports_button.setToolTip(_("The official letters to the units and the consolidated text, as PDF or Excel"))
        self.reports_button.setMenu(QMenu(self.reports_button))
        self.reports_button.hide()
        actions.addWidget(self.reports_button)
        actions.addWidget(self.reload_button)
        layout.addLayout(actions)
        for button in (self.save_button, self.submit_button, self.amend_button):
            button.setVisible(self.can_manage)
        for button in (self.approve_button, self.return_button, self.issue_button):
            button.setVisible(self.can_approve)

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self._build_text_tab()
        self._build_versions_tab()
        self._build_links_tab()
        self._build_in_force_tab()
        self.recipients = RecipientsPanel(db, actor, self)
        self.tabs.addTab(self.recipients, _("Units"))
        self.recipients.changed.connect(self._on_recipients_changed)

        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)

        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(lambda: self._open_step(self.return_dialog()))
        self.issue_button.clicked.connect(lambda: self._open_step(self.issue_dialog()))
        self.amend_button.clicked.connect(lambda: self._open_step(self.amend_dialog()))
        self.reload_button.clicked.connect(self.reload)
        add_shortcut(self, QKeySequence.StandardKey.Save, self.save, _("Directive window: save the draft"))

        self._fill_kinds()
        if directive_id is None:
            self._show(None)
        else:
            self.detail = dv.get_directive(db, actor, directive_id)
            self._show(self.detail)

    # -- building -------------------------------------------------------------------------------

    def _field(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> FormField:
        field = FormField(widget, self)
        self.fields[name] = field
        form.addRow(label, field)
        return field

    def _build_text_tab(self) -> None:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, FormField] = {}
        self.kind = QComboBox(page)
        self.title_edit = QLineEdit(page)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.tags = QLineEdit(page)
        self.tags.setPlaceholderText(_("Subjects, separated by commas: news, media"))
        self.issuer = QLineEdit(page)
        self.issuer.setPlaceholderText(_("e.g. the PR deputy"))
        dates = QHBoxLayout()
        self.approved_on = JalaliDateEdit(page, nullable=True)
        self.effective_on = JalaliDateEdit(page, nullable=True)
        self.expires_on = JalaliDateEdit(page, nullable=True)
        self.expires_on.setPlaceholderText(_("No expiry"))
        self._field(form, "kind", _("Kind"), self.kind)
        self._field(form, "title", _("Title"), self.title_edit)
        self._field(form, "tags", _("Subjects"), self.tags)
        self._field(form, "issuer", _("Issuer"), self.issuer)
        for name, label, edit in (("approved_on", _("Approval date"), self.approved_on),
                                  ("effective_on", _("Effective date"), self.effective_on),
                                  ("expires_on", _("Expiry date"), self.expires_on)):
            field = FormField(edit, page)
            self.fields[name] = field
            dates.addWidget(QLabel(label, page))
            dates.addWidget(field, 1)
        form.addRow(_("Dates"), dates)
        self.change_note = QLineEdit(page)
        self.change_note_field = self._field(form, "change_note", _("What changed and why"), self.change_note)
        outer.addLayout(form)
        self.text_form = form
        self.body = rtl_text_edit(page)
        self.body.setPlaceholderText(_("The text of the directive, one paragraph per article; or attach its file below."))
        self.body_field = FormField(self.body, page)
        self.fields["body"] = self.body_field
        outer.addWidget(QLabel(_("Text"), page))
        outer.addWidget(self.body_field, 1)

        files = QGroupBox(_("Attached files"), page)
        files_layout = QHBoxLayout(files)
        self.attachment_rows = StaticRows()
        self.attachment_model = CellTableModel(ATTACHMENT_COLUMNS, self.attachment_rows,
                                               texts={"size": lambda a: file_size(a.size), "mime": lambda a: _mime_text(a.mime)}, parent=self)
        self.attachments = list_table(files, self.attachment_model, stretch="file_name", remember="directives.directive.files")
        self.attachments.setMaximumHeight(120)
        self.attachments_empty = empty_state(self.attachments, _(
            "No file is attached. Attach the signed copy or its annexes with “Add file…”."))
        self.attachments_empty.setContentsMargins(6, 6, 6, 6)
        self.attachments.doubleClicked.connect(lambda _i: self.open_attachment())
        buttons = QVBoxLayout()
        self.attach_button = QPushButton(_("Add file…"), files)
        self.open_attachment_button = QPushButton(_("Open"), files)
        self.remove_attachment_button = QPushButton(_("Remove"), files)
        for button in (self.attach_button, self.open_attachment_button, self.remove_attachment_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        files_layout.addWidget(self.attachments, 1)
        files_layout.addLayout(buttons)
        self.attachment_error = FieldError(files)
        self.attachment_error.setAlignment(_start_edge())
        outer.addWidget(files)
        outer.addWidget(self.attachment_error)
        self.attach_button.clicked.connect(self.choose_attachment)
        self.open_attachment_button.clicked.connect(self.open_attachment)
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        self.tabs.addTab(page, _("Text"))

        for line in (self.title_edit, self.tags, self.issuer, self.change_note):
            line.textChanged.connect(self._on_edited)
        self.body.textChanged.connect(self._on_edited)
        self.kind.currentIndexChanged.connect(self._on_edited)
        for date_edit in (self.approved_on, self.effective_on, self.expires_on):
            date_edit.dateChanged.connect(self._on_edited)

    def _build_versions_tab(self) -> None:
        self.version_rows = StaticRows()
        self.version_model = CellTableModel(
            VERSION_COLUMNS, self.version_rows, texts={"status": lambda v: v.status.label},
            tips={"status": _steps_tip, "change_note": lambda v: v.change_note, "return_reason": lambda v: v.return_reason},
            parent=self)
        self.versions = list_table(self, self.version_model, stretch="change_note", remember="directives.directive.versions")
        self.versions_empty = empty_state(self.versions, _("No version yet: saving the directive makes its first draft."))
        self.tabs.addTab(self.versions, _("Versions"))

    def _build_links_tab(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.link_rows = StaticRows()
        self.link_model = CellTableModel(LINK_COLUMNS, self.link_rows,
                                         texts={"relation": _link_relation, "other_number": lambda lk: number_text(lk.other_number)},
                                         parent=self)
        self.links = list_table(page, self.link_model, stretch="other_title", remember="directives.directive.links")
        self.links.doubleClicked.connect(lambda _i: self._open_linked())
        self.links_empty = empty_state(self.links, _(
            "This directive supersedes, amends or repeals no other. Record such a link with “Add link…”."))
        bar = QHBoxLayout()
        self.add_link_button = QPushButton(_("Add link…"), page)
        self.add_link_button.setToolTip(_("Record that this directive supersedes, amends or repeals another"))
        self.add_link_button.setVisible(self.can_approve)
        self.add_link_button.clicked.connect(lambda: self._open_step(self.link_dialog()))
        self.open_link_button = QPushButton(_("Open the other directive"), page)
        self.open_link_button.clicked.connect(self._open_linked)
        bar.addWidget(self.add_link_button)
        bar.addWidget(self.open_link_button)
        bar.addStretch(1)
        layout.addWidget(self.links, 1)
        layout.addLayout(bar)
        self.tabs.addTab(page, _("Links"))

    def _build_in_force_tab(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.in_force_on = JalaliDateEdit(page)
        bar.addWidget(QLabel(_("The text in force on"), page))
        bar.addWidget(self.in_force_on)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.in_force_label = heading("", page)
        self.in_force_label.setWordWrap(True)
        layout.addWidget(self.in_force_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        self.in_force_text = rtl_text_edit(splitter, read_only=True)
        history = QWidget(splitter)
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(QLabel(_("History"), history))
        self.history_rows = StaticRows()
        self.history_model = CellTableModel(
            (Column("number", N_("Version"), kind="int"), Column("effective_on", N_("In force from"), kind="date"),
             Column("ends", N_("Until")), Column("change_note", N_("What changed and why"))),
            self.history_rows, texts={"ends": self._until_text},
            colours={"number": self._in_force_colour, "effective_on": self._in_force_colour},
            tips={"change_note": lambda v: v.change_note}, parent=self)
        self.history = list_table(history, self.history_model, stretch="change_note", remember="directives.directive.history")
        self.history.clicked.connect(self._on_history_clicked)
        self.history_empty = empty_state(self.history, _("No version has been in force yet: a directive is in force "
                                                           "once it is issued."))
        history_layout.addWidget(self.history, 1)
        splitter.addWidget(self.in_force_text)
        splitter.addWidget(history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.in_force_on.dateChanged.connect(lambda _d: self.show_in_force())
        self.tabs.addTab(page, _("Text in force"))
        self._in_force_number: int | None = None

    # -- showing --------------------------------------------------------------------------------

    def _fill_kinds(self) -> None:
        try:
            kinds = kinds_for(self.db, self.actor)
        except Exception as exc:
            show_error(self, exc)
            kinds = []
        fill_kind_combo(self.kind, kinds)

    def editable(self) -> bool:
        """Whether this role may change the text now (a draft or returned version)."""
        return self.can_manage and (self.detail is None or self.detail.latest.status in EDITABLE)

    def _show(self, detail: dv.DirectiveDetail | None, *, form: bool = True) -> None:
        self.detail = detail
        self._loading = True
        try:
            if form:
                self._show_form(detail)
            self._show_state(detail)
            if detail is not None:
                self._show_lists(detail)
        finally:
            self._loading = False
        if form:
            self._dirty = False
        self._refresh_buttons()

    def _show_form(self, detail: dv.DirectiveDetail | None) -> None:
        for field in self.fields.values():
            field.set_error(None)
        if detail is None:
            for edit in (self.title_edit, self.tags, self.issuer, self.change_note):
                edit.clear()
            self.body.clear()
            for date_edit in (self.approved_on, self.effective_on, self.expires_on):
                date_edit.clear()
            self.text_form.setRowVisible(self.change_note_field, False)
            return
        info, latest = detail.info, detail.latest
        index = find_data(self.kind, info.kind_id)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self.title_edit.setText(info.title)
        self.tags.setText("، ".join(info.tags))
        self.issuer.setText(info.issuer)
        self.approved_on.setDate(latest.approved_on)
        self.effective_on.setDate(latest.effective_on)
        self.expires_on.setDate(latest.expires_on)
        self.change_note.setText(latest.change_note)
        self.text_form.setRowVisible(self.change_note_field, latest.number > 1)
        self.body.setPlainText(latest.body)

    def _show_state(self, detail: dv.DirectiveDetail | None) -> None:
        if detail is None:
            self.setWindowTitle(_("New directive"))
            self.header.setText(_("New directive"))
            self.stage.setText(_("A draft: save it, then send it for review. Issuing gives it its number."))
            self.returned.set_error(None)
            for i in range(1, self.tabs.count()):
                self.tabs.setTabEnabled(i, False)
            return
        info, latest = detail.info, detail.latest
        number = number_text(info.number)
        self.setWindowTitle(rtl_line(f"{number} {info.title}".strip()))
        self.header.setText(rtl_line(f"{number} — {info.title}" if number else info.title))
        parts = [info.status.label, stage_label(latest.status, latest.number)]
        if info.current_version and info.current_version != latest.number:
            parts.insert(1, _("version {number} in force").format(number=digits(info.current_version)))
        ended = self._ended_text(detail)
        if ended:
            parts.append(ended)
        self.stage.setText(" · ".join(parts))
        self.returned.set_error(_("Returned: {reason}").format(reason=latest.return_reason)
                                if latest.status is VersionStatus.RETURNED and latest.return_reason else None)
        for i in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(i, True)
        self._rebuild_reports(detail)

    def _ended_text(self, detail: dv.DirectiveDetail) -> str:
        info = detail.info
        if info.ended_on is None:
            return ""
        by = next((lk for lk in detail.links if not lk.outgoing and lk.relation in (Relation.REPEALS, Relation.SUPERSEDES)), None)
        if by is None:
            return _("ended on {date}").format(date=format_jalali_date(info.ended_on))
        return _("{relation} {number} on {date}").format(relation=by.relation.inverse_label, number=number_text(by.other_number),
                                                        date=format_jalali_date(info.ended_on))

    def _show_lists(self, detail: dv.DirectiveDetail) -> None:
        self.attachment_rows.rows = list(detail.latest.attachments)
        self.attachment_model.reload()
        self.version_rows.rows = list(detail.versions)
        self.version_model.reload()
        fit_columns_to_contents(self.versions)
        self.link_rows.rows = list(detail.links)
        self.link_model.reload()
        fit_columns_to_contents(self.links)
        self.tabs.setTabText(2, _("Links ({count})").format(count=digits(len(detail.links))))
        self.tabs.setTabText(4, _("Units ({count})").format(count=digits(detail.info.recipients)))
        self.recipients.set_directive(detail)
        self.show_in_force()

    def _refresh_buttons(self) -> None:
        detail = self.detail
        editable = self.editable()
        status = detail.latest.status if detail is not None else VersionStatus.DRAFT
        numbered = detail is not None and detail.info.number is not None
        for edit in (self.title_edit, self.tags):
            edit.setReadOnly(not editable or numbered)
        self.kind.setEnabled(editable and not numbered)
        for edit in (self.issuer, self.change_note):
            edit.setReadOnly(not editable)
        self.body.setReadOnly(not editable)
        for date_edit in (self.approved_on, self.effective_on, self.expires_on):
            date_edit.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.submit_button.setEnabled(detail is not None and status in EDITABLE)
        self.approve_button.setEnabled(status is VersionStatus.REVIEW)
        self.return_button.setEnabled(status in (VersionStatus.REVIEW, VersionStatus.APPROVED))
        self.issue_button.setEnabled(status is VersionStatus.APPROVED)
        self.amend_button.setEnabled(detail is not None and status is VersionStatus.ISSUED
                                     and detail.info.status is DirectiveStatus.IN_FORCE)
        self.attach_button.setVisible(self.can_manage)
        self.remove_attachment_button.setVisible(self.can_manage)
        self.attach_button.setEnabled(editable)
        self.remove_attachment_button.setEnabled(editable and bool(self.attachment_rows.rows))
        self.open_attachment_button.setEnabled(bool(self.attachment_rows.rows))
        self.add_link_button.setEnabled(numbered)
        self.reload_button.setEnabled(detail is not None)

    def _rebuild_reports(self, detail: dv.DirectiveDetail) -> None:
        """The letters and the consolidated text of an issued directive (once it has its
        number), for the report kinds that are registered."""
        menu = self.reports_button.menu()
        if detail.info.number is None or not menu.isEmpty():
            return
        self.exporters: dict[str, ReportExporter] = {}
        for kind, label in (("directive-letter", _("Letters to the units")), ("directive-text", _("Consolidated text"))):
            exporter = exporter_for(self, kind, self.db, self.actor, self._report_params)
            if exporter is None:
                continue
            self.exporters[kind] = exporter
            menu.addAction(_("{report} (PDF)…").format(report=label), functools.partial(self._export, exporter, ".pdf"))
            menu.addAction(_("{report} (Excel)…").format(report=label), functools.partial(self._export, exporter, ".xlsx"))
            menu.addAction(_("{report}: print…").format(report=label), functools.partial(self._export, exporter, ""))
        self.reports_button.setVisible(not menu.isEmpty())

    @staticmethod
    def _export(exporter: ReportExporter, suffix: str, *_checked: object) -> None:
        if suffix:
            exporter.export(suffix)
        else:
            exporter.print_preview()

    def _report_params(self) -> dict[str, Any]:
        """The directive's number, and for its text the day chosen under "Text in force"."""
        day = self.in_force_on.date()
        return {"number": self.detail.info.number if self.detail is not None else None,
                "on": format_jalali(day, persian_digits=False) if day else None}

    # -- the text in force ------------------------------------------------------------------------

    def _until_text(self, v: dv.VersionInfo) -> str:
        later = [w for w in self.history_rows.rows if w.number > v.number and w.status is VersionStatus.ISSUED]
        end = v.expires_on
        if later:
            start = later[0].effective_on or later[0].issued_on
            end = min(d for d in (end, start) if d is not None) if start or end else None
        if self.detail is not None and self.detail.info.ended_on is not None:
            end = min(d for d in (end, self.detail.info.ended_on) if d is not None)
        return format_jalali_date(end) if end else ""

    def _in_force_colour(self, v: dv.VersionInfo) -> str | None:
        return "#c8e6c9" if v.number == self._in_force_number else None

    def show_in_force(self) -> None:
        """The version in force on the chosen day, its text, and the issued versions beside it."""
        if self.detail is None:
            return
        day = self.in_force_on.date() or dv.today()
        try:
            version, detail = dv.text_in_force(self.db, self.actor, self.detail.info.id, day)
        except Exception as exc:
            show_error(self, exc)
            return
        self._in_force_number = version.number if version is not None else None
        self.history_rows.rows = [v for v in detail.versions if v.status is VersionStatus.ISSUED]
        self.history_model.reload()
        fit_columns_to_contents(self.history)
        if version is None:
            ended = self._ended_text(detail)
            self.in_force_label.setText(_("No version of this directive was in force on {date}.").format(
                date=format_jalali_date(day)) + (f" ({ended})" if ended else ""))
            self.in_force_text.clear()
            return
        start = version.effective_on or version.issued_on
        self.in_force_label.setText(_("Version {number}, in force from {date}").format(
            number=digits(version.number), date=format_jalali_date(start)))
        self.in_force_text.setPlainText(version.body or _("(The text is in the attached file.)"))
        row = next((i for i, v in enumerate(self.history_rows.rows) if v.number == version.number), -1)
        if row >= 0:
            select_row(self.history, row)

    def _on_history_clicked(self, index: Any) -> None:
        v = self.history_rows.rows[index.row()] if 0 <= index.row() < len(self.history_rows.rows) else None
        if v is not None and (v.effective_on or v.issued_on):
            self.in_force_on.setDate(v.effective_on or v.issued_on)

    # -- writing ---------------------------------------------------------------------------------

    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True
            for field in self.fields.values():
                field.set_error(None)

    def is_dirty(self) -> bool:
        return self._dirty

    def _after_write(self, detail: dv.DirectiveDetail, *, form: bool = True) -> None:
        self._show(detail, form=form)
        self.changed.emit(detail.info.id)

    def _failed(self, exc: Exception) -> None:
        """A service refused: a sentence about a field goes beside it, a stale save or any
        other refusal in a box (the services' sentence)."""
        if isinstance(exc, UserError) and not isinstance(exc, StaleRecord):
            if exc.field == "attachment":
                self.attachment_error.set_error(str(exc))
                self.tabs.setCurrentIndex(0)
                return
            if exc.field in self.fields:
                self.fields[exc.field].set_error(str(exc))
                self.fields[exc.field].field.setFocus()
                self.tabs.setCurrentIndex(0)
                return
        show_error(self, exc)

    def _dates_ok(self) -> bool:
        for name, edit in (("approved_on", self.approved_on), ("effective_on", self.effective_on), ("expires_on", self.expires_on)):
            if not edit.isValid():
                self.fields[name].set_error(edit.errorText())
                return False
        return True

    def save(self) -> bool:
        """Saves the draft (a new directive the first time); whether it was saved."""
        if not self.editable() or not self._dates_ok():
            return False
        self.attachment_error.set_error(None)
        common: dict[str, Any] = {"issuer": self.issuer.text(), "body": self.body.toPlainText(),
                                  "approved_on": self.approved_on.date(), "effective_on": self.effective_on.date(),
                                  "expires_on": self.expires_on.date()}
        try:
            if self.kind.currentData() is None:
                raise UserError(N_("Choose the kind of the directive."), field="kind")
            if self.detail is None:
                detail = dv.create_directive(self.db, self.actor, kind_id=self.kind.currentData(), title=self.title_edit.text(),
                                             tags=self.tags.text(), **common)
            else:
                numbered = self.detail.info.number is not None
                detail = dv.update_draft(
                    self.db, self.actor, self.detail.info.id, expected_version=self.detail.latest.version,
                    title=None if numbered else self.title_edit.text(), kind_id=None if numbered else self.kind.currentData(),
                    tags=None if numbered else self.tags.text(), change_note=self.change_note.text(), **common)
        except Exception as exc:  # shown to the user, the window stays as typed
            self._failed(exc)
            return False
        self._after_write(detail)
        return True

    def _step(self, action: Callable[[dv.DirectiveDetail], dv.DirectiveDetail]) -> bool:
        if self.detail is None:
            return False
        try:
            detail = action(self.detail)
        except Exception as exc:
            self._failed(exc)
            return False
        self._after_write(detail, form=not self._dirty)
        return True

    def submit(self) -> bool:
        """Sends the version for review (saving what was typed first)."""
        if self._dirty and not self.save():
            return False
        return self._step(lambda d: dv.submit(self.db, self.actor, d.info.id, expected_version=d.latest.version))

    def approve(self) -> bool:
        return self._step(lambda d: dv.approve(self.db, self.actor, d.info.id, expected_version=d.latest.version))

    def reload(self) -> None:
        if self.detail is None:
            return
        try:
            detail = dv.get_directive(self.db, self.actor, self.detail.info.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._show(detail)

    def _step_dialog(self, kind: Callable[[QWidget, Office, Actor, dv.DirectiveDetail], _StepDialog]) -> _StepDialog:
        assert self.detail is not None
        dialog = kind(self, self.db, self.actor, self.detail)
        dialog.accepted.connect(lambda: self._step_done(dialog))
        self.step_dialog = dialog
        return dialog

    def return_dialog(self) -> _StepDialog:
        return self._step_dialog(ReturnDialog)

    def issue_dialog(self) -> _StepDialog:
        return self._step_dialog(IssueDialog)

    def amend_dialog(self) -> _StepDialog:
        return self._step_dialog(AmendDialog)

    def link_dialog(self) -> _StepDialog:
        return self._step_dialog(LinkDialog)

    def _open_step(self, dialog: _StepDialog) -> None:
        if self.detail is not None:
            dialog.open()

    def _step_done(self, dialog: _StepDialog) -> None:
        if dialog.detail is None:
            return
        if isinstance(dialog, LinkDialog):  # the other directive changed too (a repeal ends it)
            self._after_write(dialog.detail, form=not self._dirty)
            if dialog.target is not None:
                self.changed.emit(dialog.target.id)
            self.tabs.setCurrentIndex(2)
            return
        self._after_write(dialog.detail, form=True)
        if isinstance(dialog, AmendDialog):
            self.tabs.setCurrentIndex(0)
            self.body.setFocus()

    # -- files ----------------------------------------------------------------------------------

    def add_attachment(self, path: Path) -> bool:
        """Attaches the file at `path` to the version being prepared (saving a new draft first)."""
        if self.detail is None or self._dirty:
            if not self.save():
                return False
        assert self.detail is not None
        try:
            content = path.read_bytes()
            dv.add_attachment(self.db, self.actor, self.detail.info.id, file_name=path.name, content=content)
            detail = dv.get_directive(self.db, self.actor, self.detail.info.id)
        except OSError as exc:
            self.attachment_error.set_error(_("The file could not be read: {reason}").format(reason=exc.strerror or str(exc)))
            return False
        except Exception as exc:
            self._failed(exc)
            return False
        self.attachment_error.set_error(None)
        self._after_write(detail, form=False)
        return True

    def choose_attachment(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Attach a file"), str(Path.home()), file_filter(_(DOCUMENT_FILTER)))
        if path:
            self.add_attachment(Path(path))

    def open_attachment(self) -> Path | None:
        row = selected_row(self.attachments)
        if row is None and self.attachment_rows.rows:
            row = self.attachment_rows.rows[0] if len(self.attachment_rows.rows) == 1 else None
        if row is None:
            return None
        try:
            name, _mime, content = dv.attachment_content(self.db, self.actor, row.id)
        except Exception as exc:
            show_error(self, exc)
            return None
        path = Path(tempfile.mkdtemp(prefix="pr-desk-directive-")) / name
        path.write_bytes(content)
        self.open_file(path)
        return path

    def remove_attachment(self) -> bool:
        row = selected_row(self.attachments)
        if row is None or self.detail is None:
            return False
        answer = QMessageBox.question(self, _("Remove the file"), _("Remove {name} from this version?").format(name=ltr_isolate(row.file_name)))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            dv.remove_attachment(self.db, self.actor, row.id)
            detail = dv.get_directive(self.db, self.actor, self.detail.info.id)
        except Exception as exc:
            show_error(self, exc)
            return False
        self._after_write(detail, form=False)
        return True

    # -- links and units ---------------------------------------------------------------------------

    def _open_linked(self) -> None:
        link = selected_row(self.links)
        if link is not None:
            self.open_directive.emit(link.other_id)

    def _on_recipients_changed(self) -> None:
        if self.detail is None:
            return
        try:
            detail = dv.get_directive(self.db, self.actor, self.detail.info.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._show(detail, form=not self._dirty)
        self.changed.emit(detail.info.id)

    # -- closing ---------------------------------------------------------------------------------

    def reject(self) -> None:
        """Close, Esc and the window's close button: asks first when the draft has unsaved changes."""
        if self._dirty and self.editable() and not may_drop_changes(
                self, _("The draft has changes that are not saved. Close without saving them?")):
            return
        super().reject()
