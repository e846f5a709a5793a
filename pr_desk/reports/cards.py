"""Invitation cards (one per guest, A5 by default) and envelope labels, drawn straight on
the canvas: a card is a few fixed lines, so the flowable machinery of the other reports
would only slow a run of a thousand cards down.

A `CardsSpec` is a `ReportSpec` too: its main table (the guest list, one row per card)
is what the Excel writer exports; `write_pdf` hands the spec here for the PDF."""

from __future__ import annotations

from collections.abc import Sequence
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
from pr_desk.reports.bidi_text import visual_line, wrap_logical
from pr_desk.reports.model import Cancel, Progress, ReportSpec, Ticker

ACCENT = colors.HexColor("#1f4e79")
GOLD = colors.HexColor("#b08d57")
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
    def __init__(self, c: Canvas, rtl: bool) -> None:
        self.c, self.rtl = c, rtl

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
        for part in wrap_logical(text, width, font, size):
            self.line(part, x, y, font, size)
            y -= leading
        return y


def _card(w: _Writer, card: InvitationCard, width: float, height: float) -> None:
    c = w.c
    c.setStrokeColor(GOLD)
    c.setLineWidth(2.2)
    c.rect(0.8 * cm, 0.8 * cm, width - 1.6 * cm, height - 1.6 * cm)
    c.setLineWidth(0.6)
    c.rect(1.0 * cm, 1.0 * cm, width - 2.0 * cm, height - 2.0 * cm)
    mid = width / 2
    y = height - 2.2 * cm
    c.setFillColor(SOFT)
    w.line(card.opening, mid, y, fonts.REGULAR, 11)
    y -= 1.6 * cm
    c.setFillColor(ACCENT)
    w.line(card.address, mid, y, fonts.BOLD, 17)
    y -= 0.75 * cm
    c.setFillColor(SOFT)
    if card.post:
        w.line(card.post, mid, y, fonts.REGULAR, 10.5)
        y -= 1.1 * cm
    else:
        y -= 0.5 * cm
    c.setFillColor(INK)
    start_x = width - 2.0 * cm if w.rtl else 2.0 * cm
    w.line(card.salutation, start_x, y, fonts.REGULAR, 11.5, "start")
    y -= 0.9 * cm
    y = w.paragraph(card.body, mid, y, width - 4.0 * cm, fonts.REGULAR, 12, 0.72 * cm)
    y -= 0.5 * cm
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.5)
    c.line(2.5 * cm, y + 0.35 * cm, width - 2.5 * cm, y + 0.35 * cm)
    y -= 0.35 * cm
    for label, value in card.details:
        w.line(f"{label}: {value}", mid, y, fonts.REGULAR, 11.5)
        y -= 0.7 * cm
    c.setFillColor(ACCENT)
    w.line(card.sender, mid, 2.4 * cm, fonts.BOLD, 11.5)
    if card.footer:
        c.setFillColor(SOFT)
        w.line(card.footer, mid, 1.35 * cm, fonts.REGULAR, 7.5)


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
