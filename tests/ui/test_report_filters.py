"""Every report button shows the report's filters first, filled with the screen's values or
the defaults the report takes with no filter; Enter builds it as shown (issue 18, item 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pr_desk.domain.jalali import JalaliDate
from pr_desk.services import meetings, report_catalog
from pr_desk.ui.kit.report_filters import ReportFiltersDialog, default_values
from tests.databases import fresh_office
from tests.reports.helpers import pdftotext_pages


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    yield db, admin
    db.dispose()


def test_the_monthly_statistics_button_asks_for_the_month_and_enter_builds_this_month(
        qtbot, office, no_modal_boxes, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin = office
    shown: list[dict[str, str]] = []
    original = ReportFiltersDialog.exec

    def seen_then_enter(self: ReportFiltersDialog) -> int:
        shown.append({name: field.text() for name, field in self.fields.items()})
        return original(self)  # the conftest's Enter on the first field

    monkeypatch.setattr(ReportFiltersDialog, "exec", seen_then_enter)
    out = tmp_path / "monthly.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitExposed(ws)
    ws.monthly.ask_to_open = lambda _path: False
    qtbot.mouseClick(ws.monthly_button, Qt.MouseButton.LeftButton)
    today = JalaliDate.today()
    assert len(shown) == 1 and set(shown[0]) == {"year", "month"}
    assert shown[0]["year"].strip() and shown[0]["month"].strip()
    assert out.exists()
    text = "\n".join(pdftotext_pages(out))
    assert "۱۴" in text or str(today.year) in text


def test_cancelling_the_filters_builds_nothing(qtbot, office, no_modal_boxes, monkeypatch,
                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin = office
    monkeypatch.setattr(ReportFiltersDialog, "exec", lambda self: int(ReportFiltersDialog.DialogCode.Rejected))
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: asked.append("x") or ("", "")))
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    qtbot.mouseClick(ws.monthly_button, Qt.MouseButton.LeftButton)
    assert asked == [] and ws.monthly.last_written is None


def test_the_fields_the_person_changes_are_the_filters_the_report_gets(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    dialog = ReportFiltersDialog(None, "meeting-monthly", {"year": 1404, "month": 7})
    qtbot.addWidget(dialog)
    assert dialog.fields["year"].text() in {"۱۴۰۴", "1404"}
    dialog.fields["month"].setText("۸")
    assert dialog.values() == {"year": "1404", "month": "8"}


def test_every_report_kind_has_a_field_per_filter_and_enter_keeps_the_no_filter_defaults(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    kinds = [k.name for k in report_catalog.report_kinds()]
    assert "meeting-monthly" in kinds and "evaluation-unit" in kinds and "events-calendar" in kinds
    for kind in kinds:
        declared = report_catalog.FILTERS.get(kind) or {}
        dialog = ReportFiltersDialog(None, kind)
        qtbot.addWidget(dialog)
        assert set(dialog.fields) == set(declared), kind
        for field in dialog.fields.values():
            assert field.placeholderText(), kind  # what an empty field means is said
        if not dialog.fields:
            continue
        dialog.show()
        QTest.keyClick(next(iter(dialog.fields.values())), Qt.Key.Key_Return)
        assert dialog.result() == ReportFiltersDialog.DialogCode.Accepted, kind
        assert dialog.values() == default_values(kind), kind


def test_a_record_chosen_on_the_screen_is_kept_not_shown_as_an_id(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from PySide6.QtTest import QTest

    session = str(uuid.uuid4())
    dialog = ReportFiltersDialog(None, "meeting-agenda", {"session": session})
    qtbot.addWidget(dialog)
    field = dialog.fields["session"]
    assert field.text() == "" and field.isReadOnly() and field.placeholderText()
    dialog.show()
    QTest.keyClick(dialog.fields["official"], Qt.Key.Key_Return)
    assert dialog.result() == ReportFiltersDialog.DialogCode.Accepted
    assert dialog.values() == {"session": session}


def test_yes_or_no_filters_read_as_words(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    dialog = ReportFiltersDialog(None, "evaluation-ranking", {"period": "1405-H1", "include_unapproved": True})
    qtbot.addWidget(dialog)
    assert dialog.fields["include_unapproved"].text() in {"بله", "yes"}
    assert dialog.values()["include_unapproved"] in {"بله", "yes"}


def test_every_filter_is_named_in_the_screens_language(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """The invitation cards' filters read 'envelopes', 'size' and 'invitation' in a Persian
    dialog (their command-line names): every field's label is a word of the screen."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    for kind in (k.name for k in report_catalog.report_kinds()):
        dialog = ReportFiltersDialog(None, kind)
        qtbot.addWidget(dialog)
        form = dialog.findChild(QFormLayout)
        for name, field in dialog.fields.items():
            label = form.labelForField(field)
            assert isinstance(label, QLabel), (kind, name)
            assert label.text() != name and not label.text().isascii(), (kind, name, label.text())
