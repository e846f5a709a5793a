"""Invitation cards (one per guest, A5 by default) and envelope labels, drawn straight on
the canvas: a card is a few fixed lines, so the flowable machinery of the other reports
would only slow a run of a thousand cards down.

A `CardsSpec` is a `ReportSpec` too: its main table (the guest list, one row per card)
is what the Excel writer exports; `write_pdf` hands the spec here for the PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import cm, mm
from reportlab.pdfgen.canvas import Canvas

from pr_desk.atomic_files import atomic_output
from pr_desk.i18n import is_rtl
from pr_desk.reports import fonts
from pr_desk.reports.bidi_text import text_width, visual_line, wrap_logical
from pr_desk.reports.model import Cancel, Progress, ReportSpec, Ticker

ACCENT = colors.HexColor("#1f4e79")
GOLD = colors.HexColor("#b08d57")
PANEL = colors.HexColor("#f6f1e7")  # the details block's ground
INK = colors.HexColor("#1a202c")
SOFT = colors.HexColor("#4a5568")


@dataclass(frozen=True)
class InvitationCard:
    """What one card says; every text arrives translated, dates and times as printed."""

    address: str  # 'جناب آقای دکتر علی رضایی'
    post: str  # the guest's title and organisation, one line ('' for none)
    opening: str  # 'بسمه تعالی'
    salutation: str  # 'با سلام و احترام،'
    body: str  # the invitation's sentence (wrapped)
    details: Sequence[tuple[str, str]]  # (label, value): date, time, venue, seat
    sender: str  # the office
    footer: str = ""  # the event's code, small
    event: str = ""  # the event's name, large at the top ('' for none)
    note: str = ""  # a short line under the details ('' for none)
    programme_title: str = ""  # the heading over the programme's first items
    programme: Sequence[tuple[str, str]] = ()  # (time, item) in running order: as many as the card holds


@dataclass(frozen=True)
class EnvelopeLabel:
    lines: Sequence[str]  # the address first, then the post and organisation


@dataclass(frozen=True)
class CardsSpec(ReportSpec):
    """Cards (or, with `labels`, envelope labels) to print; `page` is the card's size."""

    cards: Sequence[InvitationCard] = field(default_factory=tuple)
    labels: Sequence[EnvelopeLabel] = field(default_factory=tuple)
    page: Literal["A5", "A4"] = "A5"


class _Writer:
    """Draws on one canvas; what every card repeats (the invitation, the programme's lines,
    a post) is wrapped or cut once per run, not once per card."""

    def __init__(self, c: Canvas, rtl: bool) -> None:
        self.c, self.rtl = c, rtl
        self._wrapped: dict[tuple[str, float, str, float], list[str]] = {}
        self._fitted: dict[tuple[str, float, str, float], str] = {}

    def wrap(self, text: str, width: float, font: str, size: float) -> list[str]:
        key = (text, width, font, size)
        found = self._wrapped.get(key)
        if found is None:
            found = self._wrapped[key] = wrap_logical(text, width, font, size)
        return found

    def fit(self, text: str, width: float, font: str, size: float) -> str:
        """`text` cut to one line of `width` (an ellipsis where it was cut)."""
        key = (text, width, font, size)
        found = self._fitted.get(key)
        if found is None:
            found = self._fitted[key] = _fitted(self.wrap(text, width, font, size), text, width, font, size)
        return found

    def line(self, text: str, x: float, y: float, font: str, size: float, anchor: str = "centre") -> None:
        if not text:
            return
        self.c.setFont(font, size)
        shown = visual_line(text, rtl=self.rtl)
        if anchor == "centre":
            self.c.drawCentredString(x, y, shown)
        elif anchor == "start":
            (self.c.drawRightString if self.rtl else self.c.drawString)(x, y, shown)
        else:
            (self.c.drawString if self.rtl else self.c.drawRightString)(x, y, shown)

    def paragraph(self, text: str, x: float, y: float, width: float, font: str, size: float, leading: float) -> float:
        """Centred lines, wrapped in logical order first; returns the y under the last one."""
        for part in self.wrap(text, width, font, size):
            self.line(part, x, y, font, size)
            y -= leading
        return y


