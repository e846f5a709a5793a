"""Reading our PDFs back, the way a reader and a text extractor would."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

# Embedding marks pdftotext puts around the runs it reordered.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def norm(text: str) -> str:
    """Presentation forms back to letters (NFKC); bidi marks dropped; spaces folded."""
    text = _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[ \t]+", " ", text)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdftotext_pages(path: Path) -> list[str]:
    """Text of each page as poppler extracts it (it reorders RTL runs to logical order)."""
    out = subprocess.run([need("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [norm(page) for page in out.split("\f")[:-1]]


def pdffonts(path: Path) -> list[dict[str, str]]:
    out = subprocess.run([need("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object id: the yes/no flags are fixed from the end.
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def visual_lines(path: Path, page: int = 0) -> list[list[dict[str, object]]]:
    """Characters of each printed line, sorted left to right as they sit on the page."""
    with pdfplumber.open(str(path)) as pdf:
        chars = pdf.pages[page].chars
        lines: dict[int, list[dict[str, object]]] = {}
        for ch in chars:
            lines.setdefault(round(float(ch["top"])), []).append(ch)
    return [sorted(line, key=lambda c: float(c["x0"])) for _top, line in sorted(lines.items())]


def line_text(chars: list[dict[str, object]]) -> str:
    return norm("".join(str(c["text"]) for c in chars))


def find_line(path: Path, needle_visual: str, page: int = 0) -> list[dict[str, object]]:
    """The printed line whose left-to-right text contains `needle_visual`."""
    for chars in visual_lines(path, page):
        if needle_visual in line_text(chars):
            return chars
    raise AssertionError(f"no printed line contains {needle_visual!r}")


def in_order(text: str, *words: str) -> bool:
    """All words occur in `text`, each after the one before."""
    pos = 0
    for word in words:
        found = text.find(word, pos)
        if found < 0:
            return False
        pos = found + len(word)
    return True


def squash(text: str) -> str:
    """Without any whitespace: for phrases where pdftotext's spacing is unreliable."""
    return re.sub(r"\s+", "", text)
