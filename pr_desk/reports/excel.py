"""Excel writer: right-to-left sheets in plain logical Unicode (Excel shapes Persian itself).

Always streams through openpyxl's write-only workbook, so 100,000 rows never sit in
memory. User text that starts like a formula (= + - @, tab) is stored as text, never as
a formula. Dates go in twice: Jalali text for the reader and a real date cell for sorting
and arithmetic.

Why this module reaches past openpyxl's public API (issue 17, §4 asks for the public
write-only API or the reason): in the hot path of a big export, the public way (a
`WriteOnlyCell` per value with shared style objects, openpyxl's own type inference)
re-hashes every cell's style into the workbook's style table and probes every value's
type. bench/reports_bench.py writes the same 100,000 rows both ways in one run: the
public way took 130 s, ours 31 s (4.2x), xlsxwriter 43 s (2026-12-06, loaded 2-core
machine; before `_fast_rows`). The private members used, all in this file:
`Cell._style`/`_value`/`_comment`/`_hyperlink` and `parent.parent._cell_styles`
(`_RowCell`: a style fixed once per column), the sheet's `_values_to_row`
(`_append_cells_only`: rows are cells already), its `_get_writer`/`_writer` and the
writer's `write_row` (`_fast_rows`: a plain row as one lxml element, the same XML; 460,000
cells of the compliance matrix 23.9 s -> 7.6 s CPU) and `_writer` again in `_discard`
(removing the temporary file after a cancel). tests/reports read every exported workbook
back with openpyxl, so an openpyxl upgrade that moves them fails there, not at a user's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pr_desk.atomic_files import atomic_output
from pr_desk.domain.formatting import format_value
from pr_desk.domain.jalali import to_tehran
from pr_desk.i18n import _, current_language, is_rtl
from pr_desk.reports.model import (
    BarChart,
    Cancel,
    Column,
    Heading,
    LabelValues,
    Letter,
    PageBreak,
    Paragraph,
    Progress,
    RadarChart,
    ReportSpec,
    Row,
    Signatures,
    Table,
    Ticker,
    Tinted,
    cell_value,
    count_rows,
    jalali_date_text,
    jalali_datetime_text,
)

FONT_NAME = "Tahoma"
RIALS_FORMAT = "#,##0"
INT_FORMAT = "0"
SCORE_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDTH_SAMPLE = 1000  # rows looked at to size the columns before streaming the rest
MAX_WIDTH = 60.0

# Text a spreadsheet would take for a formula (or DDE) if it started a cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# XML 1.0 forbids these; openpyxl would refuse the whole export for one stray byte.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _text(value: str) -> str:
    return _ILLEGAL.sub("", value)


def looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_START)


class _Styles:
    """Shared style objects: openpyxl hashes a style on every assignment, so each is made once."""

    def __init__(self) -> None:
        self.body = Font(name=FONT_NAME, size=10)
        self.bold = Font(name=FONT_NAME, size=10, bold=True)
        self.header_font = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
        self.title_font = Font(name=FONT_NAME, size=14, bold=True, color="0B5C7A")
        self.small = Font(name=FONT_NAME, size=9, color="52606D")
        self.header_fill = PatternFill("solid", fgColor="0B5C7A")
        self.totals_fill = PatternFill("solid", fgColor="DDE8EE")
        thin = Side(style="thin", color="9AA5B1")
        self.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        self.top_line = Border(top=Side(style="medium", color="0B5C7A"))
        self.header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)


class _SheetColumn:
    """One column of the sheet (a date column of the report makes two)."""

    def __init__(self, column: Column, index: int, label: str, role: str) -> None:
        self.column = column
        self.index = index  # position of the report column (for tuple rows)
        self.label = label
        self.role = role  # "value" | "jalali" | "date"
        self.width = 8.0


def _sheet_columns(columns: Sequence[Column]) -> list[_SheetColumn]:
    out: list[_SheetColumn] = []
    for index, col in enumerate(columns):
        if col.kind in ("date", "datetime"):
            out.append(_SheetColumn(col, index, col.label, "jalali"))
            out.append(_SheetColumn(col, index, _("{label} (Gregorian)").format(label=col.label), "date"))
        else:
            out.append(_SheetColumn(col, index, col.label, "value"))
    return out


def _number_format(sc: _SheetColumn) -> str | None:
    kind = sc.column.kind
    if sc.role == "date":
        return DATETIME_FORMAT if kind == "datetime" else DATE_FORMAT
    return {"int": INT_FORMAT, "rials": RIALS_FORMAT, "score": SCORE_FORMAT, "percent": PERCENT_FORMAT}.get(kind)


def _display_width(text: str) -> float:
    return min(MAX_WIDTH, max((len(line) for line in text.split("\n")), default=0) * 1.15 + 2)


def _excel_date(value: Any, kind: str) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.datetime):
        # Excel has no time zones: show Tehran wall-clock time, as the Jalali text does.
        return to_tehran(value).replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    return None


class _TintedValue:
    """A converted cell value that goes on a background colour."""

    __slots__ = ("colour", "value")

    def __init__(self, value: Any, colour: str) -> None:
        self.value = value
        self.colour = colour


class _RowCell(Cell):  # type: ignore[misc]  # openpyxl ships no type hints
    """A cell whose style is fixed once styled: openpyxl would otherwise hash its style
    array into the workbook's style list again for every cell written."""

    __slots__ = ("_fixed_has_style", "_fixed_style_id")

    def freeze_style(self) -> None:
        self._fixed_style_id = self.parent.parent._cell_styles.add(self._style)
        self._fixed_has_style = self.has_style

    @property
    def style_id(self) -> int:
        fixed: int = self._fixed_style_id
        return fixed


