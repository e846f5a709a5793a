"""A unit's evaluation form for a period (فرم ارزیابی): scores by axis and indicator with
the live weighted total, evidence files, the field visit, and the form's life — save,
submit, approve, return with comments, revise with a reason. What a role may do follows
the services' rules; the buttons only mirror them."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord, UserError, ValidationError
from pr_desk.domain.evaluation import FormStatus, GradeBands
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import isolate
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.services.evaluation import measures as em
from pr_desk.ui.evaluation.common import (
    ReasonDialog,
    RowsModel,
    digits,
    heading,
    list_table,
    score_text,
    selected_row,
    signed_text,
)
from pr_desk.ui.evaluation.measures_panel import MeasuresPanel
from pr_desk.ui.evaluation.score_model import INSPECTOR, NOTE, SELF, ScoreDelegate, ScoreTableModel
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import file_filter, format_jalali_date
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.messages import FieldError, show_error
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.table_view import fit_columns_to_contents, remember_columns, setup_table_view

if TYPE_CHECKING:
    from pr_desk.services.office import Office

T = TypeVar("T")

STATUS_COLOURS = {FormStatus.DRAFT: "#f9a825", FormStatus.RETURNED: "#ef6c00", FormStatus.SUBMITTED: "#1565c0",
                  FormStatus.APPROVED: "#2e7d32"}
ATTACHMENT_COLUMNS = (
    Column("file_name", N_("File")),
    Column("indicator", N_("Indicator")),
    Column("size", N_("Size (KB)"), kind="number"),
    Column("created_at", N_("Attached on"), kind="datetime"),
)
STALE_MESSAGE = N_("Someone else changed this form after you opened it. It has been loaded again; make your changes once more.")


class FormEditor(QDialog):
    """Opened on a FormDetail; `changed` after every write that reached the database."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, detail: ev.FormDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.detail = detail
        self.can_edit = actor.can(Permission.EDIT_EVALUATIONS)
        self.can_approve = actor.can(Permission.APPROVE_EVALUATIONS)
        self._visit_dirty = False
        self._loading = False
        try:
            self.bands: GradeBands = ev.get_grade_bands(db, actor)
        except UserError:
            self.bands = ev.DEFAULT_BANDS
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1180, 780)
        layout = QVBoxLayout(self)

        # -- the heading: who, when, where it stands
        self.title = heading("", self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.status_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status_label)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff3e0; border: 1px solid #ffb74d; padding: 6px;")
        layout.addWidget(self.notice)

        # -- the scores
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        upper = QWidget(splitter)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ScoreTableModel(self)
        self.table = QTableView(upper)
        setup_table_view(self.table, self.model, stretch_last=False)
        remember_columns(self.table, "evaluation.form.scores")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.score_delegate = ScoreDelegate(self.table)
        self.table.setItemDelegateForColumn(SELF, self.score_delegate)
        self.table.setItemDelegateForColumn(INSPECTOR, self.score_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        upper_layout.addWidget(self.table, 1)
        self.cell_error = FieldError(upper)
        upper_layout.addWidget(self.cell_error)
        self.total_label = QLabel(upper)
        total_font = self.total_label.font()
        total_font.setBold(True)
        total_font.setPointSizeF(total_font.pointSizeF() * 1.1)
        self.total_label.setFont(total_font)
        self.axes_label = QLabel(upper)
        self.axes_label.setWordWrap(True)
        upper_layout.addWidget(self.total_label)
        upper_layout.addWidget(self.axes_label)
        self.measures_panel = MeasuresPanel(db, actor, self._save_before_deciding, upper)
        upper_layout.addWidget(self.measures_panel)
        splitter.addWidget(upper)

        # -- evidence files and the field visit
        lower = QWidget(splitter)
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        files_box = QGroupBox(_("Evidence files"), lower)
        files_layout = QVBoxLayout(files_box)
        self.files_model = RowsModel(ATTACHMENT_COLUMNS, text=self._attachment_text, parent=self)
        self.files_table = list_table(files_box, self.files_model, stretch="file_name", remember="evaluation.form.files")
        self.files_empty = empty_state(self.files_table, lambda: (
            _("No evidence file yet. Attach a photo or a document with “Attach a file…”; with an indicator selected "
              "above, the file is attached to it.") if getattr(self, "editable", False)
            else _("No evidence file is attached to this form.")))
        self.files_empty.setContentsMargins(6, 6, 6, 6)
        files_layout.addWidget(self.files_table, 1)
        file_buttons = QHBoxLayout()
        self.add_file_button = QPushButton(_("Attach a file…"), files_box)
        self.add_file_button.setToolTip(_("A photo or document (at most 5 MB); attached to the selected indicator, if one is selected"))
        self.remove_file_button = QPushButton(_("Remove"), files_box)
        self.open_file_button = QPushButton(_("Open"), files_box)
        for b in (self.add_file_button, self.remove_file_button, self.open_file_button):
            file_buttons.addWidget(b)
        file_buttons.addStretch(1)
        files_layout.addLayout(file_buttons)
        lower_layout.addWidget(files_box, 2)

        visit_box = QGroupBox(_("Field visit"), lower)
        visit_form = QFormLayout(visit_box)
        self.visit_choice = QComboBox(visit_box)
        self.visited_on = JalaliDateEdit(visit_box)
        self.people_met = QPlainTextEdit(visit_box)
        self.findings = QPlainTextEdit(visit_box)
        self.recommendations = QPlainTextEdit(visit_box)
        for edit in (self.people_met, self.findings, self.recommendations):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(44)
            edit.setMaximumHeight(80)
        self.visit_error = FieldError(visit_box)
        visit_form.addRow(_("Visit"), self.visit_choice)
        visit_form.addRow(_("Visit date"), self.visited_on)
        visit_form.addRow(_("People met"), self.people_met)
        visit_form.addRow(_("Findings"), self.findings)
        visit_form.addRow(_("Recommendations"), self.recommendations)
        visit_form.addRow("", self.visit_error)
        lower_layout.addWidget(visit_box, 3)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([520, 240])
        layout.addWidget(splitter, 1)

        # -- the form's life
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save the scores, notes and visit (Ctrl+S)"))
        self.submit_button = QPushButton(_("Submit for approval"), self)
        self.approve_button = QPushButton(_("Approve"), self)
        self.return_button = QPushButton(_("Return with comments…"), self)
        self.revise_button = QPushButton(_("Revise with a reason…"), self)
        self.revise_button.setToolTip(_("An approved form is locked; a correction is a new revision, the approved one kept"))
        self.close_button = QPushButton(_("Close"), self)
        for b in (self.save_button, self.submit_button, self.approve_button, self.return_button, self.revise_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        add_shortcut(self, QKeySequence.StandardKey.Save, self.save, _("Evaluation form: save the scores"))
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_form)
        self.revise_button.clicked.connect(self.revise)
        self.close_button.clicked.connect(self.close)
        self.add_file_button.clicked.connect(self.attach_file)
        self.remove_file_button.clicked.connect(self.remove_file)
        self.open_file_button.clicked.connect(self.open_file)
        self.files_table.doubleClicked.connect(lambda _i: self.open_file())
        self.files_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.edited.connect(self._on_model_edited)
        self.measures_panel.decided.connect(self._on_measure_decided)
        self.visit_choice.currentIndexChanged.connect(self._on_visit_choice_changed)
        self.visited_on.dateChanged.connect(self._on_visit_edited)
        for edit in (self.people_met, self.findings, self.recommendations):
            edit.textChanged.connect(self._on_visit_edited)
        self.show_detail(detail)

    # -- showing --------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.can_edit and self.detail.editable

    def show_detail(self, detail: ev.FormDetail, *, keep_edits: bool = False) -> None:
        self._loading = True
        try:
            self.detail = detail
            form = detail.form
            self.setWindowTitle(_("Evaluation form {number} — {unit}").format(number=form.number, unit=form.unit_name))
            self.title.setText(_("{unit} — {period}").format(unit=form.unit_name, period=form.period_label))
            facts = [
                _("Form number: {number}").format(number="\u2066" + form.number + "\u2069"),
                _("Inspector: {name}").format(name=detail.inspector_name or _("Not assigned")),
                _("Template: {name}, version {version}").format(name=isolate(detail.template_name), version=digits(detail.template_version)),
            ]
            if form.revision > 1:
                facts.append(_("Revision {n}").format(n=digits(form.revision)))
            if detail.approved_at:
                facts.append(_("Approved by {name}").format(name=detail.approved_by_name))
            elif detail.submitted_at:
                facts.append(_("Submitted by {name}").format(name=detail.submitted_by_name))
            self.facts.setText("  •  ".join(facts))
            colour = STATUS_COLOURS.get(form.status, "#000")
            self.status_label.setText(form.status.label)
            self.status_label.setStyleSheet(f"color: white; background: {colour}; padding: 3px 10px; border-radius: 4px;")
            self.notice.setText(self._notice_text())
            self.notice.setVisible(bool(self.notice.text()))
            self.model.set_lines(detail.lines, editable=self.editable, keep_edits=keep_edits)
            fit_columns_to_contents(self.table, widest={0: 190})  # the first form shown only
            self.table.resizeRowsToContents()
            self.files_model.set_rows(detail.attachments)
            if not (keep_edits and self._visit_dirty):
                self._fill_visits()
            for w in (self.people_met, self.findings, self.recommendations):
                w.setReadOnly(not self.editable)
            self.visited_on.setReadOnly(not self.editable)
            if not keep_edits:
                self.cell_error.set_error(None)
                self.visit_error.set_error(None)
        finally:
            self._loading = False
        self.measures_panel.show_form(detail, editable=self.editable)
        self._show_total()
        self._update_buttons()

    def _notice_text(self) -> str:
        d = self.detail
        parts = []
        if d.status is FormStatus.RETURNED and d.return_comments:
            parts.append(_("Returned by the supervisor: {comments}").format(comments=d.return_comments))
        if d.form.revision > 1 and d.revision_reason:
            parts.append(_("Reason for this revision: {reason}").format(reason=d.revision_reason))
        if not d.form.is_current:
            parts.append(_("This is an earlier revision, kept as it was."))
        elif not self.can_edit:
            parts.append(_("Your role reads this form; it cannot change it."))
        elif d.status is FormStatus.APPROVED:
            parts.append(_("This form is approved and locked. To correct it, make a new revision with its reason."))
        elif d.status is FormStatus.SUBMITTED:
            parts.append(_("This form is waiting for a supervisor's approval; it can change only if it is returned."))
        elif not d.editable:
            parts.append(_("The period is closed; its forms can no longer change."))
        return "\n".join(parts)

    def _attachment_text(self, row: ev.AttachmentInfo, key: str) -> str | None:
        if key == "indicator":
            if row.indicator_id is None:
                return _("The whole form")
            return next((line.name for line in self.detail.lines if line.indicator_id == row.indicator_id), "")
        if key == "size":
            return digits(max(1, round(row.size / 1024)))
        if key == "file_name":
            return "\u2068" + row.file_name + "\u2069"
        return None

    def _fill_visits(self) -> None:
        self.visit_choice.blockSignals(True)
        self.visit_choice.clear()
        for visit in self.detail.visits:
            self.visit_choice.addItem(_("Visit of {date}").format(date=format_jalali_date(visit.visited_on)), visit.id)
        if self.editable or not self.detail.visits:
            self.visit_choice.addItem(_("A new visit") if self.editable else _("No visit recorded"), None)
        self.visit_choice.setCurrentIndex(max(0, len(self.detail.visits) - 1))
        self.visit_choice.blockSignals(False)
        self._show_visit()

    def current_visit(self) -> ev.FieldVisitInfo | None:
        visit_id = self.visit_choice.currentData()
        return next((v for v in self.detail.visits if v.id == visit_id), None)

    def _show_visit(self) -> None:
        self._loading = True
        try:
            visit = self.current_visit()
            self.visited_on.setDate(visit.visited_on if visit else self._today())
            self.people_met.setPlainText(visit.people_met if visit else "")
            self.findings.setPlainText(visit.findings if visit else "")
            self.recommendations.setPlainText(visit.recommendations if visit else "")
            self._visit_dirty = False
            self.visit_error.set_error(None)
        finally:
            self._loading = False

    @staticmethod
    def _today() -> Any:
        from pr_desk.domain.jalali import JalaliDate

        return JalaliDate.today().to_gregorian()

    def _show_total(self) -> None:
        own, inspector = self.model.results()
        total = inspector.total
        grade = self.bands.grade(total)
        gap = None if own.total is None or total is None else own.total - total
        self.total_label.setText(_("Total score: {total} of 100 — grade: {grade}   (self-assessment: {own}; gap: {gap})").format(
            total=score_text(total), grade=grade.label if grade else "—", own=score_text(own.total), gap=signed_text(gap)))
        # the scoring keys its axes by any hashable id: a dict typed so, to look the UUIDs up
        names: dict[Hashable, str] = {axis: name for axis, name in self.model.axis_names().items()}
        self.axes_label.setText("   ".join(
            _("{axis}: {score}").format(axis=names.get(axis, ""), score=score_text(value)) for axis, value in inspector.axes.items()))
        errors = self.model.errors()
        missing = inspector.missing
        if errors:
            self.cell_error.set_error(errors[0] + (_(" (and {n} more)").format(n=digits(len(errors) - 1)) if len(errors) > 1 else ""))
        elif missing and self.editable:
            self.cell_error.set_error(_("{n} indicators have no inspector's score yet; they count as zero.").format(n=digits(missing)))
        else:
            self.cell_error.set_error(None)

    def _update_buttons(self) -> None:
        status = self.detail.status
        current = self.detail.form.is_current
        self.save_button.setEnabled(self.editable)
        self.submit_button.setEnabled(self.editable and status in (FormStatus.DRAFT, FormStatus.RETURNED))
        own = self.actor.user_id in self.detail.scored_by  # four eyes: a scorer does not approve
        self.approve_button.setEnabled(self.can_approve and current and status is FormStatus.SUBMITTED and not own)
        self.approve_button.setToolTip(_("You scored this form yourself; another supervisor or administrator approves it")
                                       if own else "")
        self.return_button.setEnabled(self.can_approve and current and status is FormStatus.SUBMITTED)
        self.revise_button.setEnabled(self.can_edit and current and status is FormStatus.APPROVED)
        for b in (self.save_button, self.submit_button):
            b.setVisible(self.can_edit)
        for b in (self.approve_button, self.return_button):
            b.setVisible(self.can_approve)
        self.revise_button.setVisible(self.can_edit)
        self.add_file_button.setEnabled(self.editable)
        self.remove_file_button.setEnabled(self.editable and selected_row(self.files_table) is not None)
        self.open_file_button.setEnabled(selected_row(self.files_table) is not None)
        self.visit_choice.setEnabled(self.visit_choice.count() > 1)

    # -- editing --------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.model.is_dirty() or self._visit_dirty

    def _on_model_edited(self) -> None:
        self._show_total()

    def _on_visit_edited(self, *_args: object) -> None:
        if not self._loading:
            self._visit_dirty = True
            self.visit_error.set_error(None)

    def _on_visit_choice_changed(self, _index: int) -> None:
        if self._loading:
            return
        self._show_visit()

    def set_score(self, row: int, column: int, text: str) -> bool:
        """What typing into a score cell does (used by tests and the keyboard alike)."""
        index = self.model.index(row, column)
        delegate = self.score_delegate
        from PySide6.QtWidgets import QLineEdit

        editor = QLineEdit()
        editor.setText(text)
        delegate.setModelData(editor, self.model, index)
        return True

    # -- writing --------------------------------------------------------------------------

    def _stale(self) -> None:
        QMessageBox(QMessageBox.Icon.Warning, _("PR Desk"), _(STALE_MESSAGE), parent=self).exec()
        self.reload()

    def reload(self) -> None:
        try:
            detail = ev.get_form(self.db, self.actor, self.detail.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._visit_dirty = False
        self.show_detail(detail)

    def _run(self, action: Callable[[], T]) -> T | None:
        """Runs one service call; StaleRecord reloads, a ValidationError marks its cells.
        Returns the result, or None after showing what went wrong."""
        try:
            return action()
        except StaleRecord:
            self._stale()
        except ValidationError as exc:
            self.model.show_problems(exc.problems)
            show_error(self, exc)
        except UserError as exc:
            if exc.field in ("visited_on", "findings", "recommendations", "people_met"):
                self.visit_error.set_error(str(exc))
            show_error(self, exc)
        except Exception as exc:
            show_error(self, exc)
        return None

    def save(self) -> bool:
        """Saves the scores (and the visit if it changed); False if nothing was saved."""
        if not self.editable:
            return False
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # commits the open editor
        errors = self.model.errors()
        if errors:
            show_error(self, UserError(N_("Some scores are not valid: {details}"), details="؛ ".join(errors)))
            return False
        if self._visit_dirty and not self.visited_on.isValid():
            self.visit_error.set_error(self.visited_on.errorText() or _("The visit date is not valid."))
            show_error(self, UserError(N_("The visit date is not valid.")))
            return False
        if self._visit_dirty and not (self.findings.toPlainText().strip() or self.recommendations.toPlainText().strip()):
            if self.people_met.toPlainText().strip() or self.current_visit() is not None:
                message = UserError(N_("Write the findings or the recommendations of the visit."), field="findings")
                self.visit_error.set_error(str(message))
                show_error(self, message)
                return False
            self._visit_dirty = False  # only the date moved: nothing to record
        detail = self.detail
        if self.model.is_dirty():
            saved = self._run(lambda: ev.save_scores(self.db, self.actor, detail.id, lines=self.model.score_inputs(),
                                                     expected_version=detail.version))
            if saved is None:
                return False
            self.model.mark_saved()
            detail = saved
            self.changed.emit()
        if self._visit_dirty:
            visit = self.current_visit()
            version = detail.version
            result = self._run(lambda: ev.save_field_visit(
                self.db, self.actor, detail.id, visited_on=self.visited_on.date() or "", people_met=self.people_met.toPlainText(),
                findings=self.findings.toPlainText(), recommendations=self.recommendations.toPlainText(),
                visit_id=visit.id if visit else None, expected_version=version))
            if result is None:
                self.show_detail(detail, keep_edits=True)
                return False
            self._visit_dirty = False
            self.changed.emit()
            detail = ev.get_form(self.db, self.actor, detail.id)
            self.show_detail(detail)
            self._select_visit(result.id)
            return True
        self.show_detail(detail)
        return True

    def _save_before_deciding(self) -> bool:
        """A decision on a suggested score is a save of the form: pending edits go first."""
        if not self.editable:
            return False
        return self.save() if self.is_dirty() else True

    def _on_measure_decided(self, result: em.MeasureDecided) -> None:
        self.show_detail(result.detail, keep_edits=self._visit_dirty)
        self.changed.emit()

    def _select_visit(self, visit_id: Any) -> None:
        for i in range(self.visit_choice.count()):
            if self.visit_choice.itemData(i) == visit_id:
                self.visit_choice.setCurrentIndex(i)
                return

    def submit(self) -> None:
        if not self.editable:
            return
        if self.is_dirty() and not self.save():
            return
        answer = QMessageBox.question(
            self, _("Submit for approval"),
            _("Send this form to a supervisor for approval? It cannot change unless it is returned."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        result = self._run(lambda: ev.submit_form(self.db, self.actor, self.detail.id, expected_version=self.detail.version))
        if result is not None:
            self.show_detail(result)
            self.changed.emit()

    def approve(self) -> None:
        answer = QMessageBox.question(
            self, _("Approve"), _("Approve this form? It will be locked; a later correction needs a new revision."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        result = self._run(lambda: ev.approve_form(self.db, self.actor, self.detail.id, expected_version=self.detail.version))
        if result is not None:
            self.show_detail(result)
            self.changed.emit()

    def reason_dialog(self, kind: str) -> ReasonDialog:
        detail = self.detail
        if kind == "return":
            return ReasonDialog(
                self, _("Return the form"), _("The inspector sees these comments and corrects the form."),
                _("Comments"), lambda text: ev.return_form(self.db, self.actor, detail.id, comments=text,
                                                            expected_version=detail.version),
                ok_text=_("Return"))
        return ReasonDialog(
            self, _("Revise the approved form"),
            _("A new draft revision is made with the same scores; the approved one is kept as it was."),
            _("Reason"), lambda text: ev.revise_form(self.db, self.actor, detail.id, reason=text,
                                                      expected_version=detail.version),
            ok_text=_("Make a revision"))

    def _decide(self, kind: str) -> None:
        dialog = self.reason_dialog(kind)
        if dialog.exec() and isinstance(dialog.result_value, ev.FormDetail):
            self.show_detail(dialog.result_value)
            self.changed.emit()

    def return_form(self) -> None:
        self._decide("return")

    def revise(self) -> None:
        self._decide("revise")

    # -- evidence files -------------------------------------------------------------------

    def attach_file(self) -> None:
        if not self.editable:
            return
        path, _f = QFileDialog.getOpenFileName(self, _("Attach a file"), "",
                                               file_filter(_("Photos and documents (*.jpg *.jpeg *.png *.pdf *.docx *.xlsx);;All files (*)")))
        if path:
            self.attach_path(Path(path))

    def attach_path(self, path: Path) -> bool:
        try:
            content = path.read_bytes()
        except OSError as exc:
            show_error(self, UserError(N_("The file {name} could not be read: {reason}"), name=path.name, reason=exc.strerror or ""))
            return False
        index = self.table.currentIndex()
        line = self.model.indicator_at(index.row()) if index.isValid() else None
        detail = self.detail
        result = self._run(lambda: ev.add_attachment(self.db, self.actor, detail.id, file_name=path.name, content=content,
                                                     indicator_id=line.indicator_id if line else None,
                                                     expected_version=detail.version))
        if result is None:
            return False
        self._refresh_keeping_edits()
        self.changed.emit()
        return True

    def remove_file(self) -> None:
        row: ev.AttachmentInfo | None = selected_row(self.files_table)
        if row is None or not self.editable:
            return
        answer = QMessageBox.question(self, _("Remove"), _("Remove the file {name} from the form?").format(name=row.file_name),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        detail = self.detail

        def remove() -> bool:
            ev.remove_attachment(self.db, self.actor, row.id, expected_version=detail.version)
            return True

        done = self._run(remove)
        if done:
            self._refresh_keeping_edits()
            self.changed.emit()

    def open_file(self) -> Path | None:
        row: ev.AttachmentInfo | None = selected_row(self.files_table)
        if row is None:
            return None
        found = self._run(lambda: ev.attachment_content(self.db, self.actor, row.id))
        if found is None:
            return None
        info, content = found
        folder = Path(tempfile.mkdtemp(prefix="pr-desk-evidence-"))
        path = folder / info.file_name
        path.write_bytes(content)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def _refresh_keeping_edits(self) -> None:
        try:
            detail = ev.get_form(self.db, self.actor, self.detail.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_detail(detail, keep_edits=True)

    # -- closing --------------------------------------------------------------------------

    def confirm_leave(self) -> bool:
        """True when the form may close: nothing unsaved, saved now, or the user lets it go."""
        if not (self.editable and self.is_dirty()):
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("This form has changes that are not saved. Save them now?"), parent=self)
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        answer = self.ask_unsaved(box, save, discard)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def ask_unsaved(self, box: QMessageBox, save: QPushButton, discard: QPushButton) -> str:
        """'save', 'discard' or 'cancel' (replaced in tests)."""
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def reject(self) -> None:
        if self.confirm_leave():
            self._visit_dirty = False
            self.model.mark_saved()
            super().reject()