def _fitted(parts: list[str], text: str, width: float, font: str, size: float) -> str:
    """`text`, wrapped into `parts`, cut to its first line (an ellipsis where it was cut)."""
    if len(parts) <= 1:
        return text
    line = parts[0]
    while line and text_width(line + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


class _NoCanvas:
    """Takes every drawing call and draws nothing: a card laid out only to be measured."""

    def __getattr__(self, _name: str) -> Callable[..., None]:
        return _nothing


def _nothing(*_args: object, **_kwargs: object) -> None:
    return None


def _card(w: _Writer, card: InvitationCard, width: float, height: float) -> None:
    """Top to bottom: the opening, the event's name, the guest, the invitation, the details
    block (date, time, venue, seat), a short line, the programme's first items as far as
    the card holds them, and the office at the foot. A4 is the same card, larger. A card
    with no programme has its text centred in the room above the office's line."""
    c = w.c
    k = height / A5[1]  # 1 on A5, ~1.41 on A4
    c.setStrokeColor(GOLD)
    c.setLineWidth(2.2)
    c.rect(0.8 * cm, 0.8 * cm, width - 1.6 * cm, height - 1.6 * cm)
    c.setLineWidth(0.6)
    c.rect(1.0 * cm, 1.0 * cm, width - 2.0 * cm, height - 2.0 * cm)
    top = height - 2.2 * cm
    if not card.programme:
        measuring = _Writer(_NoCanvas(), w.rtl)
        measuring._wrapped, measuring._fitted = w._wrapped, w._fitted
        end = _content(measuring, card, width, height, top, k)
        top -= max(0.0, (end - 3.3 * cm * k) / 2)
    _content(w, card, width, height, top, k)
    c.setFillColor(ACCENT)
    w.line(card.sender, width / 2, 2.4 * cm, fonts.BOLD, 11.5 * k)
    if card.footer:
        c.setFillColor(SOFT)
        w.line(card.footer, width / 2, 1.35 * cm, fonts.REGULAR, 7.5)


def _content(w: _Writer, card: InvitationCard, width: float, height: float, y: float, k: float) -> float:
    """The card's text from `y` (the opening's line) down; the y under the last line."""
    c = w.c
    mid = width / 2
    inner = width - 4.0 * cm  # the text's width
    start_x = width - 2.0 * cm if w.rtl else 2.0 * cm
    c.setFillColor(SOFT)
    w.line(card.opening, mid, y, fonts.REGULAR, 11 * k)
    if card.event:
        c.setFillColor(ACCENT)
        y -= 1.3 * cm * k
        y = w.paragraph(card.event, mid, y, inner, fonts.BOLD, 19 * k, 0.85 * cm * k) + 0.85 * cm * k
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.8)
        y -= 0.55 * cm * k
        c.line(mid - 2.2 * cm * k, y, mid + 2.2 * cm * k, y)
        y -= 1.0 * cm * k
    else:
        y -= 1.6 * cm * k
    c.setFillColor(ACCENT)
    w.line(card.address, mid, y, fonts.BOLD, 16 * k)
    y -= 0.7 * cm * k
    c.setFillColor(SOFT)
    if card.post:
        w.line(w.fit(card.post, inner, fonts.REGULAR, 10.5 * k), mid, y, fonts.REGULAR, 10.5 * k)
        y -= 1.0 * cm * k
    else:
        y -= 0.4 * cm * k
    c.setFillColor(INK)
    w.line(card.salutation, start_x, y, fonts.REGULAR, 11.5 * k, "start")
    y -= 0.8 * cm * k
    y = w.paragraph(card.body, mid, y, inner, fonts.REGULAR, 12 * k, 0.7 * cm * k)
    if card.details:  # a tinted block: the label at the start side, its value beside it
        row_h = 0.78 * cm * k
        top = y + 0.1 * cm * k
        box_h = row_h * len(card.details) + 0.35 * cm * k
        c.setFillColor(PANEL)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.5)
        c.roundRect(1.8 * cm, top - box_h, width - 3.6 * cm, box_h, 2.5 * mm, stroke=1, fill=1)
        label_w = 2.6 * cm * k
        value_x = start_x - label_w if w.rtl else start_x + label_w
        y = top - row_h + 0.12 * cm * k
        for label, value in card.details:
            c.setFillColor(SOFT)
            w.line(label, start_x, y, fonts.BOLD, 11 * k, "start")
            c.setFillColor(INK)
            w.line(w.fit(value, inner - label_w, fonts.REGULAR, 12 * k), value_x, y, fonts.REGULAR, 12 * k, "start")
            y -= row_h
        y = top - box_h - 0.75 * cm * k
    if card.note:
        c.setFillColor(SOFT)
        y = w.paragraph(card.note, mid, y, inner, fonts.REGULAR, 10.5 * k, 0.55 * cm * k) - 0.35 * cm * k
    foot = 3.3 * cm * k  # the office's line sits under this
    item_h = 0.6 * cm * k
    room = int((y - 0.75 * cm * k - foot) // item_h)
    if card.programme and room >= 1:
        c.setFillColor(ACCENT)
        y -= 0.2 * cm * k
        w.line(card.programme_title, mid, y, fonts.BOLD, 11.5 * k)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.5)
        half = text_width(card.programme_title, fonts.BOLD, 11.5 * k) / 2 + 0.3 * cm
        c.line(2.5 * cm, y + 0.12 * cm * k, mid - half, y + 0.12 * cm * k)
        c.line(mid + half, y + 0.12 * cm * k, width - 2.5 * cm, y + 0.12 * cm * k)
        y -= 0.75 * cm * k
        time_w = 1.6 * cm * k
        item_x = start_x - time_w if w.rtl else start_x + time_w
        shown = list(card.programme[:room])
        for n, (at, item) in enumerate(shown):
            more = n == len(shown) - 1 and len(card.programme) > len(shown)
            c.setFillColor(ACCENT)
            w.line(at, start_x, y, fonts.BOLD, 10.5 * k, "start")
            c.setFillColor(INK)
            text = w.fit(item, inner - time_w - (0.6 * cm if more else 0), fonts.REGULAR, 10.5 * k)
            w.line(text + (" …" if more and not text.endswith("…") else ""), item_x, y, fonts.REGULAR, 10.5 * k, "start")
            y -= item_h
    return y


