"""Registering a meeting request: find the citizen by national code (or enter a new one),
choose the official and the subject, attach scanned letters, and issue a tracking code."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import (
    DISTRICT_COUNT,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_REQUEST,
    MAX_DESCRIPTION,
    Channel,
    PriorityGroup,
    SubjectCategory,
    sniff_attachment,
)
from pr_desk.domain.mobile import normalize_mobile
from pr_desk.domain.national_code import normalize_national_code
from pr_desk.domain.validation import require_text
from pr_desk.i18n import _
from pr_desk.services import meetings
from pr_desk.services.context import Actor
from pr_desk.services.meetings import CitizenInfo, DuplicateOpenRequest, RegisteredRequest
from pr_desk.ui.kit.formatting import file_filter, format_jalali_date, screen_locale
from pr_desk.ui.kit.forms import FormDialog, first_error, latin_edit
from pr_desk.ui.meetings.common import digits, fill_official_combo, find_data

if TYPE_CHECKING:
    import uuid

    from pr_desk.services.office import Office

EARLIER_SHOWN = 8


class RegisterRequestDialog(FormDialog):
    """After OK, `registered` holds the new request (tracking code, place in the queue)
    and `attachment_problems` what could not be attached."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None,
                 official_id: uuid.UUID | None = None) -> None:
        super().__init__(parent, _("Register a meeting request"), ok_text=_("Register"))
        self.setMinimumWidth(620)
        self.db = db
        self.actor = actor
        self.citizen: CitizenInfo | None = None
        self.registered: RegisteredRequest | None = None
        self.attachment_problems: list[str] = []
        self.files: list[tuple[str, bytes]] = []
        self._looked_up: str | None = None

        self.national_code = latin_edit(self, 14)
        self.national_code.setPlaceholderText(_("10 digits, for example 0012345679"))
        self.add_field("national_code", _("National code"), self.national_code)

        self.found = QLabel(self)
        self.found.setWordWrap(False)
        self.found.setTextFormat(Qt.TextFormat.PlainText)
        self.earlier = QListWidget(self)
        self.earlier.setMaximumHeight(96)
        box = QWidget(self)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.found)
        box_layout.addWidget(self.earlier)
        self.found_field = self.add_field("citizen", _("Citizen"), box)

        self.first_name = QLineEdit(self)
        self.first_name.setMaxLength(100)
        self.last_name = QLineEdit(self)
        self.last_name.setMaxLength(100)
        self.mobile = latin_edit(self, 20)
        self.mobile.setPlaceholderText("09xxxxxxxxx")
        self.district = QSpinBox(self)
        self.district.setRange(1, DISTRICT_COUNT)
        self.district.setLocale(screen_locale())
        self.priority = QComboBox(self)
        for group in PriorityGroup:
            self.priority.addItem(group.label, group)
        self.priority_note = QLineEdit(self)
        self.priority_note.setMaxLength(200)
        self.priority_note.setPlaceholderText(_("For example the card number"))
        self.add_field("first_name", _("First name"), self.first_name)
        self.add_field("last_name", _("Last name"), self.last_name)
        self.add_field("mobile", _("Mobile"), self.mobile)
        self.add_field("district", _("District"), self.district)
        self.add_field("priority_group", _("Priority group"), self.priority)
        self.add_field("priority_note", _("Priority reason"), self.priority_note)

        self.official = QComboBox(self)
        fill_official_combo(self.official, db, actor)
        if official_id is not None and find_data(self.official, official_id) >= 0:
            self.official.setCurrentIndex(find_data(self.official, official_id))
        self.subject = QComboBox(self)
        for subject in SubjectCategory:
            self.subject.addItem(subject.label, subject)
        self.channel = QComboBox(self)
        for channel in Channel:
            self.channel.addItem(channel.label, channel)
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(90)
        for combo in (self.priority, self.official, self.subject, self.channel):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_field("official", _("Official to meet"), self.official)
        self.add_field("subject_category", _("Subject"), self.subject)
        self.add_field("channel", _("Channel"), self.channel)
        self.add_field("description", _("Description"), self.description)

        files = QWidget(self)
        files_layout = QHBoxLayout(files)
        files_layout.setContentsMargins(0, 0, 0, 0)
        self.file_list = QListWidget(self)
        self.file_list.setMaximumHeight(70)
        self.add_file_button = QPushButton(_("Attach…"), self)
        self.add_file_button.setToolTip(_("Scanned letters: PDF or images, at most 5 MB each"))
        self.remove_file_button = QPushButton(_("Remove"), self)
        side = QVBoxLayout()
        side.addWidget(self.add_file_button)
        side.addWidget(self.remove_file_button)
        side.addStretch(1)
        files_layout.addWidget(self.file_list, 1)
        files_layout.addLayout(side)
        self.add_field("attachment", _("Scanned letters"), files)

        self.national_code.textChanged.connect(self._on_national_code_changed)
        self.priority.currentIndexChanged.connect(self._on_priority_changed)
        self.add_file_button.clicked.connect(self.choose_files)
        self.remove_file_button.clicked.connect(self.remove_file)
        self._show_citizen(None, known=False)
        self._on_priority_changed()
        self.refresh_validity()

    # -- the citizen ------------------------------------------------------------------------

    def _citizen_rows(self, visible: bool) -> None:
        for name in ("first_name", "last_name", "mobile", "district", "priority_group"):
            self.form.setRowVisible(self.fields[name], visible)
        self._on_priority_changed()

    def _on_priority_changed(self, *_args: object) -> None:
        wanted = self.citizen is None and PriorityGroup(self.priority.currentData()) is not PriorityGroup.NONE
        self.form.setRowVisible(self.fields["priority_note"], wanted)

    def _show_citizen(self, citizen: CitizenInfo | None, *, known: bool) -> None:
        """known: the national code is valid and was looked up."""
        self.citizen = citizen
        self.earlier.clear()
        if citizen is not None:
            self.found.setText(_("{name} — mobile {mobile} — district {district} — {priority}").format(
                name=citizen.full_name, mobile=digits(citizen.mobile or "—"), district=digits(citizen.district),
                priority=citizen.priority_group.label))
            try:
                earlier = meetings.citizen_requests(self.db, self.actor, citizen_id=citizen.id, limit=EARLIER_SHOWN)
            except UserError:
                earlier = []
            for r in earlier:
                QListWidgetItem(_("{code} — {date} — {official} — {subject} — {status}").format(
                    code=digits(r.tracking_code), date=format_jalali_date(r.registered_on), official=r.official_name,
                    subject=r.subject_label, status=r.status_label), self.earlier)
            if not earlier:
                QListWidgetItem(_("No earlier requests."), self.earlier)
        elif known:
            self.found.setText(_("A new citizen: enter their details below."))
        self.form.setRowVisible(self.found_field, citizen is not None or known)
        self.earlier.setVisible(citizen is not None)
        self._citizen_rows(citizen is None and known)
        self.adjustSize()

    def _on_national_code_changed(self, text: str) -> None:
        try:
            code = normalize_national_code(text)
        except UserError:
            if self._looked_up is not None:
                self._looked_up = None
                self._show_citizen(None, known=False)
            return
        if code == self._looked_up:
            return
        self._looked_up = code
        try:
            citizen = meetings.find_citizen(self.db, self.actor, national_code=code)
        except UserError as exc:
            self.show_user_error(exc)
            return
        self._show_citizen(citizen, known=True)
        self.refresh_validity()

    # -- attachments ------------------------------------------------------------------------

    def add_file(self, path: Path) -> bool:
        """Checks and keeps a file to attach after saving; the problem shows by the field."""
        field = self.fields["attachment"]
        try:
            if len(self.files) >= MAX_ATTACHMENTS_PER_REQUEST:
                raise UserError(_("A request can have at most {limit} attachments.").format(limit=digits(MAX_ATTACHMENTS_PER_REQUEST)))
            size = path.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise UserError(_("{file} is larger than {mb} MB; scan it at a lower resolution.").format(
                    file=path.name, mb=digits(MAX_ATTACHMENT_BYTES // (1024 * 1024))))
            if size == 0:
                raise UserError(_("{file} is empty.").format(file=path.name))
            content = path.read_bytes()
            sniff_attachment(content[:16])
        except UserError as exc:
            field.set_error(str(exc))
            return False
        except OSError as exc:
            field.set_error(_("{file} cannot be read: {reason}").format(file=path.name, reason=exc.strerror or exc))
            return False
        field.set_error(None)
        self.files.append((path.name, content))
        QListWidgetItem(f"{path.name} ({digits(max(1, len(content) // 1024))} KB)", self.file_list)
        return True

    def choose_files(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, _("Attach scanned letters"), str(Path.home()),
                                                 file_filter(_("Scanned letters (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")))
        for p in paths:
            if not self.add_file(Path(p)):
                break

    def remove_file(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self.file_list.takeItem(row)
            self.fields["attachment"].set_error(None)

    # -- validation and saving ---------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        checks: list[tuple[str, Callable[[], object]]] = [("national_code", lambda: normalize_national_code(self.national_code.text()))]
        if self.citizen is None:
            checks += [
                ("first_name", lambda: require_text(self.first_name.text(), _("First name"), 100, field="first_name")),
                ("last_name", lambda: require_text(self.last_name.text(), _("Last name"), 100, field="last_name")),
            ]
            if self.mobile.text().strip():
                checks.append(("mobile", lambda: normalize_mobile(self.mobile.text())))
            if PriorityGroup(self.priority.currentData()) is not PriorityGroup.NONE:
                checks.append(("priority_note", lambda: require_text(
                    self.priority_note.text(), _("Priority reason"), 200, field="priority_note")))
        checks.append(("description", lambda: require_text(
            self.description.toPlainText(), _("Description"), MAX_DESCRIPTION, field="description", multiline=True)))
        problems = first_error(checks)
        if self.official.currentData() is None:
            problems["official"] = _("Choose the official to meet.")
        return problems

    def refresh_validity(self) -> bool:
        ok = super().refresh_validity()
        # A national code that is wrong says so as soon as it has ten digits.
        text = self.national_code.text().strip()
        if text and len(text) >= 10 and "national_code" not in self._touched:
            self._touched.add("national_code")
            return super().refresh_validity()
        return ok

    def save(self) -> None:
        citizen = self.citizen
        if citizen is None:
            citizen, _created = meetings.find_or_create_citizen(
                self.db, self.actor, national_code=self.national_code.text(), first_name=self.first_name.text(),
                last_name=self.last_name.text(), mobile=self.mobile.text() or None, district=self.district.value(),
                priority_group=self.priority.currentData(), priority_note=self.priority_note.text(),
            )
            self.citizen = citizen
            self._looked_up = citizen.national_code
        register = partial(meetings.register_request, self.db, self.actor, citizen_id=citizen.id,
                           official_id=self.official.currentData(), subject_category=self.subject.currentData(),
                           channel=self.channel.currentData(), description=self.description.toPlainText())
        try:
            registered = register()
        except DuplicateOpenRequest as exc:
            answer = QMessageBox.question(
                self, _("Register a meeting request"), digits(str(exc)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                raise UserError(_("Not registered: the citizen's open request is already in the queue.")) from None
            registered = register(confirm_duplicate=True)
        self.registered = registered
        for name, content in self.files:
            try:
                meetings.add_attachment(self.db, self.actor, request_id=registered.request.id, file_name=name, content=content)
            except UserError as exc:
                self.attachment_problems.append(f"{name}: {exc}")
