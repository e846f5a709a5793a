"""What Qt draws itself follows the app (issue 18, items 9 and 10): its own dialogs speak
Persian while the app does, and values made only of digits stand beside their caption in a
right-to-left window as Persian words do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton

from pr_desk.i18n import set_language
from tests.databases import fresh_office


@pytest.fixture
def app_language(qapp: QApplication) -> Iterator[object]:
    """Switches the app's language the way the app does; puts the test app back after."""
    from pr_desk.ui.app import apply_language
    from pr_desk.ui.kit.qt_language import apply_qt_language

    direction, locale = qapp.layoutDirection(), QLocale()

    def switch(language: str) -> None:
        set_language(language)
        apply_language(qapp)

    yield switch
    apply_qt_language(qapp, False)
    qapp.setLayoutDirection(direction)
    QLocale.setDefault(locale)


def _labels(widget: object) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]  # type: ignore[attr-defined]


def _file_dialog(qtbot) -> QFileDialog:  # type: ignore[no-untyped-def]
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_qt_file_dialog_speaks_persian_and_switches_with_the_language(qtbot, app_language) -> None:  # type: ignore[no-untyped-def]
    app_language("fa")
    labels = _labels(_file_dialog(qtbot))
    assert any("جستجو در" in text for text in labels), labels  # "Look in:"
    assert any("از نوع" in text for text in labels), labels  # "Files of type:"
    assert not any("Look in" in text or "Files of" in text for text in labels), labels

    box = QMessageBox(QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    box.show()
    buttons = [button.text().replace("&", "") for button in box.findChildren(QPushButton)]
    assert "بله" in buttons and not {"Yes", "No"} & set(buttons), buttons

    app_language("en")
    labels = _labels(_file_dialog(qtbot))
    assert any("Look in" in text for text in labels), labels

    app_language("fa")
    assert any("جستجو در" in text for text in _labels(_file_dialog(qtbot)))


def test_words_qt_catalog_lacks_come_from_ours(app_language) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.kit.qt_language import MISSING, QtPersian, qt_translations_dir

    assert qt_translations_dir() is not None  # the catalog is where the app (and the frozen build) looks
    app_language("fa")
    translator = QtPersian()
    for (context, source) in MISSING:
        found = translator.translate(context, source)
        assert found and found != source, (context, source)
    assert translator.translate("QFileDialog", "&Look in:").replace("&", "") == "جستجو در:"


def test_the_frozen_build_carries_qt_persian_catalog() -> None:
    spec = (Path(__file__).resolve().parents[2] / "installer" / "pr_desk.spec").read_text(encoding="utf-8")
    assert "qtbase_fa.qm" in spec and "PySide6/Qt/translations" in spec


# -- item 9: values that are only digits -----------------------------------------------------------

def _ink_columns(label: QLabel) -> tuple[int, int]:
    """The leftmost and rightmost pixel columns where the label's text is drawn."""
    image = label.grab().toImage()
    background = QColor(image.pixel(0, image.height() - 1))
    columns = [x for x in range(image.width())
               if any(QColor(image.pixel(x, y)) != background for y in range(image.height()))]
    assert columns, label.text()
    return columns[0], columns[-1]


def test_digits_only_values_sit_beside_their_caption_in_the_request_file(
        qtbot, app_language, tmp_path: Path, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.national_code import national_code_check_digit
    from pr_desk.services import meetings
    from pr_desk.ui.meetings.requests_view import RequestDialog

    app_language("fa")
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    try:
        official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
        code = "001234567" + str(national_code_check_digit("001234567"))
        citizen, _new = meetings.find_or_create_citizen(db, admin, national_code=code, first_name="مریم", last_name="احمدی",
                                                         mobile="09121234567", district=6)
        request = meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                            subject_category="urban_services", channel="in_person",
                                            description="درخواست رسیدگی", confirm_duplicate=True).request
        dialog = RequestDialog(db, admin, request)
        qtbot.addWidget(dialog)
        dialog.resize(900, 600)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        form = dialog.form
        values: dict[str, QLabel] = {}
        for row in range(form.rowCount()):
            caption = form.itemAt(row, form.ItemRole.LabelRole)
            value = form.itemAt(row, form.ItemRole.FieldRole)
            assert caption is not None and value is not None
            caption_label, value_label = caption.widget(), value.widget()
            assert isinstance(caption_label, QLabel) and isinstance(value_label, QLabel)
            values[caption_label.text()] = value_label
        citizen_value = values["شهروند"]
        for caption in ("کد ملی", "تلفن همراه", "منطقه", "روزهای انتظار"):
            shown = values[caption]
            left, right = _ink_columns(shown)
            # Right to left: the caption is on the right, so the value's text ends at the
            # field's right edge, as the citizen's name does; not at the far left.
            assert right > shown.width() - 30, (caption, shown.text(), left, right, shown.width())
            assert abs(right - _ink_columns(citizen_value)[1]) <= 4, caption
        qtbot.mouseClick(dialog.tabs.tabBar(), Qt.MouseButton.LeftButton,
                         pos=dialog.tabs.tabBar().tabRect(0).center())  # the details tab, clicked as people do
        assert dialog.tabs.currentIndex() == 0
    finally:
        db.dispose()


def test_a_centred_or_trailing_label_keeps_the_alignment_it_asked_for(qtbot, app_language) -> None:  # type: ignore[no-untyped-def]
    app_language("fa")
    centred = QLabel("۱۲۳")
    centred.setAlignment(Qt.AlignmentFlag.AlignCenter)
    qtbot.addWidget(centred)
    centred.show()
    assert centred.alignment() == Qt.AlignmentFlag.AlignCenter
    plain = QLabel("۱۲۳")
    qtbot.addWidget(plain)
    plain.show()
    assert plain.alignment() & Qt.AlignmentFlag.AlignAbsolute and plain.alignment() & Qt.AlignmentFlag.AlignRight
