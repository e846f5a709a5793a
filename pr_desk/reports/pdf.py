"""PDF writer: a letterhead page template and right-to-left flowables on reportlab platypus.

Every string reaches the canvas through `bidi_text` (wrapped in logical order, each line
shaped and reordered), in the embedded Vazirmatn font. Tables run right to left (first
logical column at the right edge), repeat their header on each page and are paginated
by our own flowable, so a 10,000-row table costs linear time rather than quadratic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from pr_desk.atomic_files import atomic_output
from pr_desk.domain.formatting import format_value
from pr_desk.domain.text import format_number, to_persian_digits
from pr_desk.i18n import _, current_language, is_rtl
from pr_desk.reports import fonts
from pr_desk.reports.bidi_text import (
    _PARAGRAPH_BREAKS,
    text_width,
    visual_line,
    visual_lines,
    wrap_logical,
)
from pr_desk.reports.model import (
    BarChart,
    Block,
    Cancel,
    Column,
    ColumnKind,
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
    cell_value,
    count_rows,
    jalali_datetime_text,
    untinted,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#0b5c7a")
HEADER_BG = ACCENT
ZEBRA = (colors.white, colors.HexColor("#eef3f6"))
TOTALS_BG = colors.HexColor("#dde8ee")
GRID = colors.HexColor("#9aa5b1")
SERIES_COLOURS = [
    colors.HexColor("#0b5c7a"),
    colors.HexColor("#d97706"),
    colors.HexColor("#2f855a"),
    colors.HexColor("#9b2c2c"),
    colors.HexColor("#6b46c1"),
]

BODY_SIZE = 10.0
TABLE_SIZE = 9.0
CELL_PAD_X = 3.0
CELL_PAD_Y = 2.5
COMPACT_SIZE = 7.5  # a dense table (a matrix of many narrow columns)
COMPACT_PAD_X = 1.8


class Direction:
    """Which way the document runs; Persian documents run right to left."""

    def __init__(self, rtl: bool, persian_digits: bool) -> None:
        self.rtl = rtl
        self.persian_digits = persian_digits

    @property
    def start_align(self) -> str:
        return "RIGHT" if self.rtl else "LEFT"

    def digits(self, text: str) -> str:
        return to_persian_digits(text) if self.persian_digits else text

    def order(self, items: Sequence[Any]) -> list[Any]:
        """Logical order -> left-to-right order on the page."""
        return list(reversed(items)) if self.rtl else list(items)


def current_direction() -> Direction:
    return Direction(is_rtl(), current_language() == "fa")


# --- flowables ---------------------------------------------------------------------------


class RtlParagraph(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph of bidi text: wrapped in logical order, each line reordered, aligned to
    the start side (right in Persian), or `align="justify"`: every line but a paragraph's
    last stretched to both edges, so body text runs even on both sides as Persian print
    sets it (the last line keeps to the start side). Splits across pages between lines."""

    def __init__(
        self,
        text: str,
        *,
        font: str = fonts.REGULAR,
        size: float = BODY_SIZE,
        leading: float | None = None,
        align: str = "start",
        color: colors.Color = INK,
        direction: Direction | None = None,
        space_before: float = 0.0,
        space_after: float = 4.0,
        ends: Sequence[bool] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self._given_ends = list(ends) if ends is not None else None  # a split part: which lines end a paragraph
        self.font = font
        self.size = size
        self.leading = leading or size * 1.55
        self.align = align
        self.color = color
        self.direction = direction or current_direction()
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._lines: list[str] = []
        self._ends: list[bool] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._logical = wrap_logical(self.text, availWidth, self.font, self.size)
        self._lines = [visual_line(line, rtl=self.direction.rtl) for line in self._logical]
        self._ends = self._line_ends(availWidth)
        self.height = len(self._lines) * self.leading
        return availWidth, self.height

    def _line_ends(self, width: float) -> list[bool]:
        """Whether each line ends its paragraph (such a line is never stretched)."""
        if self._given_ends is not None and len(self._given_ends) == len(self._logical):
            return self._given_ends
        if self.align != "justify":
            return [True] * len(self._logical)
        ends: list[bool] = []
        for paragraph in _PARAGRAPH_BREAKS.split(self.text):
            count = len(wrap_logical(paragraph, width, self.font, self.size))
            ends += [False] * (count - 1) + [True]
        return ends if len(ends) == len(self._logical) else [True] * len(self._logical)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self._logical):
            return [] if fit <= 0 else [self]
        head = self._clone("\n".join(self._logical[:fit]), self._ends[:fit])
        tail = self._clone("\n".join(self._logical[fit:]), self._ends[fit:])
        head.spaceAfter = 0
        tail.spaceBefore = 0
        return [head, tail]

    def _clone(self, text: str, ends: Sequence[bool] | None = None) -> RtlParagraph:
        return RtlParagraph(
            text, font=self.font, size=self.size, leading=self.leading, align=self.align,
            color=self.color, direction=self.direction, space_before=self.spaceBefore,
            space_after=self.spaceAfter, ends=ends,
        )

    def _draw_justified(self, line: str, y: float) -> bool:
        """Draws a line stretched to both edges, word by word (a TrueType font takes no
        PDF word spacing); False when it has one word or would gape (left to the caller)."""
        words = line.split(" ")
        words = [w for w in words if w]
        if len(words) < 2:
            return False
        widths = [stringWidth(w, self.font, self.size) for w in words]
        gap = (self.width - sum(widths)) / (len(words) - 1)
        space = stringWidth(" ", self.font, self.size)
        if gap < space * 0.5 or gap > space * 4:
            return False
        x = 0.0
        for word, w in zip(words, widths, strict=True):
            self.canv.drawString(x, y, word)
            x += w + gap
        return True

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.color)
        c.setFont(self.font, self.size)
        # Baseline sits about a quarter of the leading above the line's bottom.
        descent = (self.leading - self.size) / 2 + self.size * 0.28
        for i, line in enumerate(self._lines):
            y = self.height - (i + 1) * self.leading + descent
            if self.align == "justify" and not self._ends[i] and self._draw_justified(line, y):
                continue
            if self.align == "center":
                c.drawCentredString(self.width / 2, y, line)
            elif (self.align in ("start", "justify")) == self.direction.rtl:
                c.drawRightString(self.width, y, line)
            else:
                c.drawString(0, y, line)