def _row_cell(ws: WriteOnlyWorksheet) -> _RowCell:
    return _RowCell(worksheet=ws, column=1, row=1)


class _RowWriter:
    """Converts report rows to sheet values. One reusable cell per column: the write-only
    sheet serialises a row as soon as it is appended, so the cells can be refilled."""

    def __init__(self, ws: WriteOnlyWorksheet, sheet_columns: list[_SheetColumn], styles: _Styles,
                 *, persian: bool, bold: bool = False, fill: PatternFill | None = None) -> None:
        self.sheet_columns = sheet_columns
        self.persian = persian
        self.cells: list[WriteOnlyCell] = []
        for sc in sheet_columns:
            cell = _row_cell(ws)
            cell.font = styles.bold if bold else styles.body
            fmt = _number_format(sc)
            if fmt:
                cell.number_format = fmt
            if sc.column.kind == "text":
                cell.alignment = styles.wrap
            if fill is not None:
                cell.fill = fill
                cell.border = styles.top_line
            cell.freeze_style()
            self.cells.append(cell)
        # Same style, with quotePrefix: Excel keeps the text as text even when edited.
        self.quoted = []
        for cell in self.cells:
            q = _row_cell(ws)
            q._style = cell._style.__copy__()
            q.quotePrefix = True
            q.freeze_style()
            self.quoted.append(q)
        self._jalali: dict[Any, str] = {}
        self._tinted: dict[tuple[int, str, bool], _RowCell] = {}
        self._memo: dict[tuple[int, str], tuple[Tinted, Any]] = {}

    def _tinted_cell(self, k: int, colour: str, quoted: bool) -> _RowCell:
        """The column's cell style on a fill of `colour` (made once per column and colour)."""
        key = (k, colour, quoted)
        cell = self._tinted.get(key)
        if cell is None:
            base = (self.quoted if quoted else self.cells)[k]
            cell = _row_cell(base.parent)
            cell._style = base._style.__copy__()
            cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
            cell.freeze_style()
            self._tinted[key] = cell
        return cell

    def values(self, row: Row) -> list[Any]:
        if type(row) is dict:  # most reports' rows: looked up by key, without cell_value's ABC check per cell
            get = row.get
            raws: Iterable[Any] = [get(sc.column.key) for sc in self.sheet_columns]
        else:
            raws = [cell_value(row, sc.column, sc.index) for sc in self.sheet_columns]
        memo = self._memo
        out = []
        for raw, sc in zip(raws, self.sheet_columns, strict=True):
            if type(raw) is Tinted:
                # A matrix repeats a few marks (one object per state) over 500,000 cells:
                # each object is converted once per sheet column. The memo holds the object,
                # so its id is not reused while the entry lives.
                key = (id(raw), sc.role)
                hit = memo.get(key)
                if hit is not None and hit[0] is raw:
                    out.append(hit[1])
                    continue
                value = self._convert(raw, sc)
                if len(memo) < 1000:
                    memo[key] = (raw, value)
                out.append(value)
            else:
                out.append(self._convert(raw, sc))
        return out

    def _convert(self, raw: Any, sc: _SheetColumn) -> Any:
        if isinstance(raw, Tinted):
            value = self._convert(raw.value, sc)
            return _TintedValue(value, raw.colour) if sc.role != "date" else value
        if raw is None or raw == "":
            return None
        kind = sc.column.kind
        if sc.role == "jalali":
            text = self._jalali.get(raw)
            if text is None:
                if isinstance(raw, dt.datetime):
                    text = jalali_datetime_text(raw, persian=self.persian)
                elif isinstance(raw, dt.date):
                    text = jalali_date_text(raw, persian=self.persian)
                else:
                    return str(raw)
                if len(self._jalali) < 50_000:  # exports span few distinct days
                    self._jalali[raw] = text
            return text
        if sc.role == "date":
            return _excel_date(raw, kind)
        if isinstance(raw, bool):
            return format_value(raw, "text")
        if kind in ("int", "rials") and isinstance(raw, int | float | Decimal):
            return int(round(raw))
        if kind in ("score",) and isinstance(raw, int | float | Decimal):
            return float(raw)
        if kind == "percent" and isinstance(raw, int | float | Decimal):
            return float(raw) / 100.0
        if isinstance(raw, int | float):
            return raw
        if isinstance(raw, Decimal):
            return float(raw)
        if isinstance(raw, dt.date):
            return format_value(raw, "date", persian=self.persian)
        return _text(str(raw))

    def cells_for(self, values: Sequence[Any]) -> list[Any]:
        # Hot path of big exports: set the value and type directly rather than through
        # openpyxl's type inference, which would also turn "=..." into a formula and
        # "#N/A" into an error value. Every string is a string.
        row: list[Any] = []
        for k, value in enumerate(values):
            t = type(value)
            if t is _TintedValue:
                inner = value.value
                cell = self._tinted_cell(k, value.colour, isinstance(inner, str) and looks_like_formula(inner))
                if isinstance(inner, str):
                    cell._value, cell.data_type = inner, "s"
                elif isinstance(inner, int | float) and not isinstance(inner, bool):
                    cell._value, cell.data_type = inner, "n"
                else:
                    cell.value = inner
                row.append(cell)
                continue
            if value is None:
                row.append(None)
                continue
            if t is str:
                cell = self.quoted[k] if looks_like_formula(value) else self.cells[k]
                cell._value = value
                cell.data_type = "s"
            elif t is int or t is float:
                cell = self.cells[k]
                cell._value = value
                cell.data_type = "n"
            else:
                cell = self.cells[k]
                cell.value = value  # dates: openpyxl converts to a serial number
            row.append(cell)
        return row


