"""The English interface in English digits and names (issue 18, items 6-8; the English twin
of test_reading_order.py): no Persian or Arabic-Indic digit that the program wrote (a tile's
figure, "Due soon: ۲", "۳۲% approved"), no Persian month or weekday name ("آذر ۱۴۰۵" over the
events calendar), no "1 sessions", and a Persian name inside an English sentence kept from
turning the sentence right to left ("(1 version) …").

People's, units' and events' names are the office's data and stay as typed, Persian digits
and all ("منطقه ۳"): a run of Persian words is data; a figure standing alone or beside
English words is ours. Iran's official occasions come in English in English. The main window is walked as a supervisor (who sees the most tiles)
and an administrator: every tab and inner tab, every visible label, button, field, table
header and first rows, and whatever the pages paint themselves (the events calendar, the
dashboard's bars), recorded from QPainter.drawText while each page is drawn."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import QTabWidget, QWidget

from pr_desk.domain.event_calendar import official_occasions
from pr_desk.domain.jalali import (
    MONTH_NAMES,
    MONTH_NAMES_EN,
    WEEKDAY_NAMES,
    WEEKDAY_NAMES_EN,
    JalaliDate,
)
from pr_desk.domain.text import FSI, PDI, isolate, localized_digits
from pr_desk.i18n import current_language, set_language
from tests.databases import fresh_office
from tests.services.test_dashboard import _world
from tests.ui.test_reading_order import _visible

ADMIN_PASSWORD = "admin-pass-1405"
_PERSIAN_LETTER = "\u0621-\u064a\u067e-\u06d3"
_PERSIAN_DIGIT = re.compile("[\u06f0-\u06f9\u0660-\u0669]")
_PERSIAN_RUN = re.compile("[\u0600-\u06ff\u200c]+(?:[ \u200c]+[\u0600-\u06ff\u200c]+)*")
_LETTER = re.compile(f"[{_PERSIAN_LETTER}]")
_DATE_WORDS = set(MONTH_NAMES) | set(WEEKDAY_NAMES)
_ONE_WITH_A_PLURAL = re.compile(r"(?<![0-9.,/:])\b1 (sessions|days|orders|directives|tasks|versions|units|events)\b")


def english_problems(text: str) -> list[str]:
    """What is Persian in an English string that is not the office's data."""
    bare = re.sub(r"<[^>]*>", " ", text)  # rich text: the words, not the markup
    found = []
    if set(re.findall(f"[{_PERSIAN_LETTER}\u200c]+", bare)) & _DATE_WORDS:
        found.append("Persian month or weekday name")
    ours = _PERSIAN_RUN.sub(lambda m: " " if _LETTER.search(m.group(0)) else m.group(0), bare)  # names are data
    if _PERSIAN_DIGIT.search(ours):
        found.append("Persian digit")
    if _ONE_WITH_A_PLURAL.search(bare):
        found.append("one with a plural")
    return found


