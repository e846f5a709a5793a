"""The requests list's search box as a clerk uses it: a mobile number typed or pasted the way
a phone's contacts write it (+98, spaces), a national code in Persian digits, a name with the
Arabic ي and ك, and odd or very long text: the list shows what the service finds for the
same request, the count says how many, and no match shows the search's empty state, never
an error."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from pr_desk.domain.text import to_persian_digits
from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from pr_desk.ui.kit.formatting import digits
from tests.ui.test_empty_states import said
from tests.ui.test_list_pages import shown


def test_the_search_box_finds_a_number_as_it_is_written_and_says_when_nothing_matches(qtbot, sqlite_office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = sqlite_office
    build_meetings_demo(db, admin, size="small", rng=random.Random(7))
    chosen = meetings.find_requests(db, admin, offset=5, limit=1)[0]
    view = shown(qtbot, RequestsView(db, admin))
    model = view.model

    def shown_ids() -> list[object]:
        return [model.row_at(row).id for row in range(model.rowCount())]

    def found(text: str) -> list[object]:
        return [r.id for r in meetings.find_requests(db, admin, search=meetings.RequestSearch(text=text), limit=1000)]

    by_mobile = found(chosen.mobile)
    assert chosen.id in by_mobile and len(by_mobile) < 20
    # typed, no Enter: the list follows the typing once it pauses, by the mobile's own index
    qtbot.mouseClick(view.search, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.search, f"+98 {chosen.mobile[1:4]} {chosen.mobile[4:7]} {chosen.mobile[7:]}")
    qtbot.waitUntil(lambda: not view.timer.isActive())
    assert shown_ids() == by_mobile
    assert view.count_label.text() == f"{digits(len(by_mobile))} درخواست"
    view.search.clear()
    view.search.insert("+" + to_persian_digits("98" + chosen.mobile[1:]))  # pasted, Persian digits
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert shown_ids() == by_mobile

    view.search.clear()
    view.search.insert(to_persian_digits(chosen.national_code))
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert chosen.id in shown_ids() and shown_ids() == found(chosen.national_code)
    arabic = chosen.citizen_name.replace("ی", "ي").replace("ک", "ك")
    view.search.clear()
    view.search.insert(arabic)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert chosen.id in shown_ids() and shown_ids() == found(chosen.citizen_name)
    assert not said(view.empty)

    for odd in ("%", "_", "\\", "'\"%_\\", "' OR 1=1 --", "a" * 3_000, "ب" * 500):
        view.search.clear()
        view.search.insert(odd)
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
        assert model.rowCount() == 0, odd
        assert view.count_label.text() == f"{digits(0)} درخواست"
        assert "جستجو" in said(view.empty)  # the search's sentence: clear it or check the code
    assert no_modal_boxes == []
    view.search.clear()
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert model.rowCount() == meetings.count_requests(db, admin) and not said(view.empty)