def _append_cells_only(ws: WriteOnlyWorksheet) -> None:
    """Every row we append is a list of cells (or None): skip openpyxl's per-value type
    probing, which costs as much again as writing the cell; and write each row of plain
    cells as one element (`_fast_rows`)."""

    def values_to_row(values: Sequence[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    ws._values_to_row = values_to_row
    get_writer = ws._get_writer

    def _get_writer() -> None:
        fresh = ws._writer is None
        get_writer()
        if fresh:
            _fast_rows(ws._writer)

    ws._get_writer = _get_writer


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NUMBERS = (int, float)


def _fast_rows(writer: Any) -> None:
    """openpyxl writes a cell through three nested `xf.element` contexts and a dict of
    attributes built by `_set_attributes` (about 10 µs a cell: most of a 500,000-cell
    export). A row whose cells are all plain (text, a number, a date or empty with a
    style; no comment, link or formula) is built here as one lxml element with the same
    XML and written at once; any other row goes through openpyxl's own `write_row`."""
    from openpyxl import LXML

    if not LXML:  # the stream is then not lxml's: openpyxl writes every row itself
        return
    from lxml.etree import Element, SubElement  # type: ignore[import-untyped]
    from openpyxl.compat import safe_string
    from openpyxl.utils.datetime import to_excel

    ws = writer.ws
    workbook = ws.parent
    original = writer.write_row
    letters: dict[int, str] = {}

    def write_row(xf: Any, row: Iterable[Any], row_idx: int) -> None:
        cells = list(row)
        attrs = {"r": f"{row_idx}"}
        attrs.update(ws.row_dimensions.get(row_idx, {}))
        el = Element("row", attrs)
        for cell in cells:
            if cell._comment is not None or cell._hyperlink is not None:
                original(xf, cells, row_idx)
                return
            value = cell._value
            styled = cell._fixed_has_style if type(cell) is _RowCell else cell.has_style
            if value is None and not styled:
                continue
            column = cell.column
            letter = letters.get(column)
            if letter is None:
                letter = letters[column] = get_column_letter(column)
            t = cell.data_type
            if styled:
                c = SubElement(el, "c", {"r": f"{letter}{row_idx}", "s": f"{cell.style_id}",
                                         "t": "inlineStr" if t == "s" else t})
            else:
                c = SubElement(el, "c", {"r": f"{letter}{row_idx}", "t": "inlineStr" if t == "s" else t})
            if value is None or value == "":
                continue
            if t == "s" and type(value) is str:
                text = SubElement(SubElement(c, "is"), "t")
                if value != value.strip():
                    text.set(_XML_SPACE, "preserve")
                text.text = value
            elif t == "n" and isinstance(value, _NUMBERS):
                SubElement(c, "v").text = safe_string(value)
            elif t == "d" and not workbook.iso_dates and isinstance(value, dt.date | dt.datetime | dt.time) \
                    and getattr(value, "tzinfo", None) is None:
                c.set("t", "n")
                SubElement(c, "v").text = safe_string(to_excel(value, workbook.epoch))
            else:
                original(xf, cells, row_idx)
                return
        xf.write(el)

    writer.write_row = write_row


class _Sheet:
    """One table on one sheet: title rows, header, streamed rows, totals, filter, freeze."""

    def __init__(self, wb: Workbook, title: str, styles: _Styles, *, persian: bool, rtl: bool) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(_sheet_title(wb, title))
        self.ws.sheet_view.rightToLeft = rtl
        _append_cells_only(self.ws)
        self.styles = styles
        self.persian = persian
        self.row = 0

    def _append(self, values: list[Any]) -> None:
        self.ws.append(values)
        self.row += 1

    def _styled(self, value: Any, font: Font) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        if isinstance(value, str):
            cell._value = _text(value)
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
        else:
            cell.value = value
        cell.font = font
        return cell

    def write(self, spec: ReportSpec, columns: Sequence[Column], rows: Iterable[Row],
              totals: Row | None, blocks: Sequence[Any], ticker: Ticker, *, heading: str | None,
              empty_message: str | None) -> None:
        s = self.styles
        sheet_columns = _sheet_columns(columns)
        rows_iter = iter(rows)
        sample = list(itertools.islice(rows_iter, WIDTH_SAMPLE))
        writer = _RowWriter(self.ws, sheet_columns, s, persian=self.persian)
        sample_values = [writer.values(r) for r in sample]
        self._size_columns(sheet_columns, sample_values, blocks)

        # The write-only sheet writes its view (direction, frozen pane) and column widths
        # with the first row, so the whole layout is settled before anything is appended.
        preamble = self._preamble(spec, blocks, heading)
        header_row = len(preamble) + 1
        if sheet_columns:
            self.ws.freeze_panes = f"A{header_row + 1}"
        for values in preamble:
            self._append(values)
        if not sheet_columns:
            return
        self._append(self._header_cells(sheet_columns))

        if not sample_values:
            self._append([self._styled(empty_message or _("Nothing to show: no records match this report."), s.bold)])
            return
        self._write_rows(writer, sample_values, rows_iter, ticker)
        last_data_row = self.row
        self.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet_columns))}{last_data_row}"
        if totals is not None:
            self._write_totals(sheet_columns, totals)

    def _preamble(self, spec: ReportSpec, blocks: Sequence[Any], heading: str | None) -> list[list[Any]]:
        """The rows above the table: title, organisation and print line, subtitle,
        filters, the blocks, and an empty row."""
        s = self.styles
        preamble: list[list[Any]] = [[self._styled(heading or spec.title, s.title_font)]]
        info = _("Printed on: {date}").format(
            date=jalali_datetime_text(spec.printed_at or dt.datetime.now(dt.UTC), persian=self.persian))
        if spec.printed_by:
            info += "   " + _("Printed by: {name}").format(name=spec.printed_by)
        preamble.append([self._styled(spec.organisation, s.bold), self._styled(info, s.small)])
        if spec.subtitle:
            preamble.append([self._styled(spec.subtitle, s.small)])
        if spec.filters_text:
            preamble.append([self._styled(spec.filters_text, s.small)])
        for block in blocks:
            preamble += self._block_rows(block)
        preamble.append([])
        return preamble

    def _header_cells(self, sheet_columns: list[_SheetColumn]) -> list[WriteOnlyCell]:
        s = self.styles
        header = []
        for sc in sheet_columns:
            cell = self._styled(sc.label, s.header_font)
            cell.fill = s.header_fill
            cell.alignment = s.header_align
            cell.border = s.border
            header.append(cell)
        return header

    def _write_rows(self, writer: _RowWriter, sample_values: list[list[Any]], rows_iter: Iterator[Row], ticker: Ticker) -> None:
        """The rows read for the column widths, then the rest as they come (never all in memory)."""
        for values in sample_values:
            self.ws.append(writer.cells_for(values))
            ticker.step()
        self.row += len(sample_values)
        for row in rows_iter:
            self.ws.append(writer.cells_for(writer.values(row)))
            self.row += 1
            ticker.step()

    def _write_totals(self, sheet_columns: list[_SheetColumn], totals: Row) -> None:
        """The totals row, bold, with "Total" in the first text column left empty."""
        s = self.styles
        totals_writer = _RowWriter(self.ws, sheet_columns, s, persian=self.persian, bold=True, fill=s.totals_fill)
        values = totals_writer.values(totals)
        first_text = next((k for k, sc in enumerate(sheet_columns) if sc.column.kind == "text"), None)
        if first_text is not None and values[first_text] is None:
            values[first_text] = _("Total")
        self.ws.append(totals_writer.cells_for(values))

    def _block_rows(self, block: Any) -> list[list[Any]]:
        s = self.styles
        rows: list[list[Any]] = []
        if isinstance(block, Heading):
            rows.append([self._styled(block.text, s.bold)])
        elif isinstance(block, Paragraph):
            rows.append([self._styled(block.text, s.body)])
        elif isinstance(block, LabelValues):
            if block.title:
                rows.append([self._styled(block.title, s.bold)])
            for label, value in block.items:
                shown = value
                if isinstance(value, dt.date):
                    shown = format_value(value, "date", persian=self.persian)
                elif value is None:
                    shown = ""
                elif not isinstance(value, int | float):
                    shown = str(value)
                rows.append([self._styled(label, s.bold), self._styled(shown, s.body)])
        elif isinstance(block, Letter):
            rows += self._letter_rows(block)
        return rows

    def _letter_rows(self, letter: Letter) -> list[list[Any]]:
        """A letter as label/text rows: the reference, addressee and subject, each
        paragraph in a wrapped cell, the signer; an empty row after it."""
        s = self.styles
        rows: list[list[Any]] = [[self._styled(letter.recipient, s.title_font)]]
        for label, value in ((_("Number:"), letter.number), (_("Date:"), letter.date),
                             (_("Attachments:"), letter.attachments or "—"), (_("To:"), letter.recipient),
                             (_("From:"), letter.sender), (_("Subject:"), letter.subject)):
            if value:
                rows.append([self._styled(label, s.bold), self._styled(value, s.body)])
        for text in (letter.salutation, *letter.paragraphs, letter.closing):
            if text:
                cell = self._styled(text, s.body)
                cell.alignment = s.wrap
                rows.append([None, cell])
        signer = "، ".join(part for part in (letter.signer_name, letter.signer_post) if part)
        if signer:
            rows.append([self._styled(_("Signature:"), s.bold), self._styled(signer, s.body)])
        if letter.copies:
            rows.append([self._styled(_("Copies:"), s.bold), self._styled("؛ ".join(letter.copies), s.body)])
        rows.append([])
        return rows

    def _size_columns(self, sheet_columns: list[_SheetColumn], sample: list[list[Any]], blocks: Sequence[Any]) -> None:
        for k, sc in enumerate(sheet_columns):
            width = max(_display_width(sc.label) * 1.1, 6.0 * max(sc.column.width, 1.0))
            for values in sample:
                v = values[k]
                if isinstance(v, _TintedValue):
                    v = v.value
                if v is None:
                    continue
                if isinstance(v, dt.datetime):
                    w = 17.0
                elif isinstance(v, dt.date):
                    w = 12.0
                elif isinstance(v, float):
                    w = len(f"{v:,.2f}") + 2.0
                elif isinstance(v, int):
                    w = len(f"{v:,}") + 2.0
                else:
                    w = _display_width(v)
                width = max(width, w)
            sc.width = min(width, MAX_WIDTH)
            self.ws.column_dimensions[get_column_letter(k + 1)].width = sc.width
        if not sheet_columns and any(isinstance(b, LabelValues | Letter) for b in blocks):
            self.ws.column_dimensions["A"].width = 24
            self.ws.column_dimensions["B"].width = 50


    def signatures(self, block: Signatures) -> None:
        """The signature boxes under the table, as the PDF prints them: a box per signer
        with the role, the name, room to sign and "Signature and date", side by side
        (every other column, so the boxes stand apart)."""
        s = self.styles
        thin = Side(style="thin", color="9AA5B1")
        edges = (Border(top=thin, left=thin, right=thin), Border(left=thin, right=thin), Border(bottom=thin, left=thin, right=thin))
        centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
        lines: list[list[Any]] = [[], [], [], [], []]
        for role, name in block.signers:
            for k, (value, font) in enumerate(((role, s.bold), (name or "", s.body), (None, s.body), (None, s.body),
                                               (_("Signature and date"), s.small))):
                cell = self._styled(value, font)
                cell.border = edges[0 if k == 0 else 2 if k == 4 else 1]
                cell.alignment = centre
                lines[k] += [cell, None]
        self._append([])
        for line in lines:
            self._append(line[:-1])


