"""The sync screens on a real SQLite office and a real field copy built through the
services: the import wizard with one conflict decided "take field" (counts per kind of
record, each conflict's record named), a damaged file refused with nothing changed, the
export dialog writing a package, the conflict queue; statuses and conflict kinds read as
sentences, never codes; deciding a conflict and undoing an import run off the UI thread."""

from __future__ import annotations

import os
import re
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard

from pr_desk.domain.text import to_persian_digits
from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from pr_desk.ui.sync import ConflictsDialog, ExportDialog, ImportWizard
from pr_desk.ui.sync.import_wizard import (
    CHOICE_FIELD,
    CHOICE_LATER,
    PAGE_APPLY,
    PAGE_CONFLICTS,
    PAGE_RECEIPT,
    PAGE_SUMMARY,
)
from tests.reports.helpers import pdftotext_pages
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    digest,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)
from tests.services.sync.test_conflicts import scores, sql_delete, sql_update, value

SHOTS = os.environ.get("PR_DESK_SHOTS")  # a folder: each wizard page is saved there as PNG


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _scene(office, tmp_path: Path):  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    detail = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    detail = ev.save_scores(world.office, world.inspector, detail.form.id, lines=full_scores(detail, ["5", "2", "10"]))
    laptop = checkout(world, "k")
    yield world, laptop, detail.form.id
    laptop.db.dispose()


