"""The meeting queue's lists sort by a click on a column header, in the database, a second
click reversing; the queue shows its fair order until then and every request keeps its turn
in any order; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pr_desk.domain.meetings import PriorityGroup
from pr_desk.services import meetings
from tests.services.meetings.factories import national_code
from tests.ui.test_list_pages import click_header, column_values, shown

PEOPLE = (  # first name, last name, district, priority
    ("مریم", "احمدی", 6, PriorityGroup.NONE),
    ("حسن", "کریمی", 2, PriorityGroup.NONE),
    ("زهرا", "بهرامی", 14, PriorityGroup.ELDERLY),
    ("علی", "رضایی", 9, PriorityGroup.NONE),
    ("سارا", "محمدی", 1, PriorityGroup.DISABILITY),
)


def _office_with_requests(office: Any) -> tuple[Any, Any, Any, list[Any]]:
    db, admin = office
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    requests = []
    for n, (first, last, district, group) in enumerate(PEOPLE):
        citizen = meetings.add_citizen(db, admin, national_code=national_code(700 + n), first_name=first, last_name=last,
                                       district=district, priority_group=group,
                                       priority_note="" if group is PriorityGroup.NONE else "کارت")
        requests.append(meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                                  subject_category="urban_services", channel="in_person",
                                                  description="درخواست رسیدگی").request)
    return db, admin, official, requests


def test_the_requests_list_sorts_by_a_header_click(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin, _official, requests = _office_with_requests(office)
    view = shown(qtbot, RequestsView(db, admin))
    assert column_values(view.table, "id") == [r.id for r in requests][::-1]  # newest first until a click

    click_header(qtbot, view.table, "district")
    assert column_values(view.table, "district") == [1, 2, 6, 9, 14]
    click_header(qtbot, view.table, "district")
    assert column_values(view.table, "district") == [14, 9, 6, 2, 1]
    assert view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    click_header(qtbot, view.table, "tracking_code")
    codes = column_values(view.table, "tracking_code")
    assert codes == sorted(codes) and codes == [r.tracking_code for r in requests]
    click_header(qtbot, view.table, "tracking_code")
    assert column_values(view.table, "tracking_code") == codes[::-1]


def test_the_queue_keeps_its_fair_order_until_a_click_and_each_turn_with_it(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.queue_view import QueueView

    db, admin, official, _requests = _office_with_requests(office)
    view = shown(qtbot, QueueView(db, admin))
    fair = column_values(view.table, "citizen_name")
    assert set(fair[:2]) == {"زهرا بهرامی", "سارا محمدی"}  # the priority groups lead
    assert column_values(view.table, "queue_position") == [1, 2, 3, 4, 5]
    turn_of = dict(zip(fair, column_values(view.table, "queue_position"), strict=True))

    click_header(qtbot, view.table, "district")
    assert column_values(view.table, "district") == [1, 2, 6, 9, 14]
    names = column_values(view.table, "citizen_name")
    assert dict(zip(names, column_values(view.table, "queue_position"), strict=True)) == turn_of
    click_header(qtbot, view.table, "district")
    assert column_values(view.table, "district") == [14, 9, 6, 2, 1]

    click_header(qtbot, view.table, "queue_position")  # the turn column is the fair order
    assert column_values(view.table, "citizen_name") == fair
    click_header(qtbot, view.table, "queue_position")
    assert column_values(view.table, "citizen_name") == fair[::-1]
    assert column_values(view.table, "queue_position") == [5, 4, 3, 2, 1]