CHART_ROW_CM = 0.53  # the height of a sheet row, to leave room for a chart beside its data


def _main_section(spec: ReportSpec) -> list[Any]:
    """The blocks of the report's own section: what comes after a page break in `after`
    belongs to a further section (the next unit of a report of every unit), whose
    signatures are not signed under the first table."""
    out = list(spec.before)
    for block in spec.after:
        if isinstance(block, PageBreak):
            break
        out.append(block)
    return out


def _chart_series(block: BarChart | RadarChart) -> list[list[float]]:
    values: Any = block.values if isinstance(block, BarChart) else block.series
    if values and not isinstance(values[0], list | tuple):
        return [[float(v) for v in values]]
    return [[float(v) for v in series] for series in values]


def _write_chart(sheet: _Sheet, block: BarChart | RadarChart) -> None:
    """One chart of the report: its data as a small table (category, then a column per
    series) and the openpyxl chart drawn from those cells beside it; room is left under
    it so the next chart's table starts below this chart."""
    from openpyxl.chart import BarChart as XlBarChart
    from openpyxl.chart import RadarChart as XlRadarChart
    from openpyxl.chart import Reference

    s = sheet.styles
    series = _chart_series(block)
    names = list(block.series_names) or [block.title or _("Value")]
    title = block.title or ""
    block_kind = block.value_kind if isinstance(block, BarChart) else "score"
    sheet._append([sheet._styled(title, s.bold)])
    header_row = sheet.row + 1
    header = [sheet._styled(_("Item"), s.header_font), *(sheet._styled(n, s.header_font) for n in names[: len(series)])]
    for cell in header:
        cell.fill = s.header_fill
    sheet._append(header)
    for k, category in enumerate(block.categories):
        values = [sheet._styled(sv[k], s.body) if k < len(sv) else None for sv in series]
        for cell in values:
            if cell is not None:
                cell.number_format = SCORE_FORMAT if block_kind == "score" else "General"
        sheet._append([sheet._styled(str(category), s.body), *values])
    last_row = sheet.row
    if not block.categories:
        sheet._append([sheet._styled(_("Nothing to show: no records match this report."), s.small)])
        sheet._append([])
        return
    data = Reference(sheet.ws, min_col=2, max_col=1 + len(series), min_row=header_row, max_row=last_row)
    categories = Reference(sheet.ws, min_col=1, min_row=header_row + 1, max_row=last_row)
    chart: Any
    if isinstance(block, RadarChart):
        chart = XlRadarChart()
        chart.type = "marker"
        chart.y_axis.scaling.min = 0
        if block.maximum is not None:
            chart.y_axis.scaling.max = block.maximum
        height = 9.0
    else:
        chart = XlBarChart()
        chart.type = "bar"  # horizontal bars: the names read whole, however many units
        chart.x_axis.scaling.orientation = "maxMin"  # the first (the best) at the top
        chart.y_axis.scaling.min = 0
        chart.y_axis.majorGridlines = None
        if block.value_kind == "score":
            chart.y_axis.number_format = "0"
        height = max(7.5, 0.55 * len(block.categories) + 2.5)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.title = title or None
    chart.height = height
    chart.width = 18
    if len(series) == 1:
        chart.legend = None
    sheet.ws.add_chart(chart, f"{get_column_letter(len(series) + 3)}{header_row - 1}")
    used = last_row - header_row + 2
    for _k in range(max(0, int(height / CHART_ROW_CM) + 2 - used)):
        sheet._append([])
    sheet._append([])


