"""Event planning at scale (issue 14): 200,000 guests across 5,000 events by default.

(a) an event's guest list: services.events.guests.list_guests (the guests of one event in
    protocol order with their ranks, as the Guests tab opens it) against the same SELECT in
    raw SQL (sqlite3), in the same run on the same file;
(b) invitation cards for 1,000 guests: the `event-invitations` report built and written
    as PDF through the catalogue's writer, against bare reportlab drawing the same cards
    (the same lines, shaped with arabic-reshaper and reordered with python-bidi, on a
    plain canvas, with no cache), in the same process after a small warm-up of both; our
    line cache is emptied before each of our runs.

The fixture: the schema from the migrations (create_database), the protocol ranks through
the services, then event types, events and guests by raw bulk INSERTs.
Run:
    .venv/bin/python bench/events_bench.py [--events 5000] [--guests 200000] [--cards 1000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["علی", "محمد", "حسین", "رضا", "مریم", "فاطمه", "زهرا", "سارا", "حمید", "مهدی", "نرگس", "یاسر", "محسن", "الهام"]
LAST = ["رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "قاسمی", "توکلی", "یزدانی", "لاجوردی", "اکبری"]
POSTS = ["معاون شهردار", "مدیرکل روابط عمومی", "عضو شورای شهر", "شهردار منطقه", "خبرنگار", "مشاور", "رئیس اداره"]
ORGS = ["شهرداری تهران", "شورای اسلامی شهر تهران", "روزنامه همشهری", "خبرگزاری ایرنا", "سازمان فرهنگی هنری",
        "استانداری تهران", "وزارت کشور"]
HONORIFICS = ["mr", "mrs", "dr_mr", "dr_mrs", "eng_mr", "eng_mrs"]
STATES = ["to_invite", "invited", "accepted", "accepted", "declined"]


def create_database_or_open(path: Path):  # type: ignore[no-untyped-def]
    from pr_desk.services import auth
    from pr_desk.services.setup import open_or_create

    opened = open_or_create(str(path), create=False)
    return opened.db, auth.login(opened.db, "admin", "bench-pass-1405")


def build(path: Path, events: int, guests: int, cards: int, seed: int = 1405) -> tuple[float, str, str]:
    """(seconds, an ordinary event's id, the code of the event with `cards` guests)."""
    from pr_desk.domain.text import search_key
    from pr_desk.services.events import guests as gs
    from pr_desk.services.setup import create_database

    start = time.perf_counter()
    db, admin = create_database(str(path), admin_username="admin", admin_display_name="مدیر", admin_password="bench-pass-1405")
    ranks = [r.id.hex for r in gs.list_ranks(db, admin)]
    db.dispose()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    has_sync = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_ctx'").fetchone() is not None
    if has_sync:  # loaded as an office holds it: the sync capture triggers held off
        con.execute("UPDATE sync_ctx SET applying = 1 WHERE id = 1")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    admin_id = admin.user_id.hex
    record = (now, now, admin_id, admin_id, 1, None)
    type_id = uuid.uuid4().hex
    venue_id = uuid.uuid4().hex
    con.execute("INSERT INTO event_type (id, created_at, updated_at, created_by, updated_by, version, deleted_at, code, name, "
                "sort_order, retired) VALUES (?,?,?,?,?,?,?,?,?,?,?)", (type_id, *record, "conference", "همایش", 0, 0))
    con.execute("INSERT INTO event_venue (id, created_at, updated_at, created_by, updated_by, version, deleted_at, name, "
                "name_search, address, capacity, note, retired) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (venue_id, *record, "تالار وحدت", search_key("تالار وحدت"), "تهران، خیابان حافظ", 0, "", 0))
    base_day = dt.date(2025, 3, 21)
    e_rows, event_ids = [], []
    for i in range(events):
        eid = uuid.UUID(int=(0xA << 124) + i).hex
        event_ids.append(eid)
        day = base_day + dt.timedelta(days=i * 730 // max(1, events))
        year = 1404 + (1 if day >= dt.date(2026, 3, 21) else 0)
        title = f"همایش شماره {i + 1} روابط عمومی"
        e_rows.append((eid, *record, f"E{year}-{i + 1:05d}", year, type_id, title, search_key(title), None, day.isoformat(),
                       "10:00:00.000000", day.isoformat(), "12:00:00.000000", venue_id, "planned", None, "", "", "", "", 0,
                       "rows", 0, 0, None))
    con.executemany("INSERT INTO event (id, created_at, updated_at, created_by, updated_by, version, deleted_at, code, "
                    "jalali_year, type_id, title, title_search, organiser_unit_id, start_on, start_time, end_on, end_time, "
                    "venue_id, status, status_on, cancel_reason, description, clash_reason, lessons, expected_guests, "
                    "seating_mode, seating_groups, seats_per_group, cloned_from_id) VALUES (" + ",".join("?" * 29) + ")",
                    e_rows)
    # the cards' event gets `cards` guests, the others share the rest
    per_event = [max(0, (guests - cards) // max(1, events - 1))] * events
    per_event[0] = cards
    g_rows = []
    n = 0
    for e_index, count in enumerate(per_event):
        for _ in range(count):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            post, org = rng.choice(POSTS), rng.choice(ORGS)
            state = rng.choice(STATES) if e_index else "invited"
            g_rows.append((uuid.UUID(int=(0xB << 124) + n).hex, *record, event_ids[e_index], rng.choice(HONORIFICS), name,
                           gs.name_search(name, post, org), post, org, f"0912{rng.randint(1000000, 9999999)}",
                           rng.choice(ranks), state, None, None, None, None, 0, ""))
            n += 1
    con.executemany("INSERT INTO event_guest (id, created_at, updated_at, created_by, updated_by, version, deleted_at, "
                    "event_id, honorific, full_name, name_search, title, organisation, mobile, rank_id, invitation, "
                    "invited_on, responded_on, seat, checked_in_at, walk_in, note) VALUES (" + ",".join("?" * 22) + ")",
                    g_rows)
    con.commit()
    if has_sync:
        con.execute("UPDATE sync_ctx SET applying = 0 WHERE id = 1")
        con.commit()
    # the cards' event has a programme: the card prints its first items
    db, admin = create_database_or_open(path)
    from pr_desk.services.events import programme as pg

    for at, minutes, title, speaker in ((dt.time(10, 0), 5, "تلاوت قرآن کریم", ""),
                                        (dt.time(10, 5), 15, "خیرمقدم", "معاون روابط عمومی"),
                                        (dt.time(10, 20), 20, "سخنرانی شهردار تهران", "علیرضا زاکانی"),
                                        (dt.time(10, 40), 30, "رونمایی از سامانه", ""), (dt.time(11, 10), 20, "پذیرایی", "")):
        pg.add_item(db, admin, event_id=uuid.UUID(hex=event_ids[0]), title=title, starts_at=at, minutes=minutes,
                    speaker=speaker)
    db.dispose()
    con.execute("ANALYZE")
    ordinary = event_ids[len(event_ids) // 2]
    code = con.execute("SELECT code FROM event WHERE id = ?", (event_ids[0],)).fetchone()[0]
    con.close()
    return time.perf_counter() - start, ordinary, code


def raw_guest_list(con: sqlite3.Connection, event_id: str) -> int:
    return len(con.execute(
        "SELECT g.*, r.name, r.sort_order FROM event_guest g LEFT JOIN event_protocol_rank r ON r.id = g.rank_id "
        "WHERE g.event_id = ? AND g.deleted_at IS NULL "
        "ORDER BY CASE WHEN r.sort_order IS NULL THEN 1 ELSE 0 END, r.sort_order, g.name_search, g.id",
        (event_id,)).fetchall())


def bare_cards(cards: list, out: Path, *, cache: bool = False) -> None:  # type: ignore[type-arg]
    """The same cards drawn with reportlab alone: reshaped, reordered, drawn line by line
    (`cache`: each distinct line shaped and reordered once, as ours does)."""
    from bidi.algorithm import get_display
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.units import cm, mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from pr_desk.reports import fonts
    from pr_desk.reports.bidi_text import reshape as cached_reshape

    # arabic-reshaper with its settings read once (its own reshape() reads them from a
    # ConfigParser on every call, ~6x slower: no fair baseline), without our cache
    reshape = cached_reshape.__wrapped__

    fonts.register_fonts()
    width, height = A5

    def shown(text: str) -> str:
        return get_display(reshape(text), base_dir="R")

    if cache:
        import functools

        shown = functools.lru_cache(maxsize=None)(shown)
        reshape = functools.lru_cache(maxsize=None)(reshape)

    def wrap(text: str, limit: float, font: str, size: float) -> list[str]:
        """Greedy, each word shaped and measured once (letters never join across a space)."""
        space = stringWidth(" ", font, size)
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in text.split():
            w = stringWidth(reshape(word), font, size)
            if current and used + space + w > limit:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                used = used + space + w if current else w
                current.append(word)
        return [*lines, " ".join(current)]

    def fitted(text: str, limit: float, font: str, size: float) -> str:
        lines = wrap(text, limit, font, size)
        if len(lines) <= 1:
            return text
        line = lines[0]
        while line and stringWidth(reshape(line + "…"), font, size) > limit:
            line = line[:-1]
        return line.rstrip() + "…"

    c = Canvas(str(out), pagesize=A5)
    gold, accent = colors.HexColor("#b08d57"), colors.HexColor("#1f4e79")
    soft, ink, panel = colors.HexColor("#4a5568"), colors.HexColor("#1a202c"), colors.HexColor("#f6f1e7")
    mid, inner, start = width / 2, width - 4.0 * cm, width - 2.0 * cm
    for card in cards:  # the layout of reports/cards.py's _card, on A5
        c.setStrokeColor(gold)
        c.setLineWidth(2.2)
        c.rect(0.8 * cm, 0.8 * cm, width - 1.6 * cm, height - 1.6 * cm)
        c.setLineWidth(0.6)
        c.rect(1.0 * cm, 1.0 * cm, width - 2.0 * cm, height - 2.0 * cm)
        y = height - 2.2 * cm
        c.setFillColor(soft)
        c.setFont(fonts.REGULAR, 11)
        c.drawCentredString(mid, y, shown(card.opening))
        c.setFillColor(accent)
        y -= 1.3 * cm
        c.setFont(fonts.BOLD, 19)
        for line in wrap(card.event, inner, fonts.BOLD, 19):
            c.drawCentredString(mid, y, shown(line))
            y -= 0.85 * cm
        y += 0.85 * cm
        c.setStrokeColor(gold)
        c.setLineWidth(0.8)
        y -= 0.55 * cm
        c.line(mid - 2.2 * cm, y, mid + 2.2 * cm, y)
        y -= 1.0 * cm
        c.setFillColor(accent)
        c.setFont(fonts.BOLD, 16)
        c.drawCentredString(mid, y, shown(card.address))
        y -= 0.7 * cm
        c.setFillColor(soft)
        if card.post:
            c.setFont(fonts.REGULAR, 10.5)
            c.drawCentredString(mid, y, shown(fitted(card.post, inner, fonts.REGULAR, 10.5)))
            y -= 1.0 * cm
        else:
            y -= 0.4 * cm
        c.setFillColor(ink)
        c.setFont(fonts.REGULAR, 11.5)
        c.drawRightString(start, y, shown(card.salutation))
        y -= 0.8 * cm
        c.setFont(fonts.REGULAR, 12)
        for line in wrap(card.body, inner, fonts.REGULAR, 12):
            c.drawCentredString(mid, y, shown(line))
            y -= 0.7 * cm
        row_h, top = 0.78 * cm, y + 0.1 * cm
        box_h = row_h * len(card.details) + 0.35 * cm
        c.setFillColor(panel)
        c.setStrokeColor(gold)
        c.setLineWidth(0.5)
        c.roundRect(1.8 * cm, top - box_h, width - 3.6 * cm, box_h, 2.5 * mm, stroke=1, fill=1)
        y = top - row_h + 0.12 * cm
        for label, value in card.details:
            c.setFillColor(soft)
            c.setFont(fonts.BOLD, 11)
            c.drawRightString(start, y, shown(label))
            c.setFillColor(ink)
            c.setFont(fonts.REGULAR, 12)
            c.drawRightString(start - 2.6 * cm, y, shown(fitted(value, inner - 2.6 * cm, fonts.REGULAR, 12)))
            y -= row_h
        y = top - box_h - 0.75 * cm
        c.setFillColor(soft)
        c.setFont(fonts.REGULAR, 10.5)
        for line in wrap(card.note, inner, fonts.REGULAR, 10.5):
            c.drawCentredString(mid, y, shown(line))
            y -= 0.55 * cm
        y -= 0.35 * cm
        room = int((y - 0.75 * cm - 3.3 * cm) // (0.6 * cm))
        if card.programme and room >= 1:
            c.setFillColor(accent)
            y -= 0.2 * cm
            c.setFont(fonts.BOLD, 11.5)
            c.drawCentredString(mid, y, shown(card.programme_title))
            half = stringWidth(reshape(card.programme_title), fonts.BOLD, 11.5) / 2 + 0.3 * cm
            c.line(2.5 * cm, y + 0.12 * cm, mid - half, y + 0.12 * cm)
            c.line(mid + half, y + 0.12 * cm, width - 2.5 * cm, y + 0.12 * cm)
            y -= 0.75 * cm
            for at, item in card.programme[:room]:
                c.setFillColor(accent)
                c.setFont(fonts.BOLD, 10.5)
                c.drawRightString(start, y, shown(at))
                c.setFillColor(ink)
                c.setFont(fonts.REGULAR, 10.5)
                c.drawRightString(start - 1.6 * cm, y, shown(fitted(item, inner - 1.6 * cm, fonts.REGULAR, 10.5)))
                y -= 0.6 * cm
        c.setFillColor(accent)
        c.setFont(fonts.BOLD, 11.5)
        c.drawCentredString(mid, 2.4 * cm, shown(card.sender))
        c.setFillColor(soft)
        c.setFont(fonts.REGULAR, 7.5)
        c.drawCentredString(mid, 1.35 * cm, shown(card.footer))
        c.showPage()
    c.save()


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--guests", type=int, default=200_000)
    parser.add_argument("--cards", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from pr_desk.i18n import set_language
    from pr_desk.reports.registry import write_report
    from pr_desk.services import auth
    from pr_desk.services.events import guests as gs
    from pr_desk.services.events import reports_guests as rg
    from pr_desk.services.setup import open_or_create

    set_language("fa")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.sqlite"
        seconds, ordinary, code = build(path, args.events, args.guests, args.cards)
        print(f"built {args.events} events and {args.guests} guests in {seconds:.1f} s", flush=True)
        opened = open_or_create(str(path), create=False)
        admin = auth.login(opened.db, "admin", "bench-pass-1405")
        con = sqlite3.connect(path)
        event_id = uuid.UUID(hex=ordinary)
        size = len(gs.list_guests(opened.db, admin, event_id))
        ours = timed(lambda: gs.list_guests(opened.db, admin, event_id), args.repeat)
        base = timed(lambda: raw_guest_list(con, ordinary), args.repeat)
        print(f"an event's guest list ({size} guests): PR Desk {ours * 1000:.1f} ms, raw SQL {base * 1000:.1f} ms, "
              f"ratio {ours / base:.2f}x (aim: < 100 ms)", flush=True)
        from pr_desk.domain.jalali import JalaliDate
        from pr_desk.services.events import calendar as cal

        today = JalaliDate.today()
        month = cal.month_data(opened.db, admin, year=today.year, month=today.month)
        first, last = month.weeks[0][0].day, month.weeks[-1][-1].day
        shown = sum(len(d.events) for d in month.days)
        ours = timed(lambda: cal.month_data(opened.db, admin, year=today.year, month=today.month), args.repeat)
        base = timed(lambda: con.execute(
            "SELECT * FROM event WHERE deleted_at IS NULL AND start_on <= ? AND end_on >= ? ORDER BY start_on, code",
            (last.isoformat(), first.isoformat())).fetchall(), args.repeat)
        print(f"the month view's data ({shown} event-days, official occasions and sessions with it): PR Desk "
              f"{ours * 1000:.1f} ms, raw SQL of its events {base * 1000:.1f} ms, ratio {ours / base:.2f}x "
              f"(aim: < 100 ms)", flush=True)
        con.close()

        params = {"db": opened.db, "actor": admin, "event": code}
        spec = rg.invitations_report(params)
        cards = list(spec.cards)  # type: ignore[attr-defined]
        # warm-up of both (fonts, imports) on a few cards, then each once on all of them
        warm = rg.invitations_report(params)
        write_report(type(warm)(**{**warm.__dict__, "cards": cards[:10]}), Path(tmp) / "warm.pdf")
        bare_cards(cards[:10], Path(tmp) / "warm_bare.pdf")
        samples_ours, samples_bare, samples_cached = [], [], []
        from pr_desk.reports import bidi_text

        for _ in range(max(1, args.repeat // 3)):
            for cache in (bidi_text._visual_line_cached, bidi_text.reshape, bidi_text._cached_measurer):
                cache.cache_clear()  # no help from the run before
            t = time.perf_counter()
            write_report(rg.invitations_report(params), Path(tmp) / "cards.pdf")
            samples_ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            bare_cards(cards, Path(tmp) / "bare.pdf")
            samples_bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            bare_cards(cards, Path(tmp) / "bare_cached.pdf", cache=True)
            samples_cached.append(time.perf_counter() - t)
        ours, base = statistics.median(samples_ours), statistics.median(samples_bare)
        cached = statistics.median(samples_cached)
        print(f"invitation cards for {len(cards)} guests (built from the database and written): PR Desk {ours:.2f} s, "
              f"bare reportlab {base:.2f} s, ratio {ours / base:.2f}x; bare reportlab shaping each distinct line once "
              f"{cached:.2f} s, ratio {ours / cached:.2f}x (aims: < 10 s, <= 1.5x)")
        opened.db.dispose()


if __name__ == "__main__":
    main()
