"""Importing meeting requests from the office's spreadsheet: the dry-run check names the
same bad rows as the import and writes nothing; the import is all rows or none — on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.meetings import MeetingImportRow
from pr_desk.domain.roles import Role
from pr_desk.services import audit_log
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings.importing import check_meetings_import, import_meetings
from pr_desk.services.units import ImportRejected
from tests.services.meetings.factories import actor, national_code


@pytest.fixture
def desk(office):  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mayor = mr.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    return db, admin, clerk, mayor


def row(number: int, n: int, **kw: str) -> MeetingImportRow:
    values = dict(national_code=national_code(n), first_name="مریم", last_name="احمدی", mobile="09121234567", district="6",
                  official="شهردار تهران", subject="", channel="", description="درخواست رسیدگی به وضعیت معابر محله",
                  registered_on="1404/09/01")
    values.update(kw)
    return MeetingImportRow(number, **values)  # type: ignore[arg-type]


def _counts(db, admin):  # type: ignore[no-untyped-def]
    return mr.count_requests(db, admin), len(mr.list_citizens(db, admin, limit=1000)), audit_log.count_entries(db, admin)


def test_check_names_each_bad_row_and_writes_nothing(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, clerk, _mayor = desk
    rows = [
        row(2, 1),
        row(3, 2, national_code="0012345678"),
        row(4, 3, official="کسی که نیست"),
        row(5, 4, registered_on="1499/01/01"),
        row(6, 5, district="40"),
        row(7, 6, description=""),
    ]
    before = _counts(db, admin)
    problems = check_meetings_import(db, clerk, rows)
    assert [p.row_number for p in problems] == [3, 4, 5, 6, 7]
    assert all(p.message for p in problems)
    assert "کسی که نیست" in problems[1].message
    assert _counts(db, admin) == before

    with pytest.raises(ImportRejected) as rejected:
        import_meetings(db, clerk, rows)
    assert [(p.row_number, p.message) for p in rejected.value.problems] == [(p.row_number, p.message) for p in problems]
    assert mr.count_requests(db, admin) == 0
    assert mr.list_citizens(db, admin) == []


def test_good_rows_check_clean_then_import_all(desk) -> None:  # type: ignore[no-untyped-def]
    db, _admin, clerk, mayor = desk
    rows = [row(2, 1), row(3, 2, official="علیرضا زاکانی", first_name="علی", last_name="رضایی"), row(4, 1, registered_on="")]
    assert check_meetings_import(db, clerk, rows) == []
    assert mr.count_requests(db, clerk) == 0
    result = import_meetings(db, clerk, rows)
    assert (result.citizens_added, result.requests_added) == (2, 3)
    assert mr.count_queue(db, clerk, official_id=mayor.id) == 3


def test_check_refuses_what_the_import_refuses(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, _clerk, _mayor = desk
    inspector = actor(db, admin, "inspector1", Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        check_meetings_import(db, inspector, [row(2, 1)])
    with pytest.raises(UserError):
        check_meetings_import(db, admin, [])
    # an official no longer active takes no imported requests either
    retired = mr.add_official(db, admin, name="محمد محمدی", title="معاون خدمات شهری")
    mr.update_official(db, admin, official_id=retired.id, name=retired.name, title=retired.title, active=False,
                       expected_version=retired.version)
    problems = check_meetings_import(db, admin, [row(2, 1, official="معاون خدمات شهری")])
    assert [p.row_number for p in problems] == [2]
