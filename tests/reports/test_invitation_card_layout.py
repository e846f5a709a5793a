"""The A5 invitation card fills its page (issue 14): the event's name is the largest line,
above the guest's name; the details, the short line and the programme's first items reach
into the lower half; a long programme is cut to what the card holds, the last line marked;
a card without a programme has its text centred above the office's line. Read back with
pdfplumber (positions and sizes of the drawn characters)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from pr_desk.reports.cards import CardsSpec, InvitationCard, write_cards_pdf

EVENT = "همایش ملی روابط عمومی شهری"
ITEMS = [("۱۰:۰۰", "تلاوت قرآن کریم"), ("۱۰:۰۵", "خیرمقدم، معاون روابط عمومی"), ("۱۰:۲۰", "سخنرانی شهردار تهران"),
         ("۱۰:۴۰", "رونمایی از سامانه"), ("۱۱:۱۰", "پذیرایی")]


def _card(**changes: object) -> InvitationCard:
    fields: dict[str, object] = {
        "address": "جناب آقای دکتر علی رضایی", "post": "معاون شهردار", "opening": "بسمه تعالی",
        "salutation": "با سلام و احترام،", "body": f"بدین‌وسیله از حضرتعالی دعوت می‌شود با حضور خود در «{EVENT}» بر شکوه این مراسم بیفزایید.",
        "details": [("تاریخ", "سه‌شنبه ۱ دی ۱۴۰۵"), ("زمان", "۱۰:۰۰ تا ۱۲:۰۰"), ("مکان", "تالار وحدت")],
        "sender": "معاونت روابط عمومی شهرداری تهران", "footer": "E1405-012", "event": EVENT,
        "note": "چشم‌به‌راه حضورتان هستیم؛ لطفاً این کارت را همراه داشته باشید.", "programme_title": "برنامه",
        "programme": ITEMS,
    }
    fields.update(changes)
    return InvitationCard(**fields)  # type: ignore[arg-type]


def _lines(path: Path) -> tuple[float, list[tuple[float, float]]]:
    """(page height, [(top, font size)] of each drawn line, top down)."""
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        seen: dict[float, float] = {}
        for ch in page.chars:
            top = round(ch["top"], 1)
            seen[top] = max(seen.get(top, 0.0), round(ch["size"], 1))
        return float(page.height), sorted(seen.items())


def test_the_card_fills_the_page_in_proportion(tmp_path: Path) -> None:
    out = write_cards_pdf(CardsSpec(title="cards", cards=[_card()]), tmp_path / "card.pdf")
    height, lines = _lines(out)
    assert round(height) == 595  # A5
    sizes = [size for _top, size in lines]
    event_top = next(top for top, size in lines if size == max(sizes))
    address_top = next(top for top, size in lines if size == 16)
    assert max(sizes) == 19 and event_top < address_top  # the event's name is the largest line, on top
    sender_top = next(top for top, size in lines if size == 11.5 and top > height * 0.8)
    body_lines = [top for top, _size in lines if height / 2 < top < sender_top]
    assert len(body_lines) >= 6  # the programme's five items and its heading reach into the lower half
    assert sender_top - max(body_lines) < 3 * 28.35  # no empty half page above the office's line
    with pdfplumber.open(str(out)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "E1405-012" in text


def test_a_long_programme_is_cut_and_a_card_without_one_is_centred(tmp_path: Path) -> None:
    many = [(f"۱{n}:۰۰", f"بخش شماره {n} از برنامه") for n in range(20)]
    out = write_cards_pdf(CardsSpec(title="cards", cards=[_card(programme=many), _card(programme=())]), tmp_path / "cards.pdf")
    with pdfplumber.open(str(out)) as pdf:
        full, bare = pdf.pages
        cut = full.extract_text()
        assert "…" in cut and cut.count("۱۰:۰۰") <= 2  # the first items, the last one marked as cut
        sender = max(ch["top"] for ch in full.chars if round(ch["size"], 1) == 11.5)
        assert all(ch["top"] <= sender for ch in full.chars if round(ch["size"], 1) == 10.5)  # nothing over the foot
        tops = sorted({round(ch["top"], 1) for ch in bare.chars})
        sender_top = max(t for t in tops if t < bare.height - 60)
        first, last = tops[0], max(t for t in tops if t < sender_top)
        above, below = first - 2.2 * 28.35, sender_top - last
        assert abs(above - below) < 60, (above, below)  # centred in the room above the office's line
