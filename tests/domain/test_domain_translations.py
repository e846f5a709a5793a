"""Every message of the domain layer has its Persian in translations/fa/domain.po."""

from __future__ import annotations

import gettext
import io
import string
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from pr_desk.domain import jalali, mobile, national_code
from pr_desk.i18n_build import extracted_msgids

PO = Path(__file__).resolve().parents[2] / "translations" / "fa" / "domain.po"
MINE = ("jalali.py", "mobile.py", "national_code.py", "validation.py", "workweek.py", "text.py")


def catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="fa")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_domain_msgid_is_translated_with_the_same_placeholders():
    cat = catalog()
    mine = {m for m, where in extracted_msgids().items()
            if any("domain" in w and w.split(":")[0].endswith(MINE) for w in where)}
    assert len(mine) >= 25
    for msgid in mine:
        message = cat.get(msgid)
        assert message is not None and message.string, f"no Persian for {msgid!r}"
        assert placeholders(message.string) == placeholders(msgid), msgid
    assert not [m.id for m in cat if m.id and m.id not in mine], "stale entries in domain.po"


def test_persian_messages_read_well():
    buffer = io.BytesIO()
    write_mo(buffer, catalog())
    buffer.seek(0)
    fa = gettext.GNUTranslations(buffer)
    assert fa.gettext(jalali.MSG_DAY_RANGE).format(text="1404/12/30", month=12, year=1404, days=29) == (
        "«1404/12/30» تاریخ درستی نیست: ماه 12 سال 1404، 29 روز دارد."
    )
    assert fa.gettext(national_code.MSG_EMPTY) == "کد ملی را وارد کنید."
    assert "۰۹" in fa.gettext(mobile.MSG_INVALID)