def paragraph_direction(text: str) -> str:
    """"L" or "R": the first strong character outside isolates (UAX #9, P2), as the line is read."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind in ("L", "R", "AL"):
            return "L" if kind == "L" else "R"
    return ""


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_the_checks_catch_what_the_english_screens_showed(english) -> None:  # type: ignore[no-untyped-def]
    for bad in ("۶", "۳۲% approved", "Due soon: ۲ · escalated: ۰", "آذر 1405", "شنبه", "1 sessions", "٣ waiting"):
        assert english_problems(bad), bad
    for good in ("منطقه ۳", "6", "32% approved", "Due soon: 2", "Azar 1405", "1 session", "11 sessions",
                 "حسن محمدی — 2 waiting, oldest 3 days", "شهردار منطقه 11 (09:00)"):
        assert not english_problems(good), good
    assert localized_digits(12) == "12"
    assert paragraph_direction("الگوی آزمایشی (version 1)") == "R"  # drawn "(1 version) الگوی آزمایشی"
    assert paragraph_direction(isolate("الگوی آزمایشی") + " (version 1)") == "L"
    set_language("fa")
    assert localized_digits(12) == "۱۲"
    assert paragraph_direction(isolate("Template A") + " (نسخه ۱)") == "R"


def test_the_events_calendar_speaks_english(qtbot, english) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.events.calendar_view import sessions_text
    from pr_desk.ui.kit.jalali_calendar import month_name, weekday_name

    assert [weekday_name(i) for i in range(7)] == list(WEEKDAY_NAMES_EN)
    assert month_name(9) == "Azar" and list(map(month_name, range(1, 13))) == list(MONTH_NAMES_EN)
    assert (sessions_text(1), sessions_text(3)) == ("1 session", "3 sessions")
    set_language("fa")
    assert (weekday_name(0), month_name(9), sessions_text(1), sessions_text(3)) == ("شنبه", "آذر", "۱ جلسه", "۳ جلسه")


def test_official_occasions_are_named_in_the_interface_language(english) -> None:  # type: ignore[no-untyped-def]
    first, last = dt.date(2026, 3, 1), dt.date(2027, 3, 1)
    year = official_occasions(first, last)
    assert len(year) > 10 and not any(_LETTER.search(o.name) or _PERSIAN_DIGIT.search(o.name) for o in year)
    assert any(o.estimated for o in year) and not any("estimated" in o.name for o in year)
    set_language("fa")
    persian = official_occasions(first, last)
    assert [o.on for o in persian] == [o.on for o in year] and all(_LETTER.search(o.name) for o in persian)


@pytest.fixture
def office(tmp_path: Path, english):  # type: ignore[no-untyped-def]
    """The dashboard's world (a session today, an overdue order, a directive to 22 districts,
    an open evaluation period, an event next week with a late task), in English."""
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    people = _world(db, admin)
    yield db, admin, people
    db.dispose()


def _painted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every string drawn with QPainter.drawText from Python (the pages that paint themselves)."""
    drawn: list[str] = []
    original = QPainter.drawText

    def record(self: QPainter, *args: object) -> object:
        drawn.extend(a for a in args if isinstance(a, str))
        return original(self, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(QPainter, "drawText", record)
    return drawn


def _walk(window: QWidget, qtbot, drawn: list[str]) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(where, text) of every tab and inner tab shown in turn: what its widgets say and what it paints."""
    seen: list[tuple[str, str]] = []

    def visit(tabs: QTabWidget) -> None:
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            qtbot.wait(20)  # lazy pages build and fill when first shown
            title = tabs.tabText(i)
            start = len(drawn)
            tabs.widget(i).grab()  # paints the page: what it draws itself is recorded
            seen.append((f"tab {title!r}", title))
            seen.extend((f"{title}: painted", text) for text in drawn[start:])
            seen.extend((f"{title}: {where}", text) for where, text in _visible(window))
            for inner in tabs.widget(i).findChildren(QTabWidget):
                if inner.isVisible() and inner.parent() is not None:
                    visit(inner)

    top = window.findChild(QTabWidget)
    assert top is not None
    visit(top)
    return seen


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_every_main_screen_is_english(qtbot, office, monkeypatch, who: str) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    db, admin, people = office
    actor = admin if who == "admin" else people.supervisor
    drawn = _painted(monkeypatch)
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    dashboard = window.page("dashboard")
    qtbot.waitUntil(dashboard.loaded, timeout=20_000)
    tiles = {key: tile.count_label.text() for key, tile in dashboard.tiles.items() if not tile.count_label.isHidden()}
    notes = [tile.note_label.text() for tile in dashboard.tiles.values()]
    rows = [tile.rows_label.text() for tile in dashboard.tiles.values()]
    seen = [(f"dashboard tile {key}", text) for key, text in tiles.items()]
    seen += [("dashboard note", text) for text in notes] + [("dashboard rows", text) for text in rows]
    seen += [("dashboard occasions", dashboard.occasions_label.text())]
    seen += _walk(window, qtbot, drawn)
    events = window.page("events")
    events.tabs.setCurrentWidget(events.month_view)
    start = len(drawn)
    events.month_view.grid.grab()
    calendar = drawn[start:]
    seen += [("events calendar: painted", text) for text in calendar]
    seen.append(("events calendar title", events.month_view.title.text()))

    # the checks bite: what this office shows in English is there to be checked
    today = JalaliDate.today()
    assert events.month_view.title.text() == f"{MONTH_NAMES_EN[today.month - 1]} {today.year}"
    assert set(WEEKDAY_NAMES_EN) <= set(calendar) and "1 session" in calendar, calendar  # today's one session
    assert tiles and all(text.isascii() and text.isdigit() for text in tiles.values()), tiles
    assert tiles.get("evaluation.progress") == "4" and tiles.get("meetings.month") == "3", tiles
    assert any("approved" in n for n in notes) and any("1 task overdue" in r for r in rows), (notes, rows)
    for text in filter(None, rows):  # a line led by a Persian name still reads left to right
        document = QTextDocument()
        document.setHtml(text)
        assert document.firstBlock().textDirection() == Qt.LayoutDirection.LeftToRight, text

    bad = {(where, text, ", ".join(found)) for where, text in seen if (found := english_problems(text))}
    assert not bad, "\n".join(f"{where}: {text!r} ({why})" for where, text, why in sorted(bad))

    # a session's official and place, both Persian, each kept whole: run together they read place first
    combo = window.page("meetings").docket_view.session_combo
    sessions = [combo.itemText(i) for i in range(combo.count())]
    assert sessions and all(text.count(FSI) == 2 and paragraph_direction(text) == "L" for text in sessions), sessions

    # a template's name, then its version, read left to right (not "(1 version) الگوی آزمایشی")
    templates = [text for _where, text in seen if "(version " in text]
    assert templates and all(paragraph_direction(t) == "L" and PDI in t for t in templates), templates
    window.close()
