"""UI tests run headless: the offscreen platform unless the caller chose another; and no
modal box or file dialog ever waits for a click."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes (exec, question, information, warning) are recorded instead of shown,
    their text in order; questions answer Yes; file dialogs choose nothing (a test that
    needs a file patches its own answer)."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    shown: list[str] = []

    def record(self: QMessageBox) -> int:
        shown.append(self.text())
        return int(QMessageBox.StandardButton.Ok)

    def answer(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", record)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(answer))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(answer))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: ""))
    return shown


@pytest.fixture(autouse=True)
def report_filters_take_enter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report filters dialog every export and print shows first is answered as a
    person in a hurry does: Enter on its first field (the defaults shown)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from pr_desk.ui.kit.report_filters import ReportFiltersDialog

    def press_enter(self: ReportFiltersDialog) -> int:
        self.show()
        target = next(iter(self.fields.values()), None) or self
        QTest.keyClick(target, Qt.Key.Key_Return)
        self.hide()
        return int(self.result())

    monkeypatch.setattr(ReportFiltersDialog, "exec", press_enter)
