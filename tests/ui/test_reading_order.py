"""Persian reading order on screen (issue 18, items 6-8): ranges read from their first value
("۰۹:۰۰ تا ۱۱:۰۰", never "۰۹:۰۰–۱۱:۰۰" drawn backwards), no Latin digit beside Persian
words ("شهردار منطقه 11"), and paths, file patterns and codes isolated left to right inside
Persian text. The main screens of a small office are walked as a clerk and a supervisor would
see them: every visible label, button and field, table header and the first rows of every
table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from pr_desk.domain.jalali import office_today
from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.domain.text import LRI, PDI, span
from pr_desk.i18n import current_language, set_language
from pr_desk.services import auth, directives, meetings, users
from pr_desk.ui.kit.formatting import file_filter
from tests.databases import fresh_office

PASSWORD = "pass-word-1405"
PERSIAN_LETTER = "\u0600-\u06ff"
_ISOLATED = re.compile(f"[{LRI}\u2068][^{PDI}]*(?:{PDI}|$)")
_LATIN_DIGIT_BY_PERSIAN = re.compile(f"[{PERSIAN_LETTER}][ \u200c]*[0-9]|[0-9][ \u200c]*[{PERSIAN_LETTER}]")
_PATH_RUN = re.compile(r"[A-Za-z0-9_.~*-]*[/\\][A-Za-z0-9_.~/\\*-]*[A-Za-z]|\*\.[A-Za-z]+")
_PERSIAN = re.compile("[\u0621-\u064a\u067e-\u06d3]")


def problems(text: str) -> list[str]:
    """What breaks the reading order of one on-screen string (isolated runs are fine)."""
    bare = _ISOLATED.sub(" ", re.sub(r"<[^>]*>", " ", text))  # rich text: the words, not the markup
    found = []
    if _LATIN_DIGIT_BY_PERSIAN.search(bare):
        found.append("Latin digit beside Persian")
    if _PERSIAN.search(bare) and _PATH_RUN.search(bare):
        found.append("un-isolated left-to-right run")
    if re.search(r"[0-9\u06f0-\u06f9]\s*[–-]\s*[0-9\u06f0-\u06f9]", bare) and _PERSIAN.search(bare):
        found.append("range with a dash")
    return found


# -- the helpers -----------------------------------------------------------------------------

@pytest.fixture
def persian():  # type: ignore[no-untyped-def]
    before = current_language()
    set_language("fa")
    yield
    set_language(before)


def test_span_reads_from_the_first_value_in_either_language(persian) -> None:  # type: ignore[no-untyped-def]
    assert span("۰۹:۰۰", "۱۱:۰۰") == "۰۹:۰۰ تا ۱۱:۰۰"
    set_language("en")
    assert span("09:00", "11:00") == "09:00–11:00"


def test_the_session_time_is_a_persian_range(persian) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.sessions_view import time_text

    text = time_text(dt.time(9), dt.time(11))
    assert text == "۰۹:۰۰ تا ۱۱:۰۰"
    assert LRI not in text  # an isolate would draw the range left to right, end first
    assert problems(text) == []


def test_file_filters_keep_their_patterns_left_to_right() -> None:
    assert file_filter("بسته همگام‌سازی (*.prsync);;همه فایل‌ها (*)") == (
        f"بسته همگام‌سازی {LRI}(*.prsync);;همه فایل‌ها {LRI}(*)")
    assert file_filter(file_filter("PDF (*.pdf)")) == f"PDF {LRI}(*.pdf)"
    # Qt reads the patterns from the last brackets at the end of each filter: still there
    for part in file_filter("بسته (*.prsync *.zip);;همه (*)").split(";;"):
        assert re.match(r"^(.*)\(([a-zA-Z0-9_.,*? +;#\-\[\]@{}/!<>$%&=^~:|]*)\)$", part)
    assert problems("بسته‌های همگام‌سازی (*.prsync)") and not problems(file_filter("بسته‌های همگام‌سازی (*.prsync)"))


def test_the_checks_catch_what_the_issue_saw() -> None:
    assert problems("شهردار منطقه 11")
    assert problems("ساعت ۰۹:۰۰–۱۱:۰۰")
    assert problems("پایگاه داده: /tmp/office/demo.sqlite")
    assert not problems(f"پایگاه داده: {LRI}/tmp/office/demo.sqlite{PDI}")
    assert not problems("ساعت ۰۹:۰۰ تا ۱۱:۰۰، ۱۴۰۵/۰۹/۰۶")


# -- the screens -----------------------------------------------------------------------------

@pytest.fixture
def office(tmp_path: Path, persian):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=PASSWORD)
    users.add_user(db, admin, username="clerk", display_name="مریم کارشناس", role="clerk", password=PASSWORD)
    users.add_user(db, admin, username="boss", display_name="رضا سرپرست", role="supervisor", password=PASSWORD)
    official = meetings.add_official(db, admin, name="حسن محمدی", title="شهردار منطقه 11")
    citizen, _new = meetings.find_or_create_citizen(
        db, admin, national_code="001234567" + str(national_code_check_digit("001234567")),
        first_name="مریم", last_name="احمدی", mobile="09121234567", district=11)
    meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id, subject_category="urban_services",
                              channel="in_person", description="رسیدگی به معابر محله", confirm_duplicate=True)
    session = meetings.create_session(db, admin, official_id=official.id, session_date=office_today() + dt.timedelta(days=1),
                                      start_time="09:00", end_time="11:00", place="سالن جلسات طبقه 2", capacity=3)
    meetings.fill_session(db, admin, session_id=session.id)
    kind = directives.ensure_default_kinds(db, admin)[0]
    directives.create_directive(db, admin, kind_id=kind.id, title="دستورالعمل پوشش خبری", issuer="معاونت روابط عمومی")
    yield db
    db.dispose()


def _texts(root: QWidget, qtbot) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(where, text) of what a person sees: every tab (and every tab inside it) shown in turn."""
    seen: list[tuple[str, str]] = []

    def visit(tabs: QTabWidget) -> None:
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            qtbot.wait(20)  # lazy pages build and fill when first shown
            seen.append((f"tab {tabs.tabText(i)!r}", tabs.tabText(i)))
            seen.extend((f"{tabs.tabText(i)}: {where}", text) for where, text in _visible(root))
            page = tabs.widget(i)
            for inner in page.findChildren(QTabWidget):
                if inner.isVisible() and inner.parent() is not None:
                    visit(inner)

    top = root.findChild(QTabWidget)
    assert top is not None
    visit(top)
    return seen