def _chart_sheet(wb: Workbook, charts: Sequence[BarChart | RadarChart], styles: _Styles, *, persian: bool, rtl: bool) -> None:
    """A sheet "Charts" with every chart of the report, each beside its own data."""
    sheet = _Sheet(wb, _("Charts"), styles, persian=persian, rtl=rtl)
    sheet.ws.column_dimensions["A"].width = max(
        [24.0] + [min(MAX_WIDTH, _display_width(str(c))) for b in charts for c in b.categories])
    for k in range(2, 2 + max(len(_chart_series(b)) for b in charts)):
        sheet.ws.column_dimensions[get_column_letter(k)].width = 16
    for block in charts:
        _write_chart(sheet, block)


def _sheet_title(wb: Workbook, title: str) -> str:
    name = _SHEET_NAME_BAD.sub(" ", title).strip().strip("'")[:31] or "Sheet"
    base, n = name, 2
    while name in wb.sheetnames:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name


def write_xlsx(
    spec: ReportSpec,
    path: str | Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Path:
    """Writes `spec` as an .xlsx workbook at `path` (atomically, streamed row by row):
    the main table on the first sheet with the signature boxes under it, each further
    `Table` block on a sheet of its own, and the charts on a last sheet beside their data.
    `progress(done, total)` counts rows; `cancel()` returning True raises `ReportCancelled`
    and leaves no file."""
    persian = current_language() == "fa"
    rtl = is_rtl()
    styles = _Styles()
    tables = [b for b in (*spec.before, *spec.after) if isinstance(b, Table)]
    other = [b for b in spec.before if not isinstance(b, Table)]
    total = _total_rows([spec.rows, *(t.rows for t in tables)] if spec.has_main_table else [t.rows for t in tables])
    ticker = Ticker(progress, cancel, total=total)
    ticker.check()
    target = Path(path)
    with atomic_output(target) as tmp:
        wb = Workbook(write_only=True)
        wb.properties.title = spec.title
        wb.properties.creator = spec.printed_by or "PR Desk"
        try:
            main = _Sheet(wb, spec.sheet_name or spec.title, styles, persian=persian, rtl=rtl)
            main.write(spec, spec.columns, spec.rows if spec.has_main_table else (), spec.totals, other,
                       ticker, heading=None, empty_message=spec.empty_message)
            for block in _main_section(spec):
                if isinstance(block, Signatures):
                    main.signatures(block)
            for table in tables:
                sheet = _Sheet(wb, table.title or spec.title, styles, persian=persian, rtl=rtl)
                sheet.write(spec, table.columns, table.rows, table.totals, (), ticker,
                            heading=table.title, empty_message=None)
            charts = [b for b in (*spec.before, *spec.after) if isinstance(b, BarChart | RadarChart)]
            if charts:
                _chart_sheet(wb, charts, styles, persian=persian, rtl=rtl)
            ticker.check()
        except BaseException:
            _discard(wb)
            raise
        wb.save(str(tmp))
    ticker.finish()
    return target


def _discard(wb: Workbook) -> None:
    """Closes and deletes the sheets' temporary files after a cancel or an error."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            ws.close()
        except Exception:
            pass
        try:
            writer.cleanup()
        except OSError:
            pass


def _total_rows(row_sets: Iterable[Iterable[Row]]) -> int | None:
    total = 0
    for rows in row_sets:
        n = count_rows(rows)
        if n is None:
            return None
        total += n
    return total


def iter_sheet_rows(path: str | Path) -> Iterator[tuple[Any, ...]]:
    """The values of the first sheet of a workbook we wrote (for tests and re-import)."""
    from openpyxl import load_workbook

    wb = load_workbook(str(path), read_only=True)
    try:
        yield from wb.worksheets[0].iter_rows(values_only=True)
    finally:
        wb.close()