@pytest.fixture
def scene(sqlite_office, tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from _scene(sqlite_office, tmp_path)


@pytest.fixture
def any_scene(office, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The office on SQLite, then on PostgreSQL (the laptop is SQLite either way)."""
    yield from _scene(office, tmp_path)


@pytest.fixture
def no_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: said.append(self.text()) or 0)
    return said


CODE = re.compile(r"[a-z]+_[a-z_]+")  # a raw status or conflict kind ("update_vs_delete", "already_imported")
LRI, PDI = "\u2066", "\u2069"


def counts_of(page) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The summary's counts table: kind of record -> (new, changed, deleted) as shown."""
    t = page.counts
    return {t.item(r, 0).text(): tuple(t.item(r, c).text() for c in (1, 2, 3)) for r in range(t.rowCount())}  # type: ignore[misc]


def cells(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount()) if table.item(r, c)]


def indicator_name(world, form_id, line) -> str:  # type: ignore[no-untyped-def]
    indicator = value(world.office, "evaluation_score", line, "indicator_id")
    return next(x.name for x in ev.get_form(world.office, world.supervisor, form_id).lines if x.indicator_id == indicator)


def _wizard(qtbot, world, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(world.office, world.supervisor, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_wizard_imports_a_return_file_with_one_conflict_taken_from_the_field(qtbot, any_scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = any_scene
    line, other = scores(world.office, form_id)[0], scores(world.office, form_id)[1]
    sql_update(laptop.db, "evaluation_score", line, inspector_score=Decimal("9"))
    sql_update(world.office, "evaluation_score", line, inspector_score=Decimal("2"))
    sql_update(laptop.db, "evaluation_score", other, evidence_note="از میدان")
    package = laptop.export(tmp_path)

    wizard = _wizard(qtbot, world, package)
    shot(wizard, "1-choose")
    wizard.next()
    assert wizard.currentId() == PAGE_SUMMARY
    page = wizard.summary_page
    assert page.made_by.text() and page.made_at.text().lstrip("\u200f").startswith("۱۴")  # who made it and when (Jalali)
    assert page.checks.count() == len(sync.CHECKS)
    assert counts_of(page) == {"امتیاز شاخص": ("۰", "۱", "۰"), "همهٔ رکوردها": ("۰", "۱", "۰")}
    assert page.conflict_count.text().endswith("۱")
    shot(wizard, "2-summary")

    wizard.next()
    assert wizard.currentId() == PAGE_CONFLICTS
    conflicts = wizard.conflicts_page
    assert conflicts.table.rowCount() == 1
    assert [conflicts.table.item(0, c).text() for c in (2, 3, 4)] == ["۵", "۲", "۹"]  # base, office, field
    number = ev.get_form(world.office, world.supervisor, form_id).form.number
    assert conflicts.table.item(0, 0).text() == f"امتیاز شاخص «{indicator_name(world, form_id, line)}» در فرم {LRI}{number}{PDI}"
    assert conflicts.table.item(0, 1).toolTip() == "این فیلد پس از گرفتن نسخه، هم در دفتر و هم در میدان تغییر کرده است."
    [key] = conflicts.choices
    assert conflicts.choices[key].currentIndex() == 0  # keep office by default
    conflicts.choose(key, CHOICE_FIELD)
    shot(wizard, "3-conflicts")

    wizard.next()
    assert wizard.currentId() == PAGE_APPLY
    shot(wizard, "4-apply")
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("2")  # nothing yet
    wizard.next()
    assert wizard.currentId() == PAGE_RECEIPT
    receipt = wizard.receipt
    assert receipt is not None and receipt.status == "applied"
    assert (receipt.changed, receipt.conflicts, receipt.decided, receipt.open_conflicts) == (1, 1, 1, 0)
    assert wizard.receipt_page.values["decided"].text().lstrip("\u200f") == "۱"
    assert receipt.file_sha256 in wizard.receipt_page.values["hash"].text()
    if world.office.engine.dialect.name == "sqlite":  # PostgreSQL: the one transaction and the server's own backups
        assert receipt.backup is not None and receipt.backup.exists()
    else:
        assert receipt.backup is None
    shot(wizard, "5-receipt")
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("9")  # the field value taken
    assert value(world.office, "evaluation_score", other, "evidence_note") == "از میدان"
    assert sync.list_conflicts(world.office, world.supervisor) == []

    # the printable receipt (sync-receipt)
    exporter = wizard.receipt_page.exporter
    exporter.ask_to_open = lambda path: False
    pdf = exporter.export_to(tmp_path / "receipt.pdf")
    assert pdf is not None
    text = "\n".join(pdftotext_pages(pdf))
    assert receipt.file_sha256[:16] in text.replace("\n", "") and "رسید" in text
    assert receipt.by_table == (("evaluation_score", 0, 1, 0),)  # what was written, per kind of record
    assert "امتیاز شاخص" in text and "نوع رکورد" in text


def test_conflict_left_for_later_stays_queued_and_is_decided_in_the_queue(qtbot, any_scene, tmp_path: Path, no_boxes,  # type: ignore[no-untyped-def]
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = any_scene
    line = scores(world.office, form_id)[0]
    sql_update(laptop.db, "evaluation_score", line, inspector_score=Decimal("9"))
    sql_update(world.office, "evaluation_score", line, inspector_score=Decimal("2"))
    wizard = _wizard(qtbot, world, laptop.export(tmp_path))
    wizard.next()
    wizard.next()
    [key] = wizard.conflicts_page.choices
    wizard.conflicts_page.choose(key, CHOICE_LATER)
    wizard.next()
    wizard.next()
    assert wizard.receipt.open_conflicts == 1
    assert "دفتر" in wizard.receipt_page.note.text()
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("2")  # the office value stands

    queue = ConflictsDialog(world.office, world.supervisor)
    qtbot.addWidget(queue)
    assert queue.table.rowCount() == 1
    assert queue.table.item(0, 0).text().startswith(f"امتیاز شاخص «{indicator_name(world, form_id, line)}» در فرم ")
    queue.select(0)
    assert "هم در دفتر و هم در میدان" in queue.details.text()
    threads: list[threading.Thread] = []
    real_decide = sync.decide_conflict

    def decide(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_decide(*args, **kwargs)

    monkeypatch.setattr(sync, "decide_conflict", decide)
    queue.ask_values = lambda c: {"inspector_score": Decimal("6")}  # type: ignore[method-assign]
    queue.decide_selected("value")
    assert threads and threads[0] is not threading.main_thread()  # written off the UI thread
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("6")
    assert queue.table.rowCount() == 0 and sync.list_conflicts(world.office, world.supervisor) == []


def test_summary_counts_each_kind_of_record(qtbot, scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = scene
    a, b = scores(world.office, form_id)[0], scores(world.office, form_id)[1]
    sql_update(laptop.db, "evaluation_score", a, evidence_note="از میدان")
    sql_delete(laptop.db, "evaluation_score", b)
    ev.save_field_visit(laptop.db, laptop.actor, form_id, visited_on="1404/04/10", findings="بازدید تازه")
    wizard = _wizard(qtbot, world, laptop.export(tmp_path))
    wizard.next()
    assert wizard.currentId() == PAGE_SUMMARY
    p = wizard.preview
    assert p is not None and p.by_table and sum(n for _t, n, _c, _d in p.by_table) == p.new
    counts = counts_of(wizard.summary_page)
    assert counts["بازدید میدانی"] == ("۱", "۰", "۰")
    assert counts["امتیاز شاخص"] == ("۰", "۱", "۱")
    assert list(counts)[-1] == "همهٔ رکوردها"
    assert counts["همهٔ رکوردها"] == tuple(to_persian_digits(n) for n in (p.new, p.changed, p.deleted))
    assert len(counts) == len(p.by_table) + 1 and not any(CODE.search(k) for k in counts)  # Persian names, never table codes
    assert wizard.summary_page.conflict_count.text().endswith("۰")
    shot(wizard, "2-summary-per-table")


def test_whole_record_conflicts_read_as_sentences_in_the_wizard_and_the_queue(qtbot, scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = scene
    a, b = scores(world.office, form_id)[0], scores(world.office, form_id)[1]
    sql_update(laptop.db, "evaluation_score", a, evidence_note="میدان")
    sql_delete(world.office, "evaluation_score", a)  # changed in the field, deleted at the office
    sql_delete(laptop.db, "evaluation_score", b)
    sql_update(world.office, "evaluation_score", b, evidence_note="دفتر")  # deleted in the field, changed at the office
    name_b = indicator_name(world, form_id, b)
    wizard = _wizard(qtbot, world, laptop.export(tmp_path))
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PAGE_CONFLICTS
    table = wizard.conflicts_page.table
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    number = ev.get_form(world.office, world.supervisor, form_id).form.number
    assert rows["در میدان حذف شده، در دفتر تغییر کرده"] == f"امتیاز شاخص «{name_b}» در فرم {LRI}{number}{PDI}"
    assert rows["در میدان تغییر کرده، در دفتر حذف شده"].startswith("امتیاز شاخص «")  # named though the office has no row
    assert rows["در میدان تغییر کرده، در دفتر حذف شده"].endswith(f"در فرم {LRI}{number}{PDI}")
    tips = [table.item(r, c).toolTip() for r in range(table.rowCount()) for c in (0, 1)]
    assert any("بازرس این رکورد را در میدان تغییر داده، ولی در همین فاصله در دفتر حذف شده است." in t for t in tips)
    assert not any(CODE.search(t) for t in cells(table) + tips)
    shot(wizard, "3-conflicts-whole-records")
    for key in wizard.conflicts_page.choices:
        wizard.conflicts_page.choose(key, CHOICE_LATER)
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PAGE_RECEIPT and wizard.receipt.open_conflicts == 2

    queue = ConflictsDialog(world.office, world.supervisor)
    qtbot.addWidget(queue)
    queue.show()
    assert set(cells(queue.table)) >= {f"امتیاز شاخص «{name_b}» در فرم {LRI}{number}{PDI}", "در میدان حذف شده، در دفتر تغییر کرده"}
    assert not any(CODE.search(t) for t in cells(queue.table))
    for index, _c in enumerate(queue.conflicts):
        queue.select(index)
        assert "بازرس این رکورد را در میدان" in queue.details.text() and not CODE.search(queue.details.text())
    shot(queue, "6-queue")


def test_a_failure_to_name_records_does_not_block_the_import(qtbot, scene, tmp_path: Path, no_boxes,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    world, laptop, form_id = scene
    line = scores(world.office, form_id)[0]
    sql_update(laptop.db, "evaluation_score", line, inspector_score=Decimal("9"))
    sql_update(world.office, "evaluation_score", line, inspector_score=Decimal("2"))

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("naming failed")

    monkeypatch.setattr(sync, "conflict_names", broken)
    wizard = _wizard(qtbot, world, laptop.export(tmp_path))
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PAGE_CONFLICTS and not no_boxes
    assert wizard.conflicts_page.table.item(0, 0).text() == "امتیاز شاخص"  # the kind of record, as before


def test_an_unknown_status_still_reads_as_a_sentence() -> None:
    from pr_desk.ui.sync.import_wizard import status_text

    assert status_text("nothing_new") == "این فایل همگام‌سازی چیز تازه‌ای برای این پایگاه داده ندارد."
    assert status_text("something_else") == "چیزی برای ورود نیست."


def test_undo_of_the_last_import_runs_off_the_ui_thread(qtbot, scene, tmp_path: Path, no_boxes,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui.main_window import MainWindow

    world, laptop, form_id = scene
    line = scores(world.office, form_id)[0]
    sql_update(laptop.db, "evaluation_score", line, evidence_note="از میدان")
    sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp_path))
    assert value(world.office, "evaluation_score", line, "evidence_note") == "از میدان"
    window = MainWindow(world.office, world.supervisor)
    qtbot.addWidget(window)
    threads: list[threading.Thread] = []
    real_undo = sync.undo_last_import

    def undo(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_undo(*args, **kwargs)

    monkeypatch.setattr(sync, "undo_last_import", undo)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.sync_undo_action.trigger()
    assert threads and threads[0] is not threading.main_thread()
    assert value(world.office, "evaluation_score", line, "evidence_note") != "از میدان"  # put back
    assert no_boxes[-1] == "آخرین ورود برگردانده شد."
    window.sync_undo_action.trigger()  # nothing left to undo: the refusal's sentence, not a crash
    assert len(no_boxes) == 2 and "Unexpected" not in no_boxes[-1] and "پوزش" not in no_boxes[-1]


def test_damaged_file_is_refused_with_its_sentence_and_nothing_changes(qtbot, scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = scene
    good = laptop.export(tmp_path)
    damaged = tmp_path / "damaged.prsync"
    data = bytearray(good.read_bytes())
    damaged.write_bytes(bytes(data[: len(data) // 2]))
    before = digest(world.office)
    wizard = _wizard(qtbot, world, damaged)
    wizard.next()
    assert wizard.currentId() == 0  # stopped on the first page
    refusal = wizard.choose_page.refusal
    assert refusal.isVisible() and "تغییر" in refusal.text()
    shot(wizard, "1-refused")
    assert wizard.preview is None and digest(world.office) == before


def test_already_imported_file_says_so_and_ends(qtbot, scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = scene
    sql_update(laptop.db, "evaluation_score", scores(world.office, form_id)[0], evidence_note="x")
    package = laptop.export(tmp_path)
    sync.apply_import(world.office, world.supervisor, path=package)
    wizard = _wizard(qtbot, world, package)
    wizard.next()
    assert wizard.currentId() == PAGE_SUMMARY and wizard.summary_page.isFinalPage()
    assert wizard.summary_page.status.text() == "این فایل همگام‌سازی پیش‌تر وارد شده است؛ ورود دوباره چیزی را تغییر نمی‌دهد."
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    shot(wizard, "2-already-imported")


def test_export_dialog_writes_a_field_package_and_a_return_file(qtbot, scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form_id = scene
    dialog = ExportDialog(world.office, world.supervisor)
    qtbot.addWidget(dialog)
    names = [dialog.inspector.itemData(i).username for i in range(dialog.inspector.count())]
    assert "insp" in names and "sup" not in names  # inspectors only
    dialog.inspector.setCurrentIndex(names.index("insp"))
    # the inspector's copy is offered first (its next package), then a new copy
    assert dialog.copy.count() == 2 and dialog.copy.currentData() == laptop.replica_id
    assert "(B)" not in dialog.copy.currentText() and "B" in dialog.copy.currentText() and dialog.retire_button.isEnabled()
    dialog.copy.setCurrentIndex(1)
    assert dialog.copy.currentData() is None and not dialog.retire_button.isEnabled()
    out = tmp_path / "out" / "field.prsync"
    out.parent.mkdir()
    dialog.path.setText(str(out))
    dialog.accept()
    assert dialog.written == out and out.exists() and out.stat().st_size > 0
    assert no_boxes and "field.prsync" in no_boxes[-1]
    # the package makes a working field copy
    joined = sync.join_field_package(out, str(tmp_path / "second.sqlite"))
    assert joined.replica_id

    back = ExportDialog(laptop.db, laptop.actor)
    qtbot.addWidget(back)
    assert back.field_copy and "inspector" not in back.fields
    back.path.setText(str(tmp_path / "out" / "back"))
    back.accept()
    assert back.written == tmp_path / "out" / "back.prsync" and back.written.exists()


def test_file_menu_offers_sync_by_side_and_role(qtbot, scene) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    world, laptop, form_id = scene
    office = MainWindow(world.office, world.supervisor)
    qtbot.addWidget(office)
    assert office.sync_export_action.isVisible() and not office.sync_return_action.isVisible()
    assert office.sync_import_action.isEnabled() and office.sync_undo_action.isVisible()
    field = MainWindow(laptop.db, laptop.actor)
    qtbot.addWidget(field)
    assert field.sync_return_action.isVisible() and not field.sync_export_action.isVisible()
    # the meeting queue never travels to a field copy: its tab is not there, evaluation comes first
    assert "ملاقات مردمی" in office.tab_titles() and "ملاقات مردمی" not in field.tab_titles()
    assert field.tab_titles()[:2] == ["پیشخوان", "ارزیابی عملکرد"]  # after the dashboard
    assert not field.sync_undo_action.isVisible()


def test_export_dialog_makes_the_next_package_of_a_copy_and_retires_a_lost_one(qtbot, any_scene, tmp_path: Path, no_boxes,  # type: ignore[no-untyped-def]
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    world, laptop, form_id = any_scene
    # the office changes a score after the copy was made; the next package brings it
    line = scores(world.office, form_id)[0]
    sql_update(world.office, "evaluation_score", line, inspector_score=Decimal("3"))
    dialog = ExportDialog(world.office, world.supervisor)
    qtbot.addWidget(dialog)
    assert dialog.copy.currentData() == laptop.replica_id
    out = tmp_path / "next.prsync"
    dialog.path.setText(str(out))
    dialog.accept()
    assert dialog.written == out
    receipt = sync.apply_import(laptop.db, laptop.actor, path=out)
    assert receipt.status == "applied" and value(laptop.db, "evaluation_score", line, "inspector_score") == Decimal("3")
    shot(dialog, "7-export-next-package")

    # a lost laptop: retired from the dialog, its files are refused afterwards
    package = laptop.export(tmp_path)
    again = ExportDialog(world.office, world.supervisor)
    qtbot.addWidget(again)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    again.retire_selected()
    assert again.copy.count() == 1 and again.copy.currentData() is None
    assert [c.retired for c in sync.list_field_copies(world.office, world.supervisor, include_retired=True)] == [True]
    before = digest(world.office)
    with pytest.raises(sync.UserError, match="کنار گذاشته است"):  # "...or has retired"
        sync.apply_import(world.office, world.supervisor, path=package)
    assert digest(world.office) == before


def _controller(qapp, monkeypatch: pytest.MonkeyPatch, username: str):  # type: ignore[no-untyped-def]
    """The app's controller with the login dialog answered by `username`."""
    from pr_desk.services import auth
    from pr_desk.ui.app import DeskController
    from tests.services.evaluation.factories import PASSWORD

    controller = DeskController(qapp, quit_app=lambda: None)
    monkeypatch.setattr(controller, "sign_in", lambda db, needs_admin, parent: auth.login(db, username, PASSWORD))
    return controller


def _close(controller) -> None:  # type: ignore[no-untyped-def]
    if controller.window is not None:
        controller.window.close_for_good()
    if controller.db is not None:
        controller.db.dispose()


def test_a_double_clicked_checkout_makes_the_field_copy_and_opens_it(qtbot, qapp, scene, tmp_path: Path, no_boxes,  # type: ignore[no-untyped-def]
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    world, laptop, form_id = scene
    package = tmp_path / "new-copy.prsync"
    sync.export_field_package(world.office, world.supervisor, inspector_id=world.inspector.user_id, out=package)
    controller = _controller(qapp, monkeypatch, "insp")
    target = tmp_path / "laptop2" / "copy.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(controller, "choose_field_copy_target", lambda summary: str(target))
    try:
        assert controller.open_sync_file(str(package), str(tmp_path / "unused.sqlite"))
        assert controller.db is not None and sync.is_field_copy(controller.db) and target.exists()
        assert any("C" in said for said in no_boxes)  # the second copy of this office: numbers start with C
        assert controller.window is not None and controller.window.sync_return_action.isVisible()
    finally:
        _close(controller)


def test_a_double_clicked_return_file_opens_the_import_wizard_after_login(qtbot, qapp, scene, tmp_path: Path, no_boxes,  # type: ignore[no-untyped-def]
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.data.engine import sqlite_path
    from pr_desk.ui.sync import import_wizard

    world, laptop, form_id = scene
    package = laptop.export(tmp_path)
    opened: list[object] = []
    monkeypatch.setattr(import_wizard.ImportWizard, "exec", lambda self: opened.append(self.choose_page.path_edit.text()) or 0)
    office_file = str(sqlite_path(world.office.url))
    controller = _controller(qapp, monkeypatch, "sup")
    try:
        assert controller.open_sync_file(str(package), office_file)
        assert opened == [str(package)]
    finally:
        _close(controller)
    # a damaged file is named, and the app opens as usual
    bad = tmp_path / "bad.prsync"
    bad.write_bytes(b"PK\x03\x04 broken")
    controller = _controller(qapp, monkeypatch, "sup")
    try:
        assert controller.open_sync_file(str(bad), office_file) and controller.window is not None
        assert any("bad.prsync" in said for said in no_boxes)
    finally:
        _close(controller)


def test_the_app_finds_a_sync_file_on_its_command_line() -> None:
    from pr_desk.launch import gui_sync_file, wants_gui

    assert gui_sync_file(["--lang", "fa", "C:/Users/k/Desktop/بسته.PRSYNC"]) == "C:/Users/k/Desktop/بسته.PRSYNC"
    assert gui_sync_file(["--db", "x.prsync"]) is None and gui_sync_file([]) is None
    assert wants_gui(["field.prsync"])


def test_wizard_on_the_field_copy_imports_the_next_package(qtbot, scene, tmp_path: Path, no_boxes) -> None:  # type: ignore[no-untyped-def]
    """Regression: on a field copy the summary said "nothing to import" for a package that
    brought changes (the preview's status was the apply's "applied", not "apply")."""
    import uuid

    world, laptop, form_id = scene
    line = scores(world.office, form_id)[0]
    sql_update(world.office, "evaluation_score", line, inspector_score=Decimal("3"))
    out = tmp_path / "next.prsync"
    sync.export_field_package(world.office, world.supervisor, inspector_id=world.inspector.user_id, out=out,
                              replica_id=uuid.UUID(laptop.replica_id))
    wizard = ImportWizard(laptop.db, laptop.actor, path=out)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentId() == PAGE_SUMMARY and wizard.preview.status == "apply" and wizard.preview.changed >= 1
    assert not wizard.summary_page.isFinalPage()
    assert "امتیاز شاخص" in counts_of(wizard.summary_page)  # per kind of record on the field copy too
    checks = [wizard.summary_page.checks.item(i).text() for i in range(wizard.summary_page.checks.count())]
    assert len(checks) == len(sync.FIELD_CHECKS) and any("همین نسخهٔ میدانی" in c for c in checks)  # the copy's own checks
    shot(wizard, "8-field-summary")
    wizard.next()
    assert wizard.currentId() == PAGE_APPLY
    assert value(laptop.db, "evaluation_score", line, "inspector_score") != Decimal("3")  # nothing yet
    wizard.next()
    assert wizard.currentId() == PAGE_RECEIPT and wizard.receipt is not None and wizard.receipt.status == "applied"
    assert value(laptop.db, "evaluation_score", line, "inspector_score") == Decimal("3")
    assert "نسخهٔ میدانی" in wizard.receipt_page.note.text() and "منوی پرونده" not in wizard.receipt_page.note.text()  # no undo here
    shot(wizard, "8-field-receipt")