class PagedTable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A table of prepared rows that splits page by page in linear time: each page gets a
    reportlab Table of the header plus the rows that fit, with row heights we computed."""

    def __init__(
        self,
        header: list[str],
        header_height: float,
        rows: list[list[str]],
        heights: list[float],
        col_widths: list[float],
        aligns: list[str],
        totals: list[str] | None = None,
        totals_height: float = 0.0,
        *,
        start: int = 0,
        ticker: Ticker | None = None,
        leading: float = TABLE_SIZE * 1.45,
        frame_height: float = float("inf"),
        tints: dict[int, list[tuple[int, str]]] | None = None,
        size: float = TABLE_SIZE,
        pad_x: float = CELL_PAD_X,
    ) -> None:
        super().__init__()
        self.tints = tints or {}  # row index -> [(column on the page, "#rrggbb")]
        self.size = size
        self.pad_x = pad_x
        self.frame_height = frame_height
        self.header = header
        self.header_height = header_height
        self.rows = rows
        self.heights = heights
        self.col_widths = col_widths
        self.aligns = aligns
        self.totals = totals
        self.totals_height = totals_height
        self.start = start
        self.ticker = ticker
        self.leading = leading
        self._table: RLTable | None = None
        self.width = sum(col_widths)
        self._rest = sum(heights[start:])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = self.header_height + self._rest + self.totals_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        room = availHeight - self.header_height
        n = 0
        used = 0.0
        end = len(self.rows)
        while self.start + n < end and used + self.heights[self.start + n] <= room:
            used += self.heights[self.start + n]
            n += 1
        if n == 0:
            if availHeight >= self.frame_height - 1:
                n = 1  # a row taller than a page: print it anyway rather than loop forever
            else:
                return []
        if self.start + n == end and used + self.totals_height <= room:
            return [self]
        if self.start + n == end:
            n -= 1  # keep the totals row together with at least the last data row
            if n == 0:
                return []
        head = self._chunk(self.start, self.start + n, with_totals=False)
        tail = PagedTable(
            self.header, self.header_height, self.rows, self.heights, self.col_widths,
            self.aligns, self.totals, self.totals_height, start=self.start + n,
            ticker=self.ticker, leading=self.leading, frame_height=self.frame_height, tints=self.tints,
            size=self.size, pad_x=self.pad_x,
        )
        return [head, tail]

    def _chunk(self, start: int, stop: int, *, with_totals: bool) -> RLTable:
        data = [self.header, *self.rows[start:stop]]
        heights = [self.header_height, *self.heights[start:stop]]
        if with_totals and self.totals is not None:
            data.append(self.totals)
            heights.append(self.totals_height)
        table = RLTable(data, colWidths=self.col_widths, rowHeights=heights, repeatRows=1)
        table.setStyle(self._style(len(data), start, with_totals and self.totals is not None, stop))
        if self.ticker is not None:
            self.ticker.check()
            self.ticker.step(stop - start)
        return table

    def _style(self, n_rows: int, start: int, has_totals: bool, stop: int | None = None) -> TableStyle:
        last_data = n_rows - 2 if has_totals else n_rows - 1
        zebra = list(ZEBRA) if start % 2 == 0 else list(reversed(ZEBRA))
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, self.size, self.leading),
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, self.size, self.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad_x),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad_x),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
        ]
        if last_data >= 1:
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, last_data), zebra))
        for col, align in enumerate(self.aligns):
            cmds.append(("ALIGN", (col, 1), (col, -1), align))
        if has_totals:
            cmds += [
                ("FONT", (0, -1), (-1, -1), fonts.BOLD, self.size, self.leading),
                ("BACKGROUND", (0, -1), (-1, -1), TOTALS_BG),
                ("LINEABOVE", (0, -1), (-1, -1), 1.0, ACCENT),
            ]
        if self.tints:
            for index in range(start, stop if stop is not None else len(self.rows)):
                for col, colour in self.tints.get(index, ()):
                    row = 1 + index - start
                    cmds.append(("BACKGROUND", (col, row), (col, row), colors.HexColor(colour)))
        return TableStyle(cmds)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        table = self._chunk(self.start, len(self.rows), with_totals=True)
        table.wrap(self.width, self.height)
        table.drawOn(canvas, x, y, _sW)

    def draw(self) -> None:  # pragma: no cover - drawOn does the work
        pass


def _column_widths(columns: Sequence[Column], avail: float) -> list[float]:
    total = sum(max(c.width, 0.1) for c in columns)
    return [avail * max(c.width, 0.1) / total for c in columns]


def _align_for(column: Column, direction: Direction) -> str:
    if column.numeric:
        return "RIGHT"  # units line up in a right-aligned column of left-to-right digits
    if column.kind in ("date", "datetime"):
        return "CENTER"
    return direction.start_align


def _cell_text(text: str, width: float, font: str, direction: Direction, size: float = TABLE_SIZE) -> tuple[str, int]:
    if "\n" not in text and text_width(text, font, size) <= width:
        return visual_line(text, rtl=direction.rtl), 1
    lines = visual_lines(text, width, font, size, rtl=direction.rtl)
    return "\n".join(lines), len(lines)


def table_flowables(
    columns: Sequence[Column],
    rows: Iterable[Row],
    avail_width: float,
    *,
    totals: Row | None = None,
    title: str | None = None,
    direction: Direction | None = None,
    ticker: Ticker | None = None,
    empty_message: str | None = None,
    compact: bool = False,
) -> list[Flowable]:
    """A data table: right-to-left columns, wrapped cells, Persian digits, header repeated
    on every page, zebra rows and a totals row; or "nothing to show" when there are no rows.
    `compact`: a smaller type and narrower padding, for a matrix of many narrow columns."""
    direction = direction or current_direction()
    size, pad_x = (COMPACT_SIZE, COMPACT_PAD_X) if compact else (TABLE_SIZE, CELL_PAD_X)
    leading = size * 1.45
    widths = _column_widths(columns, avail_width)
    inner = [w - 2 * pad_x - 0.5 for w in widths]
    kinds = [c.kind for c in columns]
    persian = direction.persian_digits

    def prepare(values: Sequence[str], font: str) -> tuple[list[str], float]:
        cells: list[str] = []
        most = 1
        for text, width in zip(values, inner, strict=True):
            cell, n = _cell_text(text, width, font, direction, size)
            cells.append(cell)
            most = max(most, n)
        return direction.order(cells), most * leading + 2 * CELL_PAD_Y

    header, header_height = prepare([c.label for c in columns], fonts.BOLD)
    prepared: list[list[str]] = []
    heights: list[float] = []
    tints: dict[int, list[tuple[int, str]]] = {}
    last = len(columns) - 1
    for row in rows:
        texts = []
        for i, col in enumerate(columns):
            value, colour = untinted(cell_value(row, col, i))
            texts.append(format_value(value, kinds[i], persian=persian))
            if colour is not None:
                tints.setdefault(len(prepared), []).append((last - i if direction.rtl else i, colour))
        cells, height = prepare(texts, fonts.REGULAR)
        prepared.append(cells)
        heights.append(height)
        if ticker is not None:
            ticker.step()
    out: list[Flowable] = []
    if title:
        out.append(heading_flowable(title, level=2, direction=direction))
    if not prepared:
        out.append(empty_flowable(empty_message, direction=direction))
        return out
    totals_cells: list[str] | None = None
    totals_height = 0.0
    if totals is not None:
        texts = [format_value(untinted(cell_value(totals, col, i))[0], kinds[i], persian=persian) for i, col in enumerate(columns)]
        first_text = next((i for i, c in enumerate(columns) if not c.numeric), None)
        if first_text is not None and not texts[first_text]:
            texts[first_text] = _("Total")
        totals_cells, totals_height = prepare(texts, fonts.BOLD)
    aligns = direction.order([_align_for(c, direction) for c in columns])
    out.append(
        PagedTable(
            header, header_height, prepared, heights, direction.order(widths), aligns,
            totals_cells, totals_height, ticker=ticker, leading=leading, tints=tints, size=size, pad_x=pad_x,
        )
    )
    return out


def heading_flowable(text: str, *, level: int = 1, direction: Direction | None = None) -> Flowable:
    size = {1: 15.0, 2: 12.5}.get(level, 11.0)
    return RtlParagraph(
        text, font=fonts.BOLD, size=size, color=ACCENT, direction=direction,
        space_before=6.0 if level == 1 else 8.0, space_after=4.0,
    )


def paragraph_flowable(text: str, *, direction: Direction | None = None) -> Flowable:
    """Body text: set even on both sides (see RtlParagraph)."""
    return RtlParagraph(text, direction=direction, space_after=6.0, align="justify")


def empty_flowable(message: str | None = None, *, direction: Direction | None = None) -> Flowable:
    """The standard "nothing to show" box for a report without data."""
    text = message or _("Nothing to show: no records match this report.")
    para = RtlParagraph(text, font=fonts.MEDIUM, size=11.0, align="center", color=INK, direction=direction)
    box = RLTable([[para]], style=TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY_SIZE),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f5f7fa")),
        ("TOPPADDING", (0, 0), (-1, -1), 14),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 14),
    ]))
    return box


def label_values_flowable(block: LabelValues, avail_width: float, *, direction: Direction | None = None) -> list[Flowable]:
    """Label/value pairs, labels in bold on the start side."""
    direction = direction or current_direction()
    label_w = avail_width * 0.3
    value_w = avail_width - label_w
    rows: list[list[Any]] = []
    for label, value in block.items:
        value_text = format_value(value, "text", persian=direction.persian_digits)
        if isinstance(value, str) and direction.persian_digits is False:
            value_text = value
        cells = [
            RtlParagraph(label, font=fonts.BOLD, size=BODY_SIZE, direction=direction, space_after=0),
            RtlParagraph(value_text, size=BODY_SIZE, direction=direction, space_after=0),
        ]
        rows.append(direction.order(cells))
    out: list[Flowable] = []
    if block.title:
        out.append(heading_flowable(block.title, level=2, direction=direction))
    if not rows:
        out.append(empty_flowable(direction=direction))
        return out
    label_col = len(rows[0]) - 1 if direction.rtl else 0
    table = RLTable(rows, colWidths=direction.order([label_w, value_w]))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (label_col, 0), (label_col, -1), colors.HexColor("#f5f7fa")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    out.append(table)
    return out


def signatures_flowable(block: Signatures, avail_width: float, *, direction: Direction | None = None) -> Flowable:
    """Signature boxes side by side: role, name, and room to sign."""
    direction = direction or current_direction()
    n = max(len(block.signers), 1)
    width = avail_width / n
    cells = []
    for role, name in block.signers:
        cells.append([
            RtlParagraph(role, font=fonts.BOLD, align="center", direction=direction, space_after=2),
            RtlParagraph(name, align="center", direction=direction, space_after=2),
            Spacer(1, 1.4 * cm),
            RtlParagraph(_("Signature and date"), size=8, align="center", color=GRID, direction=direction, space_after=0),
        ])
    table = RLTable([direction.order(cells)], colWidths=[width] * n)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
    ]))
    return KeepTogether([Spacer(1, 0.6 * cm), table])


def letter_flowables(block: Letter, avail_width: float, *, direction: Direction | None = None) -> list[Flowable]:
    """An official letter: the reference box on the end side (left in Persian), then
    addressee, sender and subject on the start side, the body's paragraphs, the closing,
    the signature on the end side, and the copies."""
    direction = direction or current_direction()
    out: list[Flowable] = []
    if block.opening:
        out.append(RtlParagraph(block.opening, font=fonts.BOLD, size=11.0, align="center", direction=direction,
                                space_after=2.0))
    box_width = min(6.2 * cm, avail_width / 2)
    reference = [(_("Number:"), block.number), (_("Date:"), block.date),
                 (_("Attachments:"), block.attachments or "—")]
    box_rows = [direction.order([
        RtlParagraph(label, font=fonts.BOLD, size=BODY_SIZE, direction=direction, space_after=0),
        RtlParagraph(value, size=BODY_SIZE, direction=direction, space_after=0),
    ]) for label, value in reference]
    box = RLTable(box_rows, colWidths=direction.order([1.9 * cm, box_width - 1.9 * cm]),
                  hAlign="LEFT" if direction.rtl else "RIGHT")
    box.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, GRID),
        ("BOX", (0, 0), (-1, -1), 0.6, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    out += [box, Spacer(1, 0.5 * cm)]
    for label, value in ((_("To:"), block.recipient), (_("From:"), block.sender), (_("Subject:"), block.subject)):
        if value:
            out.append(RtlParagraph(f"{label} {value}", font=fonts.BOLD, size=11.0, direction=direction, space_after=3.0))
    out.append(Spacer(1, 0.3 * cm))
    if block.salutation:
        out.append(RtlParagraph(block.salutation, size=11.0, direction=direction, space_after=6.0))
    for text in block.paragraphs:
        out.append(RtlParagraph(text, size=11.0, leading=11.0 * 1.75, direction=direction, space_after=5.0, align="justify"))
    if block.closing:
        out.append(RtlParagraph(block.closing, size=11.0, leading=11.0 * 1.75, direction=direction, space_before=4.0,
                                space_after=5.0))
    signature = RLTable([[RtlParagraph(block.signer_name or " ", font=fonts.BOLD, size=11.0, align="center",
                                       direction=direction, space_after=2.0)],
                         [RtlParagraph(block.signer_post or " ", size=10.0, align="center", direction=direction,
                                       space_after=0)]],
                        colWidths=[6.5 * cm], hAlign="LEFT" if direction.rtl else "RIGHT")
    signature.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    tail: list[Flowable] = [Spacer(1, 0.9 * cm), signature]
    if block.copies:
        tail += [Spacer(1, 0.8 * cm), RtlParagraph(_("Copies:"), font=fonts.BOLD, size=9.5, direction=direction, space_after=1.0)]
        tail += [RtlParagraph("- " + copy if not direction.rtl else copy, size=9.5, direction=direction, space_after=1.0)
                 for copy in block.copies]
    out.append(KeepTogether(tail))
    return out


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.REGULAR  # the renderer's default would be Helvetica
    return drawing


def _chart_label(text: str, direction: Direction) -> str:
    return visual_line(text, rtl=direction.rtl)


def bar_chart_flowable(block: BarChart, avail_width: float, *, direction: Direction | None = None) -> list[Flowable]:
    """Vertical bars, categories from the start side (right in Persian); when their names
    would not fit side by side, horizontal bars (see _horizontal_bars)."""
    direction = direction or current_direction()
    data = _bar_series(block)
    out: list[Flowable] = []
    if block.title:
        out.append(heading_flowable(block.title, level=2, direction=direction))
    if not block.categories or not data or not any(data):
        out.append(empty_flowable(direction=direction))
        return out
    if _crowded(block, avail_width, direction):
        return _horizontal_bars(block, data, avail_width, direction, out)
    height = 7.5 * cm
    drawing = _drawing(avail_width, height)
    drawing.add(_bar_chart(block, data, avail_width, height, direction))
    if block.series_names:
        _add_legend(drawing, block.series_names, direction, y=height - 0.2 * cm)
    out.append(drawing)
    return [KeepTogether(out)]  # a chart's heading never stays behind at the foot of a page


BAR_LABEL_SIZE = 8.0
BAR_ROW_H = 14.0  # points per category of a horizontal chart
BAR_ROWS_PER_PART = 24  # a part fits a landscape page's frame with its heading


def _crowded(block: BarChart, avail_width: float, direction: Direction) -> bool:
    """Whether the category names would run into each other under vertical bars (the
    ranking of 46 units): then the bars lie down, a row each, every name whole."""
    slot = (avail_width - 2.2 * cm) / max(1, len(block.categories))
    widest = max(float(text_width(str(c), fonts.REGULAR, BAR_LABEL_SIZE)) for c in block.categories)
    return bool(widest > slot - 2)


def _horizontal_bars(block: BarChart, data: list[list[float]], avail_width: float, direction: Direction,
                     out: list[Flowable]) -> list[Flowable]:
    """A row per category: its whole name on the start side, the bars growing away from it
    with their values; split into parts of BAR_ROWS_PER_PART rows on one scale, so a long
    chart flows over pages (the heading kept with the first part)."""
    kind = block.value_kind
    label = _value_label(kind, direction)
    top = max((max(s) for s in data if s), default=0.0) or 1.0
    names = [str(c) for c in block.categories]
    name_w = min(avail_width * 0.45, max(text_width(n, fonts.REGULAR, BAR_LABEL_SIZE) for n in names) + 8)
    value_w = max(text_width(label(v), fonts.REGULAR, BAR_LABEL_SIZE - 1) for s in data for v in s) + 8
    bar_room = max(40.0, avail_width - name_w - value_w - 6)
    series_n = len(data)
    legend_h = 0.7 * cm if block.series_names else 0.0
    parts: list[Flowable] = []
    for start in range(0, len(names), BAR_ROWS_PER_PART):
        rows = names[start:start + BAR_ROWS_PER_PART]
        height = len(rows) * BAR_ROW_H + 6 + (legend_h if start == 0 else 0.0)
        drawing = _drawing(avail_width, height)
        for i, name in enumerate(rows):
            k = start + i
            y_top = height - (legend_h if start == 0 else 0.0) - 3 - i * BAR_ROW_H
            text_y = y_top - BAR_ROW_H / 2 - BAR_LABEL_SIZE * 0.35
            shown = _chart_label(name, direction)
            if direction.rtl:
                drawing.add(String(avail_width, text_y, shown, fontName=fonts.REGULAR, fontSize=BAR_LABEL_SIZE,
                                   fillColor=INK, textAnchor="end"))
            else:
                drawing.add(String(0, text_y, shown, fontName=fonts.REGULAR, fontSize=BAR_LABEL_SIZE,
                                   fillColor=INK, textAnchor="start"))
            thickness = (BAR_ROW_H - 4) / series_n
            for j, series in enumerate(data):
                value = series[k] if k < len(series) else 0.0
                length = bar_room * max(0.0, value) / top
                y = y_top - 2 - (j + 1) * thickness
                x = avail_width - name_w - length if direction.rtl else name_w
                drawing.add(Rect(x, y, length, thickness, fillColor=SERIES_COLOURS[j % len(SERIES_COLOURS)],
                                 strokeColor=None))
                value_x = x - 3 if direction.rtl else x + length + 3
                drawing.add(String(value_x, y + thickness / 2 - (BAR_LABEL_SIZE - 1) * 0.35,
                                   label(value), fontName=fonts.REGULAR, fontSize=BAR_LABEL_SIZE - 1, fillColor=INK,
                                   textAnchor="end" if direction.rtl else "start"))
        axis_x = avail_width - name_w if direction.rtl else name_w
        drawing.add(Line(axis_x, 0, axis_x, height - (legend_h if start == 0 else 0.0), strokeColor=GRID, strokeWidth=0.5))
        if start == 0 and block.series_names:
            _add_legend(drawing, block.series_names, direction, y=height - 0.1 * cm)
        parts.append(drawing)
    return [KeepTogether([*out, parts[0]]), *parts[1:]]


def _bar_series(block: BarChart) -> list[list[float]]:
    """The chart's values as a list of series (one series may be given bare)."""
    series = block.values
    if series and not isinstance(series[0], list | tuple):
        return [list(cast("Sequence[float]", series))]
    return [list(cast("Sequence[float]", s)) for s in series]


