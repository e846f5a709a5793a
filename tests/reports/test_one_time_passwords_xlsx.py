"""The one-time passwords workbook: right to left, every cell plain text, never a formula."""

from __future__ import annotations

from pathlib import Path

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.spreadsheets.passwords import write_one_time_passwords


def test_cells_are_text_even_when_they_look_like_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = write_one_time_passwords(tmp_path / "otp.xlsx", [("a.user", '=HYPERLINK("http://x","y")', "کارشناس", "abcd-efgh-jk23")])
    sheet = load_workbook(out).active
    assert sheet.sheet_view.rightToLeft
    row = sheet[2]
    assert [c.value for c in row] == ["a.user", '=HYPERLINK("http://x","y")', "کارشناس", "abcd-efgh-jk23"]
    assert all(c.data_type == "s" for c in row)
    assert "delete" not in str(sheet["A4"].value) and sheet["A4"].value  # the note on keeping the file, in Persian
    assert not list(tmp_path.glob(".*part"))  # no temporary file left behind


def test_only_an_xlsx_in_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        write_one_time_passwords(tmp_path / "otp.csv", [])
    with pytest.raises(UserError):
        write_one_time_passwords(tmp_path / "missing" / "otp.xlsx", [])
