"""The directive register workspace driven as its users would, on a real SQLite database
made through the services: a clerk drafts in the directive's window, a supervisor approves
and issues, the clerk sends it to all districts and records a unit's acknowledgement from
the matrix by a double-click, the implementation with its evidence and the verdict on it;
header clicks sort the register; a stale save is refused with the services' sentence; and
each role sees only the actions it may take."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from pr_desk.domain.directives import RecipientState, VersionStatus
from pr_desk.domain.roles import Role
from pr_desk.domain.text import to_persian_digits
from pr_desk.i18n import _
from pr_desk.services import auth, units, users
from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from pr_desk.ui.directives.common import number_text
from tests.databases import fresh_office

PASSWORD = "staff-pass-1405"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def boxes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shared fixture that records message boxes (questions answer Yes), or the same here."""
    try:
        shared: list[str] = request.getfixturevalue("no_modal_boxes")
        return shared
    except pytest.FixtureLookupError:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or int(QMessageBox.StandardButton.Ok))
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda _p, _t, text, *_a, **_k: shown.append(text) or QMessageBox.StandardButton.Yes))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: ("", "")))
        return shown


class Office:
    def __init__(self, db: Any, admin: Any) -> None:
        self.db = db
        self.admin = admin
        for username, name, role in (("sup", "مریم احمدی", Role.SUPERVISOR), ("clerk", "علی رضایی", Role.CLERK),
                                     ("clerk2", "نرگس امینی", Role.CLERK), ("insp", "حسین کریمی", Role.INSPECTOR)):
            users.add_user(db, admin, username=username, display_name=name, role=role, password=PASSWORD)
        self.supervisor = auth.login(db, "sup", PASSWORD)
        self.clerk = auth.login(db, "clerk", PASSWORD)
        self.clerk2 = auth.login(db, "clerk2", PASSWORD)
        self.inspector = auth.login(db, "insp", PASSWORD)


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    yield Office(db, admin)
    db.dispose()


