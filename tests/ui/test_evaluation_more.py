"""More of the evaluation workspace as its users drive it: the template editor (a template
in use gets a new version; a bad weight blocks saving), the Excel form round trip from
the results view, evidence files, return with comments and revise with a reason, the
grade bands dialog, and every item model of the screens under qtmodeltester."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from pr_desk.domain.evaluation import FormStatus, Grade
from pr_desk.services import evaluation as ev
from pr_desk.ui.evaluation.common import ReasonDialog, select_row, select_where
from pr_desk.ui.evaluation.grade_bands_dialog import GradeBandsDialog, check_bands
from pr_desk.ui.evaluation.score_model import INSPECTOR, SELF
from pr_desk.ui.evaluation.templates_dialog import WEIGHT, TemplatesDialog
from tests.databases import fresh_office
from tests.services.evaluation.factories import full_scores, small_template, staff
from tests.ui.test_evaluation_workspace import ADMIN_PASSWORD, editor_for, open_period, workspace

# -- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, staff(db, admin), small_template(db, admin)
    db.dispose()


def approved_form(db, people, period, unit, scores):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
    form = ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, scores), expected_version=form.version)
    form = ev.submit_form(db, people.inspector, form.id, expected_version=form.version)
    return ev.approve_form(db, people.supervisor, form.id, expected_version=form.version)


def submitted_form(db, people, period, unit, scores):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
    form = ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, scores), expected_version=form.version)
    return ev.submit_form(db, people.inspector, form.id, expected_version=form.version)


def answer_reason(monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """A reason dialog that the user fills with `text` and confirms (no modal loop)."""
    asked: list[str] = []

    def run(self: ReasonDialog) -> int:
        asked.append(self.windowTitle())
        self.text.setPlainText(text)
        self.accept()
        return int(self.result())

    monkeypatch.setattr(ReasonDialog, "exec", run)
    return asked


def templates_dialog(qtbot, db, actor, template_id):  # type: ignore[no-untyped-def]
    dialog = TemplatesDialog(db, actor)
    qtbot.addWidget(dialog)
    dialog.fill(select_id=template_id)
    assert dialog.template is not None and dialog.template.id == template_id
    return dialog


# -- the template editor -------------------------------------------------------------------------


def test_a_template_in_use_gets_a_new_version_and_the_message_says_so(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, _units = open_period(db, people, template)
    dialog = templates_dialog(qtbot, db, people.admin, template.id)
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    weight = dialog.model.item(0, 0).child(0, WEIGHT)
    assert weight.text() == "۶٫۰۰"
    weight.setText("۷")
    assert weight.text() == "۷٫۰۰"  # read back in the screen's digits
    assert dialog.save_button.isEnabled()
    assert "۲۱٫۰۰" in dialog.total_label.text()

    saved = dialog.save()
    assert saved is not None and saved.id != template.id
    assert saved.template_version == template.template_version + 1
    assert no_modal_boxes and "نسخه" in no_modal_boxes[-1] and "۲" in no_modal_boxes[-1]
    assert saved.axes[0].indicators[0].weight == Decimal("7.00")
    # the period and its forms keep the version they were made with
    assert ev.get_period(db, people.supervisor, period.id).template_id == template.id
    assert ev.get_template(db, people.admin, template.id).axes[0].indicators[0].weight == Decimal("6.00")
    assert dialog.template is not None and dialog.template.id == saved.id
    assert not dialog.save_button.isEnabled()


def test_a_template_not_in_use_is_saved_in_place(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    dialog = templates_dialog(qtbot, db, people.admin, template.id)
    dialog.model.item(1, 0).child(0, WEIGHT).setText("12")
    saved = dialog.save()
    assert saved is not None and saved.id == template.id
    assert no_modal_boxes[-1] == "الگو ذخیره شد."


@pytest.mark.parametrize("bad", ["abc", "-1", "۰"])
def test_a_bad_weight_blocks_saving(qtbot, office, no_modal_boxes, bad: str) -> None:
    db, people, template = office
    open_period(db, people, template)
    dialog = templates_dialog(qtbot, db, people.admin, template.id)
    dialog.model.item(0, 0).child(1, WEIGHT).setText(bad)
    assert not dialog.save_button.isEnabled()
    assert dialog.error.error() and "پایش رسانه" in dialog.error.error()
    assert dialog.total_label.text() == ""
    assert dialog.save() is None  # even if asked, nothing is written
    assert [t.id for t in ev.list_templates(db, people.admin)] == [template.id]
    assert ev.get_template(db, people.admin, template.id).axes[0].indicators[1].weight == Decimal("4.00")


# -- the Excel form round trip from the results view --------------------------------------------


def _fill(path: Path, cells: dict[str, object]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)


def _indicator_rows(path: Path) -> list[int]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    rows = [n for n, cells in enumerate(ws.iter_rows(max_col=10, values_only=True), start=1)
            if cells[9] and not str(cells[9]).startswith("visit:") and n > 7]
    wb.close()
    return rows


def _excel_view(qtbot, db, people, period, unit):  # type: ignore[no-untyped-def]
    ws = workspace(qtbot, db, people.inspector)
    view = ws.results_view
    view.workspace = ws  # the view's parent must outlive this helper
    view.include_unapproved.setChecked(True)
    assert select_where(view.table, lambda r: r.unit_id == unit.id)
    assert view.save_excel_button.isEnabled() and view.import_excel_button.isVisibleTo(view)
    return view


def test_the_excel_form_saved_filled_and_imported_from_the_ui(qtbot, office, no_modal_boxes, tmp_path, monkeypatch) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    view = _excel_view(qtbot, db, people, period, units[0])
    target = tmp_path / "form"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    view.save_excel_button.click()
    written = tmp_path / "form.xlsx"  # the suffix is added when the user leaves it out
    assert written.is_file()
    assert no_modal_boxes and "form.xlsx" in no_modal_boxes[-1]

    rows = _indicator_rows(written)
    assert len(rows) == 3
    _fill(written, {f"D{rows[0]}": 8, f"D{rows[1]}": "۴", f"D{rows[2]}": 15, f"C{rows[0]}": 10,
                    f"G{rows[0]}": "۳۲ خبر با عکس"})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(written), "")))
    changed: list[bool] = []
    view.changed.connect(lambda: changed.append(True))
    view.import_excel_button.click()
    assert changed
    form = ev.find_form(db, people.inspector, period_id=period.id, unit_id=units[0].id)
    assert form is not None
    assert [line.inspector_score for line in form.lines] == [Decimal("8.00"), Decimal("4.00"), Decimal("15.00")]
    assert form.lines[0].self_score == Decimal("10.00")
    assert form.lines[0].evidence_note == "۳۲ خبر با عکس"
    assert form.form.total == Decimal("77.50")
    assert "۷۷٫۵۰" in no_modal_boxes[-1]
    row = view.current_result()
    assert row is not None and row.unit_id == units[0].id and row.total == Decimal("77.50")


def test_a_bad_cell_is_listed_and_nothing_is_saved(qtbot, office, no_modal_boxes, tmp_path, monkeypatch) -> None:
    from pr_desk.ui.kit.formatting import digits
    from pr_desk.ui.kit.import_flow import ImportPreviewDialog

    db, people, template = office
    period, units = open_period(db, people, template)
    view = _excel_view(qtbot, db, people, period, units[1])
    written = view.save_excel_form_to(tmp_path / "form.xlsx")
    assert written is not None and written.is_file()
    rows = _indicator_rows(written)
    _fill(written, {f"D{rows[0]}": 12, f"D{rows[1]}": 3, f"D{rows[2]}": "بیست"})

    listed: list[list[str]] = []

    def show(self: ImportPreviewDialog) -> int:
        assert self.import_button is None  # nothing to save while a cell is wrong
        model = self.model
        listed.extend([model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount()))
        return 0

    monkeypatch.setattr(ImportPreviewDialog, "exec", show)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(written), "")))
    view.import_excel_button.click()
    assert len(listed) == 2  # one line per bad cell: row, column with the cell, value, problem
    first, second = listed
    assert f"\u2066D{rows[0]}\u2069" in first[1] and "۱۲" in first[3] and "۱۰" in first[3]  # the cell, the value, the maximum
    assert first[2] == "\u206812\u2069" and first[0] == digits(rows[0])
    assert f"\u2066D{rows[2]}\u2069" in second[1] and "«بیست»" in second[3]
    form = ev.find_form(db, people.inspector, period_id=period.id, unit_id=units[1].id)
    assert form is None or all(line.inspector_score is None for line in form.lines)


# -- evidence files -------------------------------------------------------------------------------


def test_a_photo_is_attached_listed_and_removed(qtbot, office, no_modal_boxes, tmp_path, monkeypatch) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    photo = tmp_path / "عکس بازدید.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#1565c0"))
    assert image.save(str(photo), "PNG")
    editor = editor_for(qtbot, db, people.inspector, period, units[0])
    assert editor.files_model.rowCount() == 0 and not editor.remove_file_button.isEnabled()
    editor.table.setCurrentIndex(editor.model.index(0, INSPECTOR))  # the file is evidence of this indicator
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(photo), "")))
    editor.add_file_button.click()

    assert editor.files_model.rowCount() == 1
    row = editor.files_model.row_at(0)
    assert row.file_name == "عکس بازدید.png"
    index = editor.files_model.index(0, editor.files_model.column_index("indicator"))
    assert index.data() == "انتشار خبر"
    assert editor.model.index(0, editor.model.columnCount() - 1).data() == "۱"  # the Files column counts it
    stored = ev.get_form(db, people.inspector, editor.detail.id)
    assert len(stored.attachments) == 1 and stored.attachments[0].indicator_id == stored.lines[0].indicator_id

    select_row(editor.files_table, 0)
    assert editor.remove_file_button.isEnabled()
    editor.remove_file_button.click()
    assert editor.files_model.rowCount() == 0
    assert ev.get_form(db, people.inspector, editor.detail.id).attachments == ()


def test_a_file_that_is_not_a_photo_or_document_is_refused(qtbot, office, no_modal_boxes, tmp_path, monkeypatch) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"MZ\x90\x00 not really a picture")
    editor = editor_for(qtbot, db, people.inspector, period, units[0])
    assert editor.attach_path(fake) is False
    assert no_modal_boxes and editor.files_model.rowCount() == 0


# -- return with comments, revise with a reason -----------------------------------------------


def test_a_returned_form_is_edited_again_and_resubmitted(qtbot, office, no_modal_boxes, monkeypatch) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    submitted_form(db, people, period, units[0], ["8", "4", "15"])
    asked = answer_reason(monkeypatch, "مستندات شاخص آموزش کامل نیست.")
    chief = editor_for(qtbot, db, people.supervisor, period, units[0])
    assert chief.return_button.isEnabled()
    chief.return_button.click()
    assert asked == ["برگشت فرم"]
    assert chief.detail.status is FormStatus.RETURNED
    assert not chief.return_button.isEnabled() and not chief.approve_button.isEnabled()

    inspector = editor_for(qtbot, db, people.inspector, period, units[0])
    assert inspector.editable and inspector.save_button.isEnabled() and inspector.submit_button.isEnabled()
    assert "مستندات شاخص آموزش کامل نیست." in inspector.notice.text()
    assert inspector.model.flags(inspector.model.index(2, INSPECTOR)) & Qt.ItemFlag.ItemIsEditable
    inspector.set_score(2, INSPECTOR, "۱۸")
    inspector.submit()  # saves first, then sends
    assert inspector.detail.status is FormStatus.SUBMITTED
    stored = ev.get_form(db, people.inspector, inspector.detail.id)
    assert stored.status is FormStatus.SUBMITTED and stored.lines[2].inspector_score == Decimal("18.00")


def test_a_return_needs_comments(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    submitted_form(db, people, period, units[0], ["8", "4", "15"])
    chief = editor_for(qtbot, db, people.supervisor, period, units[0])
    dialog = chief.reason_dialog("return")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.text.setPlainText("   ")
    assert not dialog.ok_button.isEnabled() and dialog.fields["reason"].error()
    dialog.text.setPlainText("امتیاز آموزش بازبینی شود")
    assert dialog.ok_button.isEnabled()


def test_revising_an_approved_form_makes_a_new_draft_and_keeps_the_old(qtbot, office, no_modal_boxes, monkeypatch) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    approved = approved_form(db, people, period, units[0], ["8", "4", "15"])
    answer_reason(monkeypatch, "امتیاز آموزش با گواهی‌های تازه اصلاح می‌شود.")
    editor = editor_for(qtbot, db, people.inspector, period, units[0])
    assert not editor.editable and editor.revise_button.isEnabled()
    editor.revise_button.click()

    draft = editor.detail
    assert draft.id != approved.id and draft.status is FormStatus.DRAFT
    assert draft.form.revision == 2 and draft.form.is_current
    assert editor.editable and editor.save_button.isEnabled()
    assert "امتیاز آموزش با گواهی‌های تازه اصلاح می‌شود." in editor.notice.text()
    assert [line.inspector_score for line in draft.lines] == [line.inspector_score for line in approved.lines]
    editor.set_score(2, INSPECTOR, "20")
    assert editor.save()

    revisions = ev.form_revisions(db, people.inspector, draft.id)
    assert [(r.revision, r.status) for r in revisions] == [(1, FormStatus.APPROVED), (2, FormStatus.DRAFT)]
    old = ev.get_form(db, people.inspector, approved.id)
    assert old.status is FormStatus.APPROVED and old.lines[2].inspector_score == Decimal("15.00")
    assert not old.form.is_current
    kept = editor_for(qtbot, db, people.inspector, period, units[0])
    kept.show_detail(old)
    assert not kept.editable and not kept.revise_button.isEnabled()
    assert "نسخه پیشین" in kept.notice.text()


# -- grade bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("texts", "field"), [
    ({"excellent": "90", "good": "95", "fair": "50"}, "good"),
    ({"excellent": "90", "good": "75", "fair": "75"}, "fair"),
    ({"excellent": "101", "good": "75", "fair": "50"}, "excellent"),
    ({"excellent": "90", "good": "-1", "fair": "50"}, "good"),
    ({"excellent": "90", "good": "75", "fair": "0"}, "fair"),
    ({"excellent": "90", "good": "75.125", "fair": "50"}, "good"),
    ({"excellent": "", "good": "75", "fair": "50"}, "excellent"),
    ({"excellent": "نود", "good": "75", "fair": "50"}, "excellent"),
])
def test_grade_thresholds_are_checked(texts: dict[str, str], field: str) -> None:
    problems, bands = check_bands(texts)
    assert bands is None and field in problems


def test_grade_thresholds_in_any_digits() -> None:
    problems, bands = check_bands({"excellent": "۸۵٫۵", "good": "70.25", "fair": "٤٥"})
    assert problems == {}
    assert bands == ev.GradeBands(Decimal("85.50"), Decimal("70.25"), Decimal("45.00"))


def test_the_grade_bands_dialog_sets_the_bands_and_results_grade_again(qtbot, office, no_modal_boxes, monkeypatch) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    approved_form(db, people, period, units[0], ["8", "4", "15"])  # 77.50: good
    ws = workspace(qtbot, db, people.admin)
    view = ws.results_view
    view.set_period(period.id)
    assert view.bands_button.isVisibleTo(view)
    assert "۹۰٫۰۰" in view.bands_label.text()
    assert select_where(view.table, lambda r: r.unit_id == units[0].id)
    assert view.current_result().grade is Grade.GOOD

    dialog = view.grade_bands_dialog()
    qtbot.addWidget(dialog)
    assert [dialog.edits[k].text() for k in ("excellent", "good", "fair")] == ["۹۰٫۰۰", "۷۵٫۰۰", "۵۰٫۰۰"]
    assert dialog.ok_button.isEnabled()
    assert "ضعیف" in dialog.preview.text() and "۵۰٫۰۰" in dialog.preview.text()
    dialog.edits["good"].setText("۹۵")
    assert not dialog.ok_button.isEnabled()
    assert dialog.fields["good"].error()
    assert dialog.preview.text() == "—"
    dialog.edits["good"].setText("65.5")
    dialog.edits["good"].editingFinished.emit()
    assert dialog.edits["good"].text() == "۶۵٫۵۰"  # shown back in Persian digits
    dialog.edits["fair"].setText("40.125")
    dialog.edits["fair"].editingFinished.emit()
    assert dialog.edits["fair"].text() == "40.125"  # a wrong number is left as typed
    assert not dialog.ok_button.isEnabled() and dialog.fields["fair"].error()
    dialog.accept()  # refused while invalid
    assert dialog.saved is None and ev.get_grade_bands(db, people.admin) == ev.DEFAULT_BANDS

    def fill_and_save(self: GradeBandsDialog) -> int:
        self.edits["excellent"].setText("۷۷٫۵")
        self.edits["good"].setText("۶۰")
        self.edits["fair"].setText("40")
        self.accept()
        return int(self.result())

    monkeypatch.setattr(GradeBandsDialog, "exec", fill_and_save)
    changed: list[bool] = []
    ws.changed.connect(lambda: changed.append(True))
    view.bands_button.click()
    assert ev.get_grade_bands(db, people.admin) == ev.GradeBands(Decimal("77.50"), Decimal("60.00"), Decimal("40.00"))
    assert changed
    row = view.current_result()
    assert row is not None and row.unit_id == units[0].id and row.grade is Grade.EXCELLENT
    assert "۷۷٫۵۰" in view.bands_label.text()


def test_only_those_who_manage_templates_see_the_grade_bands_button(qtbot, office, no_modal_boxes) -> None:
    db, people, _template = office
    for actor in (people.supervisor, people.inspector, people.clerk):
        ws = workspace(qtbot, db, actor)
        view = ws.results_view
        assert not view.bands_button.isVisibleTo(view)
        assert view.bands_label.text()  # the bands in force are shown to every reader


def test_the_templates_dialog_opens_the_grade_bands_too(qtbot, office, no_modal_boxes, monkeypatch) -> None:
    db, people, template = office

    def save_bands(self: GradeBandsDialog) -> int:
        self.edits["fair"].setText("55")
        self.accept()
        return int(self.result())

    monkeypatch.setattr(GradeBandsDialog, "exec", save_bands)
    dialog = templates_dialog(qtbot, db, people.admin, template.id)
    dialog.bands_button.click()
    assert dialog.bands_saved
    assert ev.get_grade_bands(db, people.admin).fair == Decimal("55.00")


# -- the item models -----------------------------------------------------------------------------
# One model per test: the tester stays connected to the model it checked, and goes on
# checking every signal the model sends while the screen is used afterwards. Our own models
# get pytest-qt's stricter Python tester; Qt's QStandardItemModel its C++ one (the Python
# tester expects CheckState enums where PySide hands a QStandardItem's check state as int).


@pytest.fixture
def screens(qtbot, office, no_modal_boxes, tmp_path):  # type: ignore[no-untyped-def]
    db, people, template = office
    period, units = open_period(db, people, template)
    approved_form(db, people, period, units[0], ["8", "4", "15"])
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=units[1].id)
    photo = tmp_path / "p.png"
    QImage(4, 4, QImage.Format.Format_RGB32).save(str(photo), "PNG")
    ev.add_attachment(db, people.inspector, form.id, file_name="p.png", content=photo.read_bytes(),
                      expected_version=form.version)
    ws = workspace(qtbot, db, people.supervisor)
    editor = editor_for(qtbot, db, people.inspector, period, units[1])
    return db, people, template, ws, editor


def test_the_results_model_passes_the_model_tester(qtmodeltester, screens) -> None:
    _db, _people, _template, ws, _editor = screens
    view = ws.results_view
    qtmodeltester.check(view.model, force_py=True)
    view.include_unapproved.setChecked(True)  # reloaded while watched
    assert view.model.rowCount() == 3
    qtmodeltester.check(view.model, force_py=True)


def test_the_period_models_pass_the_model_tester(qtmodeltester, screens) -> None:
    _db, _people, _template, ws, _editor = screens
    view = ws.periods_view
    assert view.periods_model.rowCount() == 1 and view.units_model.rowCount() == 3
    qtmodeltester.check(view.units_model, force_py=True)
    view.reload()
    assert view.units_model.rowCount() == 3


def test_the_periods_list_passes_the_model_tester(qtmodeltester, screens) -> None:
    _db, _people, _template, ws, _editor = screens
    qtmodeltester.check(ws.periods_view.periods_model, force_py=True)
    ws.periods_view.reload()


def test_the_score_model_passes_the_model_tester(qtmodeltester, screens) -> None:
    _db, _people, _template, _ws, editor = screens
    assert editor.model.rowCount() == 3
    qtmodeltester.check(editor.model, force_py=True)
    editor.set_score(0, SELF, "۱۲")  # a cell in error is still a well-formed model
    editor.set_score(1, INSPECTOR, "۳")
    assert editor.save() is False  # refused for the bad cell; the model stays as it was
    editor.set_score(0, SELF, "۹")
    assert editor.save()
    qtmodeltester.check(editor.model, force_py=True)


def test_the_attachments_model_passes_the_model_tester(qtmodeltester, screens) -> None:
    _db, _people, _template, _ws, editor = screens
    assert editor.files_model.rowCount() == 1
    qtmodeltester.check(editor.files_model, force_py=True)
    select_row(editor.files_table, 0)
    editor.remove_file()
    assert editor.files_model.rowCount() == 0
    qtmodeltester.check(editor.files_model, force_py=True)


def test_the_open_period_units_model_passes_the_model_tester(qtbot, qtmodeltester, screens) -> None:
    _db, _people, _template, ws, _editor = screens
    dialog = ws.periods_view.open_period_dialog()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.units_model)
    dialog.none_button.click()


def test_the_template_tree_passes_the_model_tester(qtbot, qtmodeltester, screens) -> None:
    db, people, template, _ws, _editor = screens
    dialog = templates_dialog(qtbot, db, people.admin, template.id)
    qtmodeltester.check(dialog.model)
    dialog.tree.setCurrentIndex(dialog.model.item(0, 0).index())
    dialog.add_indicator()
    dialog.add_axis()
    dialog.remove_selected()
    qtmodeltester.check(dialog.model)