def _bar_chart(block: BarChart, data: list[list[float]], avail_width: float, height: float, direction: Direction) -> VerticalBarChart:
    chart = VerticalBarChart()
    chart.x = 1.6 * cm if not direction.rtl else 0.4 * cm
    chart.y = 1.6 * cm
    chart.width = avail_width - 2.2 * cm
    chart.height = height - 2.2 * cm
    chart.data = [direction.order(s) for s in data]
    chart.categoryAxis.categoryNames = direction.order([_chart_label(c, direction) for c in block.categories])
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    kind = block.value_kind
    if kind in ("int", "rials"):
        _whole_number_axis(chart, data)
    label = _value_label(kind, direction)
    chart.valueAxis.labelTextFormat = label
    if direction.rtl:
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.labels.boxAnchor = "w"
        chart.valueAxis.labels.dx = 4
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = label
    chart.barLabels.nudge = 6
    for i in range(len(data)):
        chart.bars[i].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        chart.bars[i].strokeColor = None
    return chart


def _whole_number_axis(chart: VerticalBarChart, data: list[list[float]]) -> None:
    """Counts take whole-number ticks: a step of 0.5 would label "half a request"."""
    top = max((max(s) for s in data if s), default=0)
    if top <= 10:
        chart.valueAxis.valueMax = max(1, int(top) + (1 if top == int(top) else 0))
        chart.valueAxis.valueStep = 1
    else:
        raw_step = top / 5
        magnitude = 10 ** (len(str(int(raw_step))) - 1)
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * (int(top // step) + 1)


def _value_label(kind: ColumnKind, direction: Direction) -> Callable[[float], str]:
    """The axis and bar label of a value of that kind."""
    def label(value: float) -> str:
        if kind in ("int", "rials") and value != int(value):
            return format_number(value, persian=direction.persian_digits)
        return format_value(value, kind, persian=direction.persian_digits)

    return label


def _add_legend(drawing: Drawing, names: Sequence[str], direction: Direction, *, y: float) -> None:
    legend = Legend()
    legend.fontName = fonts.REGULAR
    legend.fontSize = 8
    legend.alignment = "left" if direction.rtl else "right"  # swatch on the start side
    legend.boxAnchor = "ne" if direction.rtl else "nw"
    legend.x = drawing.width - 0.3 * cm if direction.rtl else 0.3 * cm
    legend.y = y
    legend.columnMaximum = 1
    legend.deltax = 60
    legend.colorNamePairs = [
        (SERIES_COLOURS[i % len(SERIES_COLOURS)], _chart_label(n, direction)) for i, n in enumerate(names)
    ]
    drawing.add(legend)


def radar_chart_flowable(block: RadarChart, avail_width: float, *, direction: Direction | None = None) -> list[Flowable]:
    """A spider chart with Persian axis labels; axes run counter-clockwise from the top in
    Persian documents so the order reads right to left."""
    direction = direction or current_direction()
    out: list[Flowable] = []
    if block.title:
        out.append(heading_flowable(block.title, level=2, direction=direction))
    if not block.categories or not block.series:
        out.append(empty_flowable(direction=direction))
        return out
    size = min(avail_width, 10 * cm)
    drawing = _drawing(avail_width, size)
    spider = SpiderChart()
    spider.width = spider.height = size - 3.2 * cm
    spider.x = (avail_width - spider.width) / 2
    spider.y = 1.6 * cm
    spider.direction = "anticlockwise" if direction.rtl else "clockwise"
    spider.startAngle = 90
    spider.data = [list(s) for s in block.series]
    spider.labels = [_chart_label(c, direction) for c in block.categories]
    spider.strandLabels.fontName = fonts.REGULAR
    spider.strandLabels.fontSize = 8
    spider.spokeLabels.fontName = fonts.REGULAR
    spider.spokeLabels.fontSize = 8
    spider.spokes.labelRadius = 1.12  # keep axis names clear of the outermost polygon
    for i in range(len(block.series)):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        spider.strands[i].strokeColor = colour
        spider.strands[i].fillColor = colors.Color(colour.red, colour.green, colour.blue, alpha=0.18)
        spider.strands[i].strokeWidth = 1.2
    top = block.maximum if block.maximum is not None else max(max(s) for s in block.series)
    spider.strands.strokeColor = GRID
    if top:
        # Scale against a shared maximum so two series compare truly.
        spider.data = [[v / top for v in s] for s in block.series]
    drawing.add(spider)
    if block.series_names:
        _add_legend(drawing, block.series_names, direction, y=size - 0.2 * cm)
    out.append(drawing)
    return out


# --- the document -------------------------------------------------------------------------


def _page_size(spec: ReportSpec) -> tuple[float, float]:
    size: tuple[float, float] = landscape(A4) if spec.orientation == "landscape" else portrait(A4)
    return size


MARGIN_X = 1.6 * cm
HEADER_H = 2.9 * cm
FOOTER_H = 1.4 * cm


def _default_logo() -> Path | None:
    for name in ("logo.png", "images/logo.png"):
        path = RESOURCES / name
        if path.is_file():
            return path
    return None


class _Letterhead:
    """Draws the header on every page: organisation, title, print date and user, logo."""

    def __init__(self, spec: ReportSpec, direction: Direction, printed_at: dt.datetime) -> None:
        self.spec = spec
        self.direction = direction
        self.date_text = jalali_datetime_text(printed_at, persian=direction.persian_digits)
        logo = spec.logo if spec.logo is not None else _default_logo()
        self.logo = logo if logo is not None and Path(logo).is_file() else None

    def _text(self, c: Canvas, x: float, y: float, text: str, font: str, size: float, anchor: str) -> None:
        c.setFont(font, size)
        line = visual_line(text, rtl=self.direction.rtl)
        if anchor == "right":
            c.drawRightString(x, y, line)
        elif anchor == "left":
            c.drawString(x, y, line)
        else:
            c.drawCentredString(x, y, line)

    def __call__(self, c: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        rtl = self.direction.rtl
        top = height - 0.9 * cm
        start_x, end_x = (width - MARGIN_X, MARGIN_X) if rtl else (MARGIN_X, width - MARGIN_X)
        start_anchor, end_anchor = ("right", "left") if rtl else ("left", "right")
        c.saveState()
        c.setFillColor(INK)
        text_x = start_x
        if self.logo is not None:
            logo_size = 1.5 * cm
            logo_x = start_x - logo_size if rtl else start_x
            c.drawImage(str(self.logo), logo_x, top - logo_size + 0.3 * cm, logo_size, logo_size,
                        preserveAspectRatio=True, mask="auto")
            text_x = start_x - logo_size - 0.3 * cm if rtl else start_x + logo_size + 0.3 * cm
        self._text(c, text_x, top - 0.2 * cm, self.spec.organisation, fonts.BOLD, 10.5, start_anchor)
        c.setFillColor(ACCENT)
        self._text(c, width / 2, top - 0.75 * cm, self.spec.title, fonts.BOLD, 13.5, "center")
        c.setFillColor(INK)
        if self.spec.subtitle:
            self._text(c, width / 2, top - 1.35 * cm, self.spec.subtitle, fonts.REGULAR, 9.5, "center")
        self._text(c, end_x, top - 0.2 * cm, _("Printed on: {date}").format(date=self.date_text),
                   fonts.REGULAR, 8.5, end_anchor)
        if self.spec.printed_by:
            self._text(c, end_x, top - 0.75 * cm, _("Printed by: {name}").format(name=self.spec.printed_by),
                       fonts.REGULAR, 8.5, end_anchor)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1.2)
        line_y = height - HEADER_H + 0.25 * cm
        c.line(MARGIN_X, line_y, width - MARGIN_X, line_y)
        c.restoreState()


def _numbered_canvas(direction: Direction, footer_note: str | None, ticker: Ticker | None) -> type[Canvas]:
    """A canvas that holds its pages until the end so each can say "page 2 of 7"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            if ticker is not None:
                ticker.check()
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            text = _("Page {page} of {pages}").format(
                page=direction.digits(str(number)), pages=direction.digits(str(total))
            )
            self.saveState()
            self.setStrokeColor(GRID)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, FOOTER_H - 0.2 * cm, width - MARGIN_X, FOOTER_H - 0.2 * cm)
            self.setFillColor(INK)
            self.setFont(fonts.REGULAR, 8.5)
            self.drawCentredString(width / 2, FOOTER_H - 0.75 * cm, visual_line(text, rtl=direction.rtl))
            if footer_note:
                self.setFont(fonts.REGULAR, 7.5)
                note = visual_line(footer_note, rtl=direction.rtl)
                if direction.rtl:
                    self.drawRightString(width - MARGIN_X, FOOTER_H - 0.75 * cm, note)
                else:
                    self.drawString(MARGIN_X, FOOTER_H - 0.75 * cm, note)
            self.restoreState()

    return NumberedCanvas


def block_flowables(block: Block, avail_width: float, *, direction: Direction, ticker: Ticker | None = None) -> list[Flowable]:
    """The flowables for one declarative block."""
    if isinstance(block, Heading):
        return [heading_flowable(block.text, level=block.level, direction=direction)]
    if isinstance(block, Paragraph):
        return [paragraph_flowable(block.text, direction=direction)]
    if isinstance(block, LabelValues):
        return label_values_flowable(block, avail_width, direction=direction)
    if isinstance(block, Table):
        return table_flowables(block.columns, block.rows, avail_width, totals=block.totals,
                               title=block.title, direction=direction, ticker=ticker, compact=block.compact)
    if isinstance(block, BarChart):
        return bar_chart_flowable(block, avail_width, direction=direction)
    if isinstance(block, RadarChart):
        return radar_chart_flowable(block, avail_width, direction=direction)
    if isinstance(block, Signatures):
        return [signatures_flowable(block, avail_width, direction=direction)]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Letter):
        return letter_flowables(block, avail_width, direction=direction)
    raise TypeError(f"unknown report block: {block!r}")


def build_story(spec: ReportSpec, avail_width: float, *, direction: Direction, ticker: Ticker | None = None) -> list[Flowable]:
    story: list[Flowable] = []
    if spec.filters_text:
        story.append(RtlParagraph(spec.filters_text, size=9, color=GRID, direction=direction, space_after=6))
    for block in spec.before:
        story += block_flowables(block, avail_width, direction=direction, ticker=ticker)
    if spec.has_main_table:
        story += table_flowables(spec.columns, spec.rows, avail_width, totals=spec.totals,
                                 direction=direction, ticker=ticker, empty_message=spec.empty_message)
    for block in spec.after:
        story += block_flowables(block, avail_width, direction=direction, ticker=ticker)
    if not story:
        story.append(empty_flowable(spec.empty_message, direction=direction))
    return story


def write_pdf(
    spec: ReportSpec,
    path: str | Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Path:
    """Writes `spec` as an A4 PDF at `path` (atomically). `progress(done, total)` counts
    table rows prepared and then laid out; `cancel()` returning True stops with
    `ReportCancelled` and leaves no file."""
    from pr_desk.reports.cards import CardsSpec, write_cards_pdf

    if isinstance(spec, CardsSpec):  # invitation cards and envelope labels are drawn on the canvas
        return write_cards_pdf(spec, path, progress=progress, cancel=cancel)
    fonts.register_fonts()
    direction = current_direction()
    rows_total = count_rows(spec.rows) if spec.has_main_table else None
    ticker = Ticker(progress, cancel, total=None if rows_total is None else 2 * rows_total)
    ticker.check()
    printed_at = spec.printed_at or dt.datetime.now(dt.UTC)
    page = _page_size(spec)
    target = Path(path)
    with atomic_output(target) as tmp:
        doc = BaseDocTemplate(
            str(tmp), pagesize=page, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=HEADER_H, bottomMargin=FOOTER_H, title=spec.title,
            author=spec.printed_by or "", creator="PR Desk", subject=spec.subtitle or "",
            lang="fa-IR" if direction.persian_digits else "en",
            initialFontName=fonts.REGULAR,  # else an unembedded Helvetica is referenced
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="letterhead", frames=[frame],
                                           onPage=_Letterhead(spec, direction, printed_at))])
        story = build_story(spec, doc.width, direction=direction, ticker=ticker)
        if ticker.total is None:
            ticker.total = 2 * ticker.done
        doc.build(story, canvasmaker=_numbered_canvas(direction, None, ticker))
    ticker.finish()
    return target
