"""Report engine against bare libraries writing the same rows, each in a fresh process.

(a) a 10,000-row Persian table through our PDF engine (wrapping, shaping, bidi, Persian
    digits, letterhead, "page x of y") vs the same table in plain Latin text through a
    bare reportlab platypus Table;
(b) a 100,000-row Excel export through our streaming writer vs xlsxwriter's
    constant_memory mode writing the same rows, with our peak memory (ru_maxrss);
(c) the same sheet through openpyxl's public write-only API alone, to show what the
    private shortcuts in reports/excel.py buy.
Run:
    .venv/bin/python bench/reports_bench.py [--pdf-rows 10000] [--xlsx-rows 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAMES = ["اداره روابط عمومی منطقه", "واحد ارتباطات مردمی", "دفتر اطلاع‌رسانی (ساختمان مرکزی)", "ستاد خبری"]
LATIN = ["Public relations office district", "Citizen communication unit", "Information desk (head office)", "News desk"]


def _rows(n: int, persian: bool):  # type: ignore[no-untyped-def]
    import datetime as dt

    names = NAMES if persian else LATIN
    base = dt.date(2025, 3, 21)
    for i in range(n):
        yield (
            f"{names[i % 4]} {i % 22 + 1}",
            i,
            12_345_678 + i * 17,
            10 + (i % 900) / 100,
            base + dt.timedelta(days=i % 365),
            "(رتبه ۳ از ۲۲)" if persian else "(rank 3 of 22)",
        )


def case_pdf_ours(n: int, out: str) -> None:
    from pr_desk.i18n import set_language
    from pr_desk.reports import Column, ReportSpec
    from pr_desk.reports.pdf import write_pdf

    set_language("fa")
    columns = [Column("name", "نام واحد", width=2.6), Column("n", "شماره", "int", 0.8),
               Column("b", "بودجه (ریال)", "rials", 1.3), Column("s", "امتیاز", "score", 0.8),
               Column("d", "تاریخ", "date", 1.0), Column("r", "رتبه", width=1.3)]
    write_pdf(ReportSpec(title="گزارش آزمون سرعت", columns=columns, rows=list(_rows(n, True)),
                         printed_by="سنجش"), out)


def case_pdf_bare(n: int, out: str) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    data = [["Unit name", "No.", "Budget (rials)", "Score", "Date", "Rank"]]
    for name, i, budget, score, date, rank in _rows(n, False):
        data.append([name, str(i), f"{budget:,}", f"{score:.2f}", date.strftime("%Y/%m/%d"), rank])
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=1.6 * cm, rightMargin=1.6 * cm)
    weights = [2.6, 0.8, 1.3, 0.8, 1.0, 1.3]
    widths = [doc.width * w / sum(weights) for w in weights]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3f6")]),
    ]))
    doc.build([table])


def case_xlsx_ours(n: int, out: str) -> None:
    from pr_desk.i18n import set_language
    from pr_desk.reports import Column, ReportSpec
    from pr_desk.reports.excel import write_xlsx

    set_language("fa")
    columns = [Column("name", "نام واحد"), Column("n", "شماره", "int"), Column("b", "بودجه (ریال)", "rials"),
               Column("s", "امتیاز", "score"), Column("d", "تاریخ", "date"), Column("r", "رتبه")]
    write_xlsx(ReportSpec(title="گزارش آزمون سرعت", columns=columns, rows=_rows(n, True)), out)


def case_xlsx_xlsxwriter(n: int, out: str) -> None:
    import datetime as dt

    import xlsxwriter

    from pr_desk.domain.jalali import format_jalali

    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.right_to_left()
    text = wb.add_format({"font_name": "Tahoma"})
    rials = wb.add_format({"font_name": "Tahoma", "num_format": "#,##0"})
    score = wb.add_format({"font_name": "Tahoma", "num_format": "0.00"})
    date = wb.add_format({"font_name": "Tahoma", "num_format": "yyyy-mm-dd"})
    for c, label in enumerate(["نام واحد", "شماره", "بودجه (ریال)", "امتیاز", "تاریخ", "تاریخ (میلادی)", "رتبه"]):
        ws.write_string(0, c, label, text)
    for r, (name, i, budget, sc, d, rank) in enumerate(_rows(n, True), start=1):
        ws.write_string(r, 0, name, text)
        ws.write_number(r, 1, i, text)
        ws.write_number(r, 2, budget, rials)
        ws.write_number(r, 3, sc, score)
        ws.write_string(r, 4, format_jalali(d), text)  # our writer also puts the Jalali text
        ws.write_datetime(r, 5, dt.datetime.combine(d, dt.time()), date)
        ws.write_string(r, 6, rank, text)
    wb.close()


def case_xlsx_public(n: int, out: str) -> None:
    """The same sheet through openpyxl's public write-only API only (a WriteOnlyCell per
    value, shared style objects, openpyxl's own type inference): what our writer would
    cost without the private shortcuts reports/excel.py takes."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    from pr_desk.domain.jalali import format_jalali

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    ws.sheet_view.rightToLeft = True
    font = Font(name="Tahoma")
    wrap = Alignment(wrap_text=True, vertical="top")
    formats = [None, None, "#,##0", "0.00", None, "yyyy-mm-dd", None]

    def cell(value: object, k: int) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        c.font = font
        if formats[k]:
            c.number_format = formats[k]
        if isinstance(value, str):
            c.alignment = wrap
            c.quotePrefix = value[:1] in "=+-@"  # formula-safe text, as ours
        return c

    ws.append([cell(label, 0) for label in ["نام واحد", "شماره", "بودجه (ریال)", "امتیاز", "تاریخ", "تاریخ (میلادی)", "رتبه"]])
    for name, i, budget, sc, d, rank in _rows(n, True):
        values = [name, i, budget, sc, format_jalali(d), dt.datetime.combine(d, dt.time()), rank]
        ws.append([cell(v, k) for k, v in enumerate(values)])
    wb.save(out)


