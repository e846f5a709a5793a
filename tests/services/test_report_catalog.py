"""The units and users reports, built from real databases and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.roles import Role
from pr_desk.reports.registry import list_reports, render_report
from pr_desk.services import auth, report_catalog, units, users  # noqa: F401 - registers the kinds
from tests.reports.helpers import pdftotext_pages


def _pdf_text(path: Path) -> str:
    return "\n".join(pdftotext_pages(path))


def test_every_kind_is_listed_name_first() -> None:
    names = [k.name for k in list_reports()]
    assert {"units", "users"} <= set(names)
    assert names == sorted(names)


def test_units_register_pdf_and_excel(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    units.add_unit(db, admin, name="سازمان زیباسازی شهر تهران", kind="organisation")
    pdf = render_report("units", {"db": db, "actor": admin}, tmp_path / "units.pdf")
    text = _pdf_text(pdf)
    assert "فهرست واحدهای تابعه" in text
    assert "سازمان زیباسازی شهر تهران" in text
    assert "روابط عمومی منطقه ۲۲" in text
    xlsx = render_report("units", {"db": db, "actor": admin, "kind": "organisation"}, tmp_path / "units.xlsx")
    ws = load_workbook(xlsx).active
    assert ws.sheet_view.rightToLeft
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "سازمان زیباسازی شهر تهران" in values
    assert "روابط عمومی منطقه ۱" not in values  # the kind filter applies


def test_an_empty_report_is_still_a_valid_file(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    pdf = render_report("units", {"db": db, "actor": admin, "search": "هیچ‌چیز چنین نامی ندارد"}, tmp_path / "empty.pdf")
    assert "فهرست واحدهای تابعه" in _pdf_text(pdf)
    xlsx = render_report("users", {"db": db, "actor": admin, "search": "zzz"}, tmp_path / "empty.xlsx")
    assert load_workbook(xlsx).active.max_row >= 1


def test_reports_respect_permissions_and_file_names(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    users.add_user(db, admin, username="clerk1", display_name="علی", role=Role.CLERK, password="clerk-pass-1")
    clerk = auth.login(db, "clerk1", "clerk-pass-1")
    with pytest.raises(PermissionDenied):
        render_report("users", {"db": db, "actor": clerk}, tmp_path / "u.pdf")
    assert not (tmp_path / "u.pdf").exists()
    with pytest.raises(UserError):
        render_report("units", {"db": db, "actor": admin}, tmp_path / "u.docx")
    with pytest.raises(UserError):
        render_report("no-such-report", {"db": db, "actor": admin}, tmp_path / "u.pdf")
