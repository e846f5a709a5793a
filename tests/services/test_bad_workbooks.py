"""A malformed import file, of every import kind, is one clear sentence and the database is
left unchanged: a NUL or other control character written raw into a sheet's XML, a tag cut
short, a zip member that does not inflate, a truncated zip, a zip that is not a workbook.

The bad files are made by hand: a valid workbook written with openpyxl, then one member of
its zip rewritten (the command-line tests use the same builders)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from pr_desk.domain.errors import UserError
from pr_desk.domain.importing import ImportRejected
from pr_desk.services import audit_log, units, users
from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from pr_desk.services.directives.importing import preview_directives_file
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings.importing import preview_meetings_file
from pr_desk.spreadsheets.evaluation import LAYOUT, META_SHEET

MARKER = "MARKER-CELL"
# The headers each import finds its columns by, and a row under them with MARKER in it.
SHEETS: dict[str, tuple[list[str], list[str]]] = {
    "units": (["کد", "نام واحد", "نوع", "منطقه", "توضیحات"], ["ORG-201", MARKER, "سازمان وابسته", "", ""]),
    "users": (["نام کاربری", "نام و نام خانوادگی", "نقش"], ["s.rahimi", MARKER, "کارشناس"]),
    "meetings": (["کد ملی", "نام", "نام خانوادگی", "مقام ملاقات‌شونده", "شرح درخواست"], ["0012345679", MARKER, "رضایی", "شهردار", "x"]),
    "directives": (["شماره", "نوع", "عنوان", "تاریخ ابلاغ"], ["د/1403/001", "دستورالعمل", MARKER, "1403/05/03"]),
    "evaluation": (["ردیف", "شاخص"], ["1", MARKER]),
}


def good_workbook(kind: str, path: Path) -> Path:
    """A well-formed workbook for `kind` whose first sheet holds MARKER as an inline string
    (openpyxl writes it so), and, for the evaluation form, the hidden key sheet."""
    book = Workbook()
    header, row = SHEETS[kind]
    book.active.append(header)
    book.active.append(row)
    if kind == "evaluation":
        meta = book.create_sheet(META_SHEET)
        meta.append(["layout", LAYOUT])
    book.save(path)
    return path


def _rewrite(path: Path, out: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info.filename)))
    return out


def _in_cell(raw: bytes) -> Callable[[str, bytes], bytes]:
    return lambda name, data: data.replace(MARKER.encode(), MARKER[:3].encode() + raw + MARKER[3:].encode())


def _cut_tag(name: str, data: bytes) -> bytes:
    return data.replace(b"</sheetData>", b"") if name == "xl/worksheets/sheet1.xml" else data


def _corrupt_member(path: Path, out: Path) -> Path:
    """The sheet's compressed bytes overwritten in place: the zip's directory still reads."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 2, start + info.compress_size - 2):
        data[offset] = 0xFF - data[offset]
    out.write_bytes(bytes(data))
    return out


def bad_workbook(kind: str, flaw: str, folder: Path) -> Path:
    good = good_workbook(kind, folder / f"{kind}-good.xlsx")
    out = folder / f"{kind}-{flaw}.xlsx"
    if flaw == "nul":
        return _rewrite(good, out, _in_cell(b"\x00"))
    if flaw == "control":
        return _rewrite(good, out, _in_cell(b"\x01\x1b"))
    if flaw == "cut-tag":
        return _rewrite(good, out, _cut_tag)
    if flaw == "corrupt-member":
        return _corrupt_member(_rewrite(good, folder / f"{kind}-deflated.xlsx", lambda _n, d: d), out)
    if flaw == "truncated":
        out.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        return out
    if flaw == "not-a-workbook":
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("notes.txt", "not a workbook")
        return out
    raise AssertionError(flaw)


FLAWS = ["nul", "control", "cut-tag", "corrupt-member", "truncated", "not-a-workbook"]
KINDS = list(SHEETS)


def _preview(kind: str) -> Callable[[Any, Any, Path], Any]:
    return {
        "units": units.preview_units_file,
        "users": users.preview_users_file,
        "meetings": preview_meetings_file,
        "directives": preview_directives_file,
        "evaluation": ev.preview_form_file,
    }[kind]


def _state(db: Any, admin: Any) -> tuple[int, ...]:
    return (audit_log.count_entries(db, admin), units.count_units(db, admin), users.count_users(db, admin),
            mr.count_requests(db, admin), dv.count_directives(db, admin))


@pytest.mark.parametrize("kind", KINDS)
def test_every_import_refuses_a_malformed_file_in_one_sentence(office, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    before = _state(db, admin)
    for flaw in FLAWS:
        path = bad_workbook(kind, flaw, tmp_path)
        with pytest.raises(UserError) as refused:
            _preview(kind)(db, admin, path)
        assert not isinstance(refused.value, ImportRejected), flaw
        text = refused.value.translated()
        assert path.name in text and "\n" not in text and len(text) < 300, (flaw, text)
    assert _state(db, admin) == before


def test_a_control_character_in_the_xml_says_the_file_is_damaged(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    with pytest.raises(UserError) as refused:
        units.preview_units_file(db, admin, bad_workbook("units", "nul", tmp_path))
    assert "آسیب دیده" in refused.value.translated()
    good = units.preview_units_file(db, admin, good_workbook("units", tmp_path / "fine.xlsx"))
    assert good.clean and good.row_count == 1  # the same file without the NUL imports