CASES = {
    "pdf-ours": case_pdf_ours,
    "pdf-bare": case_pdf_bare,
    "xlsx-ours": case_xlsx_ours,
    "xlsx-xlsxwriter": case_xlsx_xlsxwriter,
    "xlsx-public": case_xlsx_public,
}


def _child(case: str, n: int, out: str) -> None:
    import resource

    t0 = time.perf_counter()
    CASES[case](n, out)
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "bytes": os.path.getsize(out)}))


def _run(case: str, n: int, folder: Path, suffix: str) -> dict[str, float]:
    out = folder / f"{case}{suffix}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, __file__, "--child", case, "--rows", str(n), "--out", str(out)],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{case} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf-rows", type=int, default=10_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--child")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.rows, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours = _run("pdf-ours", args.pdf_rows, folder, ".pdf")
        bare = _run("pdf-bare", args.pdf_rows, folder, ".pdf")
        print(f"(a) PDF, {args.pdf_rows:,} rows: ours {ours['seconds']:.2f} s (Persian, peak {ours['peak_mb']:.0f} MB, "
              f"{ours['bytes'] / 1e6:.1f} MB file) vs bare reportlab Table {bare['seconds']:.2f} s (Latin) "
              f"-> ratio {ours['seconds'] / bare['seconds']:.2f}x", flush=True)
        ours = _run("xlsx-ours", args.xlsx_rows, folder, ".xlsx")
        base = _run("xlsx-xlsxwriter", args.xlsx_rows, folder, ".xlsx")
        print(f"(b) Excel, {args.xlsx_rows:,} rows: ours {ours['seconds']:.2f} s (peak {ours['peak_mb']:.0f} MB) "
              f"vs xlsxwriter constant_memory {base['seconds']:.2f} s (peak {base['peak_mb']:.0f} MB) "
              f"-> ratio {ours['seconds'] / base['seconds']:.2f}x", flush=True)
        public = _run("xlsx-public", args.xlsx_rows, folder, ".xlsx")
        print(f"(c) Excel, {args.xlsx_rows:,} rows through openpyxl's public API only: {public['seconds']:.2f} s "
              f"(peak {public['peak_mb']:.0f} MB) -> {public['seconds'] / base['seconds']:.2f}x xlsxwriter, "
              f"{public['seconds'] / ours['seconds']:.2f}x ours", flush=True)


if __name__ == "__main__":
    main()
