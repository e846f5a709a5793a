"""Writes a translations/fa/<part>.po from a Python dict file {msgid: Persian} (a
convenience for translators who prefer editing Python; the .po is what ships)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def main(dict_file: str, po_file: str) -> None:
    entries = ast.literal_eval(Path(dict_file).read_text(encoding="utf-8"))
    catalog = Catalog(locale="fa", domain="pr_desk", project="pr-desk", charset="utf-8")
    po = Path(po_file)
    if po.exists():
        with po.open("rb") as f:
            for m in read_po(f, locale="fa"):
                if m.id:
                    catalog.add(m.id, m.string)
    for msgid, text in entries.items():
        catalog.add(msgid, text)
    with po.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
