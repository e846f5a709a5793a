"""Merges translations/<lang>/*.po and compiles pr_desk/locale/<lang>/LC_MESSAGES/pr_desk.mo.

Also extracts every `_()`/`N_()`/`ngettext()` msgid from the package, so that tests and
translators can list what lacks a translation (`--missing`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "translations"
PACKAGE_DIR = Path(__file__).resolve().parent
# The same names as pr_desk.i18n's DOMAIN and catalog_dir(): this build tool is imported by
# i18n (to compile a stale catalog), so it does not import i18n back.
DOMAIN = "pr_desk"
CATALOG_DIR = PACKAGE_DIR / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}


def parts(language: str) -> list[Path]:
    return sorted((SOURCE_DIR / language).glob("*.po"))


def merged_catalog(language: str) -> Catalog:
    merged = Catalog(locale=language, domain=DOMAIN)
    for po in parts(language):
        with po.open("rb") as f:
            part = read_po(f, locale=language)
        for message in part:
            if message.id and message.string and not message.fuzzy:
                merged.add(message.id, message.string)
    return merged


def compile_language(language: str, mo: Path) -> None:
    catalog = merged_catalog(language)
    mo.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own per process: two processes finding the catalogue out of date at once
    # (test workers, two windows opened after an update) each write their own file, and the
    # last rename wins with a whole catalogue; one shared ".tmp" made the other's rename fail.
    fd, name = tempfile.mkstemp(prefix=mo.name + ".", suffix=".tmp", dir=mo.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            write_mo(f, catalog)
        tmp.chmod(0o644)  # as a file written plainly: mkstemp's is its owner's alone
        tmp.replace(mo)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def extracted_msgids() -> dict[str, list[str]]:
    """Every translatable msgid in the package, with where it appears."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def missing(language: str) -> dict[str, list[str]]:
    catalog = merged_catalog(language)
    return {m: w for m, w in extracted_msgids().items() if not catalog.get(m) or not catalog[m].string}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--missing" in args:
        gaps = missing("fa")
        for msgid, where in sorted(gaps.items()):
            print(f"{where[0]}\t{msgid!r}")
        return 1 if gaps else 0
    for language_dir in sorted(p for p in SOURCE_DIR.iterdir() if p.is_dir()):
        compile_language(language_dir.name, CATALOG_DIR / language_dir.name / "LC_MESSAGES" / f"{DOMAIN}.mo")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