LABEL_COLUMNS, LABEL_ROWS = 2, 7


def _labels_page(w: _Writer, labels: Sequence[EnvelopeLabel], width: float, height: float) -> None:
    cell_w = (width - 1.6 * cm) / LABEL_COLUMNS
    cell_h = (height - 2.4 * cm) / LABEL_ROWS
    c = w.c
    c.setStrokeColor(colors.HexColor("#cbd5e0"))
    c.setLineWidth(0.4)
    for i, label in enumerate(labels):
        col, row = i % LABEL_COLUMNS, i // LABEL_COLUMNS
        if w.rtl:  # the first label at the top right
            col = LABEL_COLUMNS - 1 - col
        x0 = 0.8 * cm + col * cell_w
        y0 = height - 1.2 * cm - (row + 1) * cell_h
        c.roundRect(x0 + 2 * mm, y0 + 2 * mm, cell_w - 4 * mm, cell_h - 4 * mm, 3 * mm)
        start = x0 + cell_w - 0.8 * cm if w.rtl else x0 + 0.8 * cm
        y = y0 + cell_h - 1.3 * cm
        for n, text in enumerate(label.lines):
            c.setFillColor(ACCENT if n == 0 else INK)
            w.line(text, start, y, fonts.BOLD if n == 0 else fonts.REGULAR, 11.5 if n == 0 else 9.5, "start")
            y -= 0.62 * cm


def write_cards_pdf(spec: CardsSpec, path: str | Path, progress: Progress | None = None,
                    cancel: Cancel | None = None) -> Path:
    """One page per card (or a sheet of labels per 14); atomically, like write_pdf."""
    fonts.register_fonts()
    rtl = is_rtl()
    items = len(spec.labels) if spec.labels else len(spec.cards)
    ticker = Ticker(progress, cancel, total=items, every=50)
    ticker.check()
    page = A4 if spec.labels or spec.page == "A4" else A5
    width, height = page
    target = Path(path)
    with atomic_output(target) as tmp:
        c = Canvas(str(tmp), pagesize=page, initialFontName=fonts.REGULAR)
        c.setTitle(spec.title)
        c.setAuthor(spec.printed_by or "")
        c.setCreator("PR Desk")
        w = _Writer(c, rtl)
        if spec.labels:
            per_page = LABEL_COLUMNS * LABEL_ROWS
            for start in range(0, len(spec.labels), per_page):
                _labels_page(w, spec.labels[start:start + per_page], width, height)
                c.showPage()
                ticker.step(min(per_page, len(spec.labels) - start))
        elif spec.cards:
            for card in spec.cards:
                _card(w, card, width, height)
                c.showPage()
                ticker.step()
        else:
            c.setFillColor(INK)
            w.line(spec.empty_message or spec.title, width / 2, height / 2, fonts.REGULAR, 12)
            c.showPage()
        c.save()
    ticker.finish()
    return target


__all__ = ["CardsSpec", "EnvelopeLabel", "InvitationCard", "write_cards_pdf"]
