"""Units: the 22 districts pre-loaded, add, rename, retire, delete rules, import."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitImportRow, UnitKind
from pr_desk.services import auth, units, users


def test_twenty_two_districts_come_preloaded(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    districts = units.list_units(db, admin, kind=UnitKind.DISTRICT)
    assert len(districts) == 22
    assert districts[0].name == "روابط عمومی منطقه ۱" and districts[0].code == "D01"
    assert [d.district for d in districts] == list(range(1, 23))


def test_add_rename_retire_and_search(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    unit = units.add_unit(db, admin, name="سازمان زيباسازي", kind=UnitKind.ORGANISATION)
    assert unit.name == "سازمان زیباسازی"  # Arabic ي stored as Persian ی
    assert unit.code == "ORG-001"
    renamed = units.rename_unit(db, admin, unit.id, "سازمان زیباسازی شهر تهران", expected_version=unit.version)
    assert renamed.version == unit.version + 1
    assert [u.id for u in units.list_units(db, admin, search="زيباسازي")] == [unit.id]  # Arabic ي finds it
    retired = units.retire_unit(db, admin, unit.id)
    assert retired.retired
    assert unit.id not in {u.id for u in units.list_units(db, admin, include_retired=False)}
    assert units.count_units(db, admin) == 23


def test_districts_cannot_be_deleted_and_duplicates_are_refused(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    d1 = units.list_units(db, admin, kind=UnitKind.DISTRICT)[0]
    with pytest.raises(UserError):
        units.delete_unit(db, admin, d1.id)
    with pytest.raises(UserError):
        units.add_unit(db, admin, name="روابط عمومی منطقه ۱", kind=UnitKind.ORGANISATION)
    with pytest.raises(UserError):
        units.add_unit(db, admin, name="x", kind=UnitKind.DISTRICT, district=23)
    with pytest.raises(UserError):
        units.add_unit(db, admin, name="  ", kind=UnitKind.COMPANY)
    co = units.add_unit(db, admin, name="شرکت آزمایشی", kind="company")
    units.delete_unit(db, admin, co.id)
    assert units.count_units(db, admin) == 22
    with pytest.raises(UserError):
        units.add_unit(db, admin, name="شرکت دیگر", kind="company", code=co.code)  # a tombstone keeps its code


def test_only_admins_manage_units(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    users.add_user(db, admin, username="sup", display_name="سرپرست", role=Role.SUPERVISOR, password="sup-pass-1405")
    sup = auth.login(db, "sup", "sup-pass-1405")
    assert len(units.list_units(db, sup)) == 22
    with pytest.raises(PermissionDenied):
        units.add_unit(db, sup, name="سازمان", kind=UnitKind.ORGANISATION)


def test_import_is_all_or_nothing_and_names_each_bad_row(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    rows = [
        UnitImportRow(2, "ORG-101", "سازمان نمونه", "سازمان وابسته", ""),
        UnitImportRow(3, "", "شرکت بی‌کد", "company", ""),
        UnitImportRow(4, "CO-9", "شرکت نه", "نوع عجیب", ""),
        UnitImportRow(5, "ORG-101", "سازمان تکراری", "organisation", ""),
        UnitImportRow(6, "D30", "منطقه سی", "district", "30"),
    ]
    with pytest.raises(units.ImportRejected) as info:
        units.import_units(db, admin, rows)
    assert [p.row_number for p in info.value.problems] == [3, 4, 5, 6]
    assert units.count_units(db, admin) == 22

    good = [UnitImportRow(2, "ORG-101", "سازمان نمونه", "organisation", ""), UnitImportRow(3, "D01", "روابط عمومی منطقه یک", "district", "۱")]
    result = units.import_units(db, admin, good)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
    again = units.import_units(db, admin, good)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)  # idempotent


def test_the_import_check_names_bad_rows_without_writing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    units.add_unit(db, admin, name="سازمان موجود", kind="organisation", code="ORG-500")
    rows = [
        UnitImportRow(2, "ORG-501", "سازمان موجود", "organisation", ""),  # the name is taken in the database
        UnitImportRow(3, "", "بی‌کد", "company", ""),
        UnitImportRow(4, "CO-502", "شرکت سالم", "company", ""),
    ]
    before = units.count_units(db, admin)
    assert [p.row_number for p in units.check_units_import(db, admin, rows)] == [2, 3]
    assert units.count_units(db, admin) == before
    assert units.check_units_import(db, admin, rows[2:]) == []
