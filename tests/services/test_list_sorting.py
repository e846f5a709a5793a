"""Sorting a list by a column is done by the query, through the service's list function:
only keys the list offers, pages that follow one another without overlap, and the reverse
exactly backwards; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pr_desk.data.queries.sorting import UnknownSortKey
from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.services import audit_log, units, users


def _pages(fetch, size: int):  # type: ignore[no-untyped-def]
    rows, offset = [], 0
    while True:
        page = fetch(offset=offset, limit=size)
        rows.extend(page)
        if len(page) < size:
            return rows
        offset += size


def test_units_sort_by_a_key_and_back_in_pages(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    units.add_unit(db, admin, name="سازمان آ", kind=UnitKind.ORGANISATION, code="AAA")
    units.add_unit(db, admin, name="شرکت ب", kind=UnitKind.COMPANY, code="ZZZ")
    by_code = [u.code for u in units.list_units(db, admin, sort_key="code")]
    assert by_code == sorted(by_code) and by_code[0] == "AAA" and by_code[-1] == "ZZZ"
    backwards = [u.code for u in units.list_units(db, admin, sort_key="code", descending=True)]
    assert backwards == by_code[::-1]
    # District: equal values (none for the two new units) keep one order, empty ones last going up.
    paged = _pages(lambda **k: units.list_units(db, admin, sort_key="district", **k), 5)
    assert [u.district for u in paged] == [*range(1, 23), None, None]
    assert len({u.id for u in paged}) == 24
    down = _pages(lambda **k: units.list_units(db, admin, sort_key="district", descending=True, **k), 5)
    assert [u.id for u in down] == [u.id for u in paged][::-1]
    kinds = [u.kind for u in units.list_units(db, admin, sort_key="kind_label", descending=True)]
    assert kinds[0] is UnitKind.COMPANY and kinds[-1] is UnitKind.DISTRICT


def test_users_and_the_audit_trail_sort_by_a_key(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    users.add_user(db, admin, username="zahra", display_name="زهرا", role=Role.CLERK, password="pass-word-1405")
    users.add_user(db, admin, username="bahram", display_name="بهرام", role=Role.INSPECTOR, password="pass-word-1405")
    names = [u.username for u in users.list_users(db, admin, sort_key="username")]
    assert names == ["admin", "bahram", "zahra"]
    assert [u.username for u in users.list_users(db, admin, sort_key="role_label", descending=True)] == ["bahram", "zahra", "admin"]
    seqs = [e.seq for e in audit_log.list_entries(db, admin, sort_key="seq")]
    assert seqs == sorted(seqs) and len(seqs) >= 2
    assert [e.seq for e in audit_log.list_entries(db, admin, sort_key="seq", descending=True)] == seqs[::-1]


@pytest.mark.parametrize("key", ["password_hash", "notes; DROP TABLE unit", "", "id"])
def test_an_unknown_sort_key_is_refused(office, key: str) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    with pytest.raises(UnknownSortKey):
        units.list_units(db, admin, sort_key=key)
    with pytest.raises(UnknownSortKey):
        users.list_users(db, admin, sort_key=key)
    with pytest.raises(UnknownSortKey):
        audit_log.list_entries(db, admin, sort_key=key)
    assert units.count_units(db, admin) == 22  # nothing happened to the table
