"""Every report kind builds with no filter at all, as PDF and as Excel, on the demo
database (the latest period, the current month, the next session, every unit...): a
report that demands a filter fails the person who clicks it. The one exception is the
sync receipt, which has nothing to print before a first sync import, and says so."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import UserError
from pr_desk.services import auth, report_catalog
from pr_desk.services.demo import ADMIN
from pr_desk.services.setup import open_or_create
from tests.conftest import copy_demo

NEEDS_HISTORY = {"sync-receipt": "sync import"}


@pytest.fixture(scope="module")
def demo(small_demo_file: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = copy_demo(small_demo_file, tmp_path_factory.mktemp("demo") / "demo.sqlite")
    opened = open_or_create(str(path), create=False)
    actor = auth.login(opened.db, ADMIN[0], ADMIN[2])
    yield opened.db, actor
    opened.db.dispose()


@pytest.mark.parametrize("kind", [k.name for k in report_catalog.report_kinds()])
def test_every_report_builds_with_no_filter(demo, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, actor = demo
    for extension in ("pdf", "xlsx"):
        out = tmp_path / f"{kind}.{extension}"
        if kind in NEEDS_HISTORY:
            with pytest.raises(UserError) as refused:
                report_catalog.build_report(kind, {"db": db, "actor": actor}, out)
            assert NEEDS_HISTORY[kind] in refused.value.message
            assert not out.exists()
            continue
        report_catalog.build_report(kind, {"db": db, "actor": actor}, out)
        if extension == "pdf":
            text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
            assert len(text.strip()) > 40, kind
        else:
            sheet = load_workbook(out).worksheets[0]
            assert sheet.max_row >= 2, kind


def test_the_agenda_with_no_filter_is_the_next_session_that_has_citizens(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 18, item 14: not an empty session that happens to come first."""
    from pr_desk.domain.meetings import SessionStatus
    from pr_desk.services import meetings
    from pr_desk.services.meetings.requests import today

    db, actor = demo
    upcoming = meetings.list_sessions(db, actor, date_from=today(), statuses=(SessionStatus.PLANNED,), limit=50)
    booked = [s for s in upcoming if s.entry_count > 0]
    assert booked, "the demo has upcoming sessions with citizens"
    out = tmp_path / "agenda.pdf"
    report_catalog.build_report("meeting-agenda", {"db": db, "actor": actor}, out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "هنوز شهروندی در این جلسه قرار نگرفته" not in text


def test_the_small_demo_shows_calibration(demo) -> None:  # type: ignore[no-untyped-def]
    """The default demo has two active inspectors, so a new user finds a unit scored twice
    (one decided, one waiting; issue 18, item 17): with one, the demo skipped it."""
    from pr_desk.services import evaluation as ev

    db, actor = demo
    current = ev.list_periods(db, actor)[0]
    calibrated = [u for u in ev.period_progress(db, actor, period_id=current.id) if u.calibration_inspector_name]
    assert [u.calibration_counted for u in calibrated] == ["calibration", None]
