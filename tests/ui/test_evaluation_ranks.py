"""One rule for ranks on the results screen, the unit's printed report, the ranking in Excel
and the command line: a rank is the place among the approved results of units of the same
kind; a form not yet approved, when shown, gets the place it would take among them, marked
provisional everywhere, and moves no approved rank. (The printed report once counted
forms not yet approved: "۲ از ۴" on paper beside "۱ از ۲" on screen.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from pr_desk.domain.evaluation import PeriodKind
from pr_desk.services import evaluation as ev
from tests.databases import fresh_office
from tests.reports.helpers import line_text, pdftotext_pages, squash, visual_lines
from tests.services.evaluation.factories import (
    PASSWORD,
    districts,
    full_scores,
    small_template,
    staff,
)


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "office.sqlite"
    db, admin = fresh_office(str(path), admin_username="admin", admin_display_name="مدیر سامانه",
                                      admin_password="admin-pass-1405")
    people = staff(db, admin)
    template = small_template(db, admin)
    units = districts(db, admin, 4)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.HALF, year=1405, number=1,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[u.id for u in units],
                        inspector_id=people.inspector.user_id)
    # two approved (80, 60); one submitted that would come first (100) and a draft (70)
    for unit, scores, step in ((units[0], ["8", "4", "16"], "approve"), (units[1], ["6", "3", "12"], "approve"),
                               (units[2], ["10", "5", "20"], "submit"), (units[3], ["7", "3.5", "14"], "draft")):
        form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
        form = ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, scores), expected_version=form.version)
        if step != "draft":
            form = ev.submit_form(db, people.inspector, form.id, expected_version=form.version)
        if step == "approve":
            ev.approve_form(db, people.supervisor, form.id, expected_version=form.version)
    yield db, people, period, units, path
    db.dispose()


def results_view(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation import EvaluationWorkspace

    ws = EvaluationWorkspace(db, actor)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    ws.tabs.setCurrentWidget(ws.results_view)
    ws.results_view.workspace = ws  # the view's parent must outlive this helper
    return ws.results_view


def screen_ranks(view) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from pr_desk.ui.evaluation.results_view import RESULT_COLUMNS

    column = [c.key for c in RESULT_COLUMNS].index("rank")
    model = view.model
    return {model.row_at(r).unit_id: model.index(r, column).data() for r in range(model.rowCount())}


def click_unit(qtbot, view, unit_id) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r).unit_id == unit_id)
    index = view.model.index(row, 0)
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(index).center())
    assert view.current_result().unit_id == unit_id


def printed(view, exporter, path: Path) -> str:  # type: ignore[no-untyped-def]
    exporter.ask_to_open = lambda _p: False
    written = exporter.export_to(path)
    assert written is not None
    return squash("\n".join(pdftotext_pages(written)))


def printed_lines(path: Path) -> list[str]:
    """The unit report's lines as pdfplumber reads them off the page (left to right)."""
    return [line_text(line) for line in visual_lines(path)]


def excel_ranks(view, path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    view.ranking.ask_to_open = lambda _p: False
    written = view.ranking.export_to(path)
    assert written is not None
    sheet = load_workbook(written).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "رتبه" in r and "واحد" in r)
    rank_at, unit_at = header.index("رتبه"), header.index("واحد")
    return {str(r[unit_at]): str(r[rank_at]) for r in rows[rows.index(header) + 1:] if r[unit_at]}


def test_the_same_rank_on_screen_on_paper_in_excel_and_on_the_command_line(
        qtbot, office, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, people, period, units, path = office
    approved_first, approved_second, submitted, draft = units
    view = results_view(qtbot, db, people.supervisor)

    # approved forms only (the official results)
    assert screen_ranks(view) == {approved_first.id: "۱ از ۲", approved_second.id: "۲ از ۲", submitted.id: "—", draft.id: "—"}
    click_unit(qtbot, view, approved_first.id)
    text = printed(view, view.unit_report, tmp_path / "first.pdf")
    assert squash("۱ از ۲") in text and "۲ از ۴" not in text and "موقت" not in text
    rank_line = next(line for line in printed_lines(tmp_path / "first.pdf") if "عون\u200cمه یاهدحاو نایم هبتر" in line)
    assert "۲ زا ۱" in rank_line and "تقوم" not in rank_line  # what the screen says, read off the page
    excel = excel_ranks(view, tmp_path / "official.xlsx")
    assert excel[approved_first.name] == "۱ از ۲" and excel[approved_second.name] == "۲ از ۲"
    assert excel[submitted.name] == "—"

    # with the forms not yet approved: the approved ranks stay, the others are provisional
    qtbot.mouseClick(view.include_unapproved, Qt.MouseButton.LeftButton)
    assert view.include_unapproved.isChecked()
    assert screen_ranks(view) == {approved_first.id: "۱ از ۲", approved_second.id: "۲ از ۲",
                                  submitted.id: "۱ از ۳ (موقت)", draft.id: "۲ از ۳ (موقت)"}
    click_unit(qtbot, view, approved_first.id)
    text = printed(view, view.unit_report, tmp_path / "first-again.pdf")
    assert squash("۱ از ۲") in text and "موقت" not in text
    click_unit(qtbot, view, submitted.id)
    text = printed(view, view.unit_report, tmp_path / "submitted.pdf")
    assert squash("هنوز تأیید نشده است") in text
    # on the page, left to right: "(موقت) ۳ از ۱" read right to left, brackets mirrored
    assert any("(تقوم) ۳ زا ۱" in line for line in printed_lines(tmp_path / "submitted.pdf"))
    excel = excel_ranks(view, tmp_path / "all.xlsx")
    assert excel[approved_first.name] == "۱ از ۲" and excel[submitted.name] == "۱ از ۳ (موقت)"
    assert excel[draft.name] == "۲ از ۳ (موقت)"

    # the command line says the same
    from pr_desk import cli

    monkeypatch.setenv("PR_DESK_PASSWORD", PASSWORD)
    for flags, expected in (([], {approved_first.code: "1 of 2", submitted.code: "—"}),
                            (["--all"], {approved_first.code: "1 of 2", submitted.code: "1 of 3 (provisional)",
                                         draft.code: "2 of 3 (provisional)"})):
        assert cli.main(["--lang", "en", "evaluation", "results", "--period", period.code, *flags,
                         "--db", str(path), "--as", "sup"]) == 0
        lines = {line.split("\t")[0]: line.split("\t")[-1] for line in capsys.readouterr().out.splitlines() if "\t" in line}
        for code, rank in expected.items():
            assert lines[code] == rank, (code, lines)


def test_an_inspector_sees_the_ranks_the_office_sees(office) -> None:  # type: ignore[no-untyped-def]
    db, people, period, units, _path = office
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[units[0].id, units[2].id],
                        inspector_id=people.other_inspector.user_id)
    office_view = {r.unit_id: (r.rank, r.ranked_among) for r in ev.period_results(db, people.supervisor, period_id=period.id)}
    theirs = {r.unit_id: (r.rank, r.ranked_among) for r in ev.period_results(db, people.inspector, period_id=period.id)}
    assert set(theirs) == {units[1].id, units[3].id}
    assert theirs[units[1].id] == office_view[units[1].id] == (2, 2)
