"""The users import template and its reader: a spreadsheet of users (username, full name,
role) read back into plain rows for the users service to check. Passwords never travel in it."""

from __future__ import annotations

from pathlib import Path

from pr_desk.domain.roles import ROLE_LABELS, Role, UserImportRow
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import read_table, save_workbook, template_sheet

USER_COLUMNS = [
    ("username", N_("Username")),
    ("display_name", N_("Full name")),
    ("role", N_("Role")),
]


def write_users_template(out: Path) -> Path:
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    out, wb, ws = template_sheet(out, _("Users"), USER_COLUMNS)
    ws.append(["s.rahimi", "سارا رحیمی", _(ROLE_LABELS[Role.CLERK])])
    for cell in ws[2]:
        cell.font = Font(name="Tahoma")
    roles = ",".join(_(ROLE_LABELS[r]) for r in Role)
    validation = DataValidation(type="list", formula1=f'"{roles}"', allow_blank=False)
    ws.add_data_validation(validation)
    validation.add("C2:C5000")
    for letter, width in zip("ABC", (18, 36, 18), strict=False):
        ws.column_dimensions[letter].width = width
    return save_workbook(wb, out)


def read_users_file(path: Path) -> list[UserImportRow]:
    return [
        UserImportRow(number, v.get("username", ""), v.get("display_name", ""), v.get("role", ""))
        for number, v in read_table(path, USER_COLUMNS, ("username", "role"))
    ]