def _visible(root: QWidget) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for w in root.findChildren(QWidget):
        if not w.isVisible():
            continue
        name = type(w).__name__
        if isinstance(w, QLabel | QPushButton):
            seen.append((name, w.text()))
        elif isinstance(w, QLineEdit):
            seen += [(name, w.text()), (name, w.placeholderText())]
        elif isinstance(w, QComboBox):
            seen += [(name, w.itemText(i)) for i in range(min(w.count(), 10))]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            seen += [(name, text) for text in _model_texts(w.model())]
    return seen


def _model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for c in range(columns):
        header = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        texts.append(str(header or ""))
        for r in range(min(model.rowCount(QModelIndex()), 5)):
            value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            texts.append("" if value is None else str(value))
    return texts


@pytest.mark.parametrize("username", ["clerk", "boss"])
def test_every_main_screen_reads_right_to_left(qtbot, office, username: str) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    actor = auth.login(office, username, PASSWORD)
    window = MainWindow(office, actor)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    seen = _texts(window, qtbot)
    shown = {text for _where, text in seen}
    assert "۰۹:۰۰ تا ۱۱:۰۰" in shown or username == "boss", sorted({w for w, _t in seen if w.startswith("tab")})
    assert any("شهردار منطقه ۱۱" in text for text in shown)
    bad = {(where, text, ", ".join(found)) for where, text in seen if (found := problems(text))}
    assert not bad, "\n".join(f"{where}: {text!r} ({why})" for where, text, why in sorted(bad))