def workspace(qtbot: Any, office: Office, actor: Any) -> Any:
    from pr_desk.ui.directives import DirectivesWorkspace

    ws = DirectivesWorkspace(office.db, actor)
    qtbot.addWidget(ws)
    ws.resize(1200, 700)
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Typed key by key (QTest's key clicks know ASCII only: Persian letters and digits go in
    as key events carrying their text, as a keyboard sends them)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for char in text:
        if char.isascii() and char.isprintable():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def focus(qtbot: Any, widget: Any) -> None:
    """The keyboard goes to `widget`: its window in front, the widget focused."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()


def click(qtbot: Any, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_header(qtbot: Any, table: QTableView, key: str) -> None:
    header = table.horizontalHeader()
    section = table.model().column_index(key)  # type: ignore[attr-defined]
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def issued(office: Office, title: str, body: str = "ماده ۱ - متن", *, days_ago: int = 0) -> dv.DirectiveDetail:
    kinds = dv.ensure_default_kinds(office.db, office.clerk)
    day = dv.today() - dt.timedelta(days=days_ago)
    d = dv.create_directive(office.db, office.clerk, kind_id=kinds[0].id, title=title, body=body)
    d = dv.submit(office.db, office.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(office.db, office.supervisor, d.info.id, expected_version=d.latest.version, approved_on=day)
    return dv.issue(office.db, office.supervisor, d.info.id, expected_version=d.latest.version, issued_on=day)


# -- the whole flow --------------------------------------------------------------------------------

def test_draft_approve_issue_distribute_acknowledge_implement_and_judge(qtbot, office, boxes, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    clerk_ws = workspace(qtbot, office, office.clerk)
    page = clerk_ws.register_page
    assert page.model.rowCount() == 0 and page.empty_state.isVisible()
    assert "دستورالعمل جدید" in page.empty_state.text()  # says what to do

    # A clerk drafts through the window, typing as a person would.
    window = clerk_ws.open_directive(None)
    assert window is not None and window.detail is None
    assert not window.submit_button.isEnabled()  # nothing to send before it is saved
    type_text(qtbot, window.title_edit, "دستورالعمل پوشش خبری رویدادهای شهری")
    type_text(qtbot, window.tags, "خبر، رسانه")
    type_text(qtbot, window.issuer, "معاونت روابط عمومی")
    window.body.setFocus()
    type_text(qtbot, window.body, "ماده ۱ - همه مناطق گزارش رویدادها را ظرف ۲۴ ساعت ارسال کنند.")
    click(qtbot, window.save_button)
    assert window.detail is not None, window.fields["title"].error()
    directive_id = window.detail.info.id
    assert window.detail.latest.status is VersionStatus.DRAFT and window.detail.info.tags == ("خبر", "رسانه")
    assert clerk_ws.windows[directive_id] is window
    assert [r.id for r in page.model.rows()] == [directive_id] and page.current().id == directive_id

    letter = tmp_path / "متن امضاشده.pdf"
    letter.write_bytes(PDF)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(letter), "")))
    click(qtbot, window.attach_button)
    assert [a.file_name for a in window.detail.latest.attachments] == ["متن امضاشده.pdf"]
    assert window.attachment_model.rowCount() == 1

    click(qtbot, window.submit_button)
    assert window.detail.latest.status is VersionStatus.REVIEW
    assert not window.save_button.isEnabled() and window.body.isReadOnly()
    assert not window.approve_button.isVisible()  # a clerk drafts; a supervisor approves

    # The supervisor approves and issues: the number comes with the issue.
    sup_ws = workspace(qtbot, office, office.supervisor)
    sup_ws.register_page.select_directive(directive_id)
    focus(qtbot, sup_ws.register_page.table)
    qtbot.keyClick(sup_ws.register_page.table, Qt.Key.Key_Return)
    review = sup_ws.windows[directive_id]
    click(qtbot, review.approve_button)
    assert review.detail.latest.status is VersionStatus.APPROVED
    click(qtbot, review.issue_button)
    issue = review.step_dialog
    assert issue is not None and issue.isVisible()
    click(qtbot, issue.ok_button)
    number = review.detail.info.number
    assert number is not None and review.detail.info.status is dv.DirectiveStatus.IN_FORCE
    assert number_text(number) in review.header.text()
    assert sup_ws.register_page.model.rows()[0].number == number

    # The clerk sends it to all 22 districts from its window.
    window.reload()
    window.tabs.setCurrentWidget(window.recipients)
    click(qtbot, window.recipients.distribute_button)
    send = window.recipients.distribute_dialog_open
    assert send is not None and send.all_districts.isChecked()
    click(qtbot, send.ok_button)
    assert send.added == 22 and window.recipients.model.rowCount() == 22
    assert {r.state for r in window.recipients.rows.rows} == {RecipientState.TO_ACKNOWLEDGE}

    # A phone call from district 7: acknowledged, recorded from the matrix by a double-click.
    district7 = units.list_units(office.db, office.admin, search="منطقه ۷")[0]
    matrix = clerk_ws.matrix_view
    clerk_ws.tabs.setCurrentWidget(matrix)
    assert matrix.model.rowCount() == 1 and matrix.model.columnCount() == 2 + 22
    centre = matrix.cell_rect_center(directive_id, district7.id)
    qtbot.mouseClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(matrix.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    unit_window = matrix.last_dialog
    assert unit_window is not None and unit_window.isVisible()
    assert unit_window.recipient.unit_id == district7.id and unit_window.ack_box.isVisible()
    assert not unit_window.verdict_button.isVisible()  # a clerk does not judge evidence
    type_text(qtbot, unit_window.ack_name, "زهرا کاظمی")
    type_text(qtbot, unit_window.ack_post, "مدیر روابط عمومی منطقه")
    click(qtbot, unit_window.ack_button)
    assert unit_window.recipient.state is RecipientState.ACKNOWLEDGED, unit_window.ack_error.error()
    assert unit_window.history_model.rowCount() == 1 and not unit_window.ack_box.isEnabled()
    index = matrix.model.index(0, matrix.model.unit_column(district7.id))
    assert matrix.model.state_at(index) is RecipientState.ACKNOWLEDGED
    assert page.model.rows()[0].acknowledged == 1

    # The unit's report comes with a scanned file.
    evidence = tmp_path / "گزارش اجرا.pdf"
    evidence.write_bytes(PDF)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(evidence), "")))
    click(qtbot, unit_window.choose_evidence_button)
    type_text(qtbot, unit_window.impl_note, "کارگاه آموزشی خبرنگاران برگزار شد")
    click(qtbot, unit_window.impl_button)
    assert unit_window.recipient.state is RecipientState.IMPLEMENTED and unit_window.recipient.has_evidence
    unit_window.accept()

    # The supervisor judges the evidence: a refusal needs its reason, which the service asks for.
    sup_matrix = sup_ws.matrix_view
    sup_ws.tabs.setCurrentWidget(sup_matrix)
    sup_matrix.reload()
    cell = sup_matrix.model.index(0, sup_matrix.model.unit_column(district7.id))
    sup_matrix.table.setCurrentIndex(cell)
    focus(qtbot, sup_matrix.table)
    qtbot.keyClick(sup_matrix.table, Qt.Key.Key_Return)  # Enter opens the cell as a double-click does
    judge = sup_matrix.last_dialog
    assert judge is not None and judge.recipient.unit_id == district7.id and judge.verdict_button.isVisible()
    opened: list[Path] = []
    judge.open_file = opened.append
    click(qtbot, judge.open_evidence_button)
    assert opened and opened[0].read_bytes() == PDF
    click(qtbot, judge.refuse_radio)
    click(qtbot, judge.verdict_button)
    assert judge.verdict_error.error() and judge.recipient.state is RecipientState.IMPLEMENTED
    type_text(qtbot, judge.verdict_reason, "فهرست حاضران پیوست نشده است")
    click(qtbot, judge.verdict_button)
    assert judge.recipient.state is RecipientState.NOT_ACCEPTED and judge.recipient.verdict_reason == "فهرست حاضران پیوست نشده است"
    assert sup_matrix.model.state_at(cell) is RecipientState.NOT_ACCEPTED
    click(qtbot, judge.undo_verdict_button)
    click(qtbot, judge.accept_radio)
    click(qtbot, judge.verdict_button)
    assert judge.recipient.state is RecipientState.ACCEPTED

    # Per unit: district 7 has nothing left; district 8 still has to acknowledge.
    pending = clerk_ws.pending_view
    clerk_ws.tabs.setCurrentWidget(pending)
    pending.choose_unit(district7.id)
    assert pending.model.rowCount() == 0 and pending.empty.isVisible()
    district8 = units.list_units(office.db, office.admin, search="منطقه ۸")[0]
    pending.choose_unit(district8.id)
    assert [r.directive_id for r in pending.rows.rows] == [directive_id]
    assert pending.rows.rows[0].state is RecipientState.TO_ACKNOWLEDGE


def test_the_matrix_model_and_the_number_as_it_reads(qtbot, qtmodeltester, office, boxes) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    d = issued(office, "بخشنامه ساعت کاری", days_ago=40)
    dv.distribute(office.db, office.clerk, d.info.id, all_districts=True,
                  communicated_on=dv.today() - dt.timedelta(days=30))
    ws = workspace(qtbot, office, office.clerk)
    matrix = ws.matrix_view
    qtmodeltester.check(matrix.model)
    cell = matrix.model.index(0, 2)
    assert matrix.model.state_at(cell) is RecipientState.ACK_OVERDUE  # five working days have passed
    assert matrix.model.data(cell, Qt.ItemDataRole.DisplayRole) == "!"
    assert RecipientState.ACK_OVERDUE.label in matrix.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    header = matrix.model.headerData(2, Qt.Orientation.Horizontal)
    assert header.startswith("منطقه ۱\n") and _("{count} overdue").format(count="۱") in header

    # د/۱۴۰۵/۰۰۱ on screen: the prefix first (at the right), then the year, then the serial.
    shown = number_text(d.info.number)
    layout = QTextLayout(shown, QFont())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine().setLineWidth(1000)
    layout.endLayout()
    x: dict[int, float] = {}
    for run in layout.glyphRuns(-1, -1, QTextLayout.GlyphRunRetrievalFlag.RetrieveAll):
        for pos, i in zip(run.positions(), run.stringIndexes(), strict=True):
            x.setdefault(i, pos.x())
    prefix = shown.index("د")
    year = range(prefix + 2, prefix + 6)
    serial = range(prefix + 7, prefix + 10)
    assert shown[prefix + 1] == "/" and shown[prefix + 6] == "/"
    # right to left: د, then the year and the serial as one number read left to right
    assert x[prefix] > max(x[i] for i in serial) and min(x[i] for i in serial) > max(x[i] for i in year)


def test_a_header_click_sorts_the_register_in_the_query(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    for title in ("ب - بخشنامه", "الف - آئین‌نامه", "ج - شیوه‌نامه"):
        issued(office, title)
    ws = workspace(qtbot, office, office.clerk)
    page = ws.register_page
    click_header(qtbot, page.table, "title")
    titles = [r.title for r in page.model.rows()]
    assert titles == ["الف - آئین‌نامه", "ب - بخشنامه", "ج - شیوه‌نامه"]
    assert page.model.sort_state() == ("title", False)
    click_header(qtbot, page.table, "title")
    assert [r.title for r in page.model.rows()] == titles[::-1]
    click_header(qtbot, page.table, "number")
    assert [r.number for r in page.model.rows()] == sorted(r.number for r in page.model.rows())
    page.search.setText("شیوه")
    page.reload()
    assert [r.title for r in page.model.rows()] == ["ج - شیوه‌نامه"]
    page.search.setText("چیزی که نیست")
    page.reload()
    assert page.empty_state.isVisible() and page.empty_state.text() != page.empty_text


def test_a_second_clerk_saving_first_makes_the_older_copy_stale(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.services.context import STALE_MESSAGE
    from pr_desk.ui.directives.directive_dialog import DirectiveDialog

    kinds = dv.ensure_default_kinds(office.db, office.clerk)
    draft = dv.create_directive(office.db, office.clerk, kind_id=kinds[2].id, title="بخشنامه پیش‌نویس", body="متن نخست")
    mine = DirectiveDialog(office.db, office.clerk, draft.info.id)
    theirs = DirectiveDialog(office.db, office.clerk2, draft.info.id)
    for window in (mine, theirs):
        qtbot.addWidget(window)
        window.show()
    theirs.body.setPlainText("متن همکار")
    click(qtbot, theirs.save_button)
    assert theirs.detail.latest.body == "متن همکار"

    mine.body.setPlainText("متن من")
    boxes.clear()
    click(qtbot, mine.save_button)
    assert boxes == [_(STALE_MESSAGE)]
    assert dv.get_directive(office.db, office.clerk, draft.info.id).latest.body == "متن همکار"  # nothing overwritten
    assert mine.is_dirty() and mine.body.toPlainText() == "متن من"  # what was typed stays on screen
    click(qtbot, mine.reload_button)
    assert mine.body.toPlainText() == "متن همکار" and not mine.is_dirty()


# -- roles -------------------------------------------------------------------------------------

def test_each_role_sees_the_actions_it_may_take(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    mine = issued(office, "دستورالعمل واحدهای بازرس")
    other = issued(office, "دستورالعمل واحدهای دیگر")
    districts = units.list_units(office.db, office.admin, search="منطقه ۱")[:2]
    dv.distribute(office.db, office.clerk, mine.info.id, unit_ids=[districts[0].id])
    dv.distribute(office.db, office.clerk, other.info.id, unit_ids=[districts[1].id])
    period = ev.open_period(office.db, office.admin, kind="half", year=1405, number=1, unit_ids=[u.id for u in districts])
    ev.assign_inspector(office.db, office.admin, period_id=period.id, unit_ids=[districts[0].id],
                        inspector_id=office.inspector.user_id)
    kinds = dv.ensure_default_kinds(office.db, office.clerk)
    draft = dv.create_directive(office.db, office.clerk, kind_id=kinds[0].id, title="پیش‌نویس", body="متن")

    def actions(window: Any) -> dict[str, bool]:
        names = ("save", "submit", "approve", "return", "issue", "amend")
        return {n: getattr(window, f"{n}_button").isVisible() for n in names}

    # A clerk drafts, sends for review, distributes and records acknowledgements; never approves or judges.
    clerk = workspace(qtbot, office, office.clerk)
    assert clerk.register_page.new_button.isVisible()
    w = clerk.open_directive(draft.info.id)
    assert actions(w) == {"save": True, "submit": True, "approve": False, "return": False, "issue": False, "amend": True}
    assert w.submit_button.isEnabled() and not w.amend_button.isEnabled()
    w = clerk.open_directive(mine.info.id)
    assert w.amend_button.isEnabled() and not w.save_button.isEnabled() and w.add_link_button.isHidden()
    assert not w.recipients.distribute_button.isHidden()
    w.tabs.setCurrentWidget(w.recipients)
    from pr_desk.ui.kit.table_view import select_row

    select_row(w.recipients.table, 0)
    unit = w.recipients.open_current()
    assert unit is not None and unit.ack_box.isVisible() and unit.impl_box.isVisible()
    assert not unit.verdict_button.isVisible() and not unit.undo_verdict_button.isVisible()
    unit.accept()

    # A supervisor approves, returns, issues, links and judges evidence.
    sup = workspace(qtbot, office, office.supervisor)
    w = sup.open_directive(draft.info.id)
    assert actions(w) == {n: True for n in ("save", "submit", "approve", "return", "issue", "amend")}
    assert not w.approve_button.isEnabled()  # a draft is not yet in review
    assert not w.add_link_button.isHidden()
    w = sup.open_directive(mine.info.id)
    w.tabs.setCurrentWidget(w.recipients)
    select_row(w.recipients.table, 0)
    unit = w.recipients.open_current()
    assert unit is not None and unit.verdict_button.isVisible() and not unit.verdict_button.isEnabled()  # nothing to judge yet
    unit.accept()

    # An inspector sees the directives of the assigned units only, and records evidence and verdicts.
    insp = workspace(qtbot, office, office.inspector)
    assert not insp.register_page.new_button.isVisible()
    assert [r.id for r in insp.register_page.model.rows()] == [mine.info.id]
    assert [u.id for u in insp.matrix_view.model.matrix().units] == [districts[0].id]
    assert insp.pending_view.unit.count() == 1
    w = insp.open_directive(mine.info.id)
    assert actions(w) == {n: False for n in ("save", "submit", "approve", "return", "issue", "amend")}
    assert w.attach_button.isHidden() and w.add_link_button.isHidden()
    assert w.recipients.distribute_button.isHidden()
    select_row(w.recipients.table, 0)
    unit = w.recipients.open_current()
    assert unit is not None and not unit.ack_box.isVisible() and unit.impl_box.isVisible() and unit.verdict_button.isVisible()
    type_text(qtbot, unit.impl_note, "بازدید میدانی انجام شد")
    click(qtbot, unit.impl_button)
    assert unit.recipient.state is RecipientState.IMPLEMENTED
    click(qtbot, unit.verdict_button)
    assert unit.recipient.state is RecipientState.ACCEPTED
    unit.accept()

    # A directive of another unit is refused with the services' sentence.
    boxes.clear()
    assert insp.open_directive(other.info.id) is None
    assert boxes == [_("This directive was not sent to a unit assigned to you.")]

    # No empty draft window for a role that could never save it (Ctrl+N is not bound for it either).
    boxes.clear()
    before = dict(insp.windows)
    assert insp.open_directive(None) is None
    assert boxes == [_("Your role ({role}) does not allow this action.").format(role=office.inspector.role.label)]
    assert insp.windows == before


def test_return_with_a_reason_amend_and_link_through_their_dialogs(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    old = issued(office, "بخشنامه قدیمی")
    kinds = dv.ensure_default_kinds(office.db, office.clerk)
    draft = dv.create_directive(office.db, office.clerk, kind_id=kinds[0].id, title="دستورالعمل تازه", body="متن")
    draft = dv.submit(office.db, office.clerk, draft.info.id, expected_version=draft.latest.version)
    sup = workspace(qtbot, office, office.supervisor)
    window = sup.open_directive(draft.info.id)
    click(qtbot, window.return_button)
    back = window.step_dialog
    assert back is not None and not back.ok_button.isEnabled()  # a return needs its reason
    type_text(qtbot, back.reason, "ماده ۲ روشن نیست")
    click(qtbot, back.ok_button)
    assert window.detail.latest.status is VersionStatus.RETURNED
    assert window.returned.error() == _("Returned: {reason}").format(reason="ماده ۲ روشن نیست")

    # The supervisor records that the older circular is repealed by this one, found by its number.
    newer = issued(office, "بخشنامه جدید")
    window = sup.open_directive(newer.info.id)
    window.tabs.setCurrentIndex(2)
    click(qtbot, window.add_link_button)
    link = window.step_dialog
    link.relation.setCurrentIndex(link.relation.findData(dv.Relation.REPEALS))
    type_text(qtbot, link.number, to_persian_digits(old.info.number))  # as a person types it
    assert link.target is not None and link.target.id == old.info.id
    click(qtbot, link.ok_button)
    assert [(lk.relation, lk.outgoing) for lk in window.detail.links] == [(dv.Relation.REPEALS, True)]
    assert window.link_model.rowCount() == 1
    repealed = sup.open_directive(old.info.id)
    assert repealed.detail.info.status is dv.DirectiveStatus.REPEALED
    assert number_text(newer.info.number) in repealed.stage.text()  # who repealed it, and when
    repealed.tabs.setCurrentIndex(3)
    assert repealed.in_force_text.toPlainText() == ""  # nothing in force after the repeal

    # An amendment is a new version, saying what changed and why.
    clerk = workspace(qtbot, office, office.clerk)
    window = clerk.open_directive(newer.info.id)
    click(qtbot, window.amend_button)
    amend = window.step_dialog
    type_text(qtbot, amend.change_note, "ماده ۳ افزوده شد")
    click(qtbot, amend.ok_button)
    assert window.detail.latest.number == 2 and window.detail.latest.status is VersionStatus.DRAFT
    assert window.change_note.text() == "ماده ۳ افزوده شد" and not window.body.isReadOnly()
    window.body.setPlainText(window.body.toPlainText() + "\nماده ۳ - متن تازه")
    click(qtbot, window.submit_button)  # saves what was typed, then sends it
    assert window.detail.latest.status is VersionStatus.REVIEW and "ماده ۳" in window.detail.latest.body
    assert window.version_model.rowCount() == 2
