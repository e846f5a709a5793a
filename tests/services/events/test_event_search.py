"""Finding events (by code, Persian digits too, and title words in any order and spelling)
and guests (by name, post or organisation, each with its event); inspectors find nothing."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied
from pr_desk.domain.event_imports import EventImportRow, GuestImportRow
from pr_desk.domain.roles import Role
from pr_desk.services.events import importing as imp
from pr_desk.services.events import search
from tests.services.meetings.factories import actor


def test_events_and_guests_are_found_with_persian_spelling_folded(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    codes = imp.import_events(db, admin, [
        EventImportRow(2, "", "جشنواره", "جشنواره مطبوعات و خبرگزاری‌ها", "", "1404/02/27"),
        EventImportRow(3, "", "جشن", "جشن روز تهران", "", "1404/07/14"),
    ]).codes
    imp.import_guests(db, admin, [GuestImportRow(2, "سرکار خانم دکتر", "زهرا کاظمی", "مدیرکل", "خبرگزاری ایرنا")],
                      event_code=codes[0])
    total, found = search.find_events(db, admin, "خبرگزاري مطبوعات")  # Arabic yeh, words in another order, no ZWNJ
    assert total == 1 and found[0].code == codes[0] and found[0].type_name == "جشنواره"
    total, found = search.find_events(db, admin, codes[1].replace("1404", "۱۴۰۴").lower())
    assert total == 1 and found[0].title == "جشن روز تهران"
    assert search.find_events(db, admin, "کنسرت")[0] == 0
    total, guests = search.find_guests(db, admin, "كاظمي")
    assert total == 1 and guests[0].event_code == codes[0] and guests[0].full_name == "زهرا کاظمی"
    assert search.find_guests(db, admin, "ایرنا")[0] == 1  # by organisation too
    inspector = actor(db, admin, "insp", Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        search.find_events(db, inspector, "جشن")
