"""The catalogue of report kinds, so the UI and `pr-desk report KIND` print the same reports.

A report kind is a name, a title msgid and a builder: `builder(params) -> ReportSpec`.
The services layer registers its kinds (it knows where the data comes from); this module
only knows how to find a kind and write its spec as PDF or Excel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _
from pr_desk.reports.model import Cancel, Progress, ReportSpec

Builder = Callable[[Mapping[str, Any]], ReportSpec]
FORMATS = (".pdf", ".xlsx")


@dataclass(frozen=True)
class ReportKind:
    name: str
    title_msgid: str
    builder: Builder
    description_msgid: str = ""

    @property
    def title(self) -> str:
        return _(self.title_msgid)


_kinds: dict[str, ReportKind] = {}
_lock = threading.Lock()


def register_report(name: str, title_msgid: str, builder: Builder, *, description_msgid: str = "",
                    replace: bool = False) -> ReportKind:
    """Adds a report kind. Registering a taken name is a bug unless `replace` is True."""
    kind = ReportKind(name, title_msgid, builder, description_msgid)
    with _lock:
        if name in _kinds and not replace and _kinds[name] != kind:
            raise ValueError(f"report kind {name!r} is already registered")
        _kinds[name] = kind
    return kind


def unregister_report(name: str) -> None:
    with _lock:
        _kinds.pop(name, None)


def list_reports() -> list[ReportKind]:
    """Every registered kind, by name."""
    with _lock:
        return sorted(_kinds.values(), key=lambda k: k.name)


def get_report(name: str) -> ReportKind:
    with _lock:
        kind = _kinds.get(name)
    if kind is None:
        raise UserError(N_("There is no report called {name}."), name=name)
    return kind


def output_format(path: str | Path) -> str:
    """".pdf" or ".xlsx" from the file name, or a UserError saying what is accepted."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(N_("A report is written as .pdf or .xlsx, not {suffix}."), suffix=suffix or "-")
    return suffix


def write_report(spec: ReportSpec, path: str | Path, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> Path:
    """Writes a spec in the format its file name asks for."""
    if output_format(path) == ".pdf":
        from pr_desk.reports.pdf import write_pdf

        return write_pdf(spec, path, progress=progress, cancel=cancel)
    if spec.xlsx_writer is not None:
        return spec.xlsx_writer(Path(path))
    from pr_desk.reports.excel import write_xlsx

    return write_xlsx(spec, path, progress=progress, cancel=cancel)


def render_report(name: str, params: Mapping[str, Any], path: str | Path, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> Path:
    """Builds report `name` from `params` and writes it to `path` (.pdf or .xlsx)."""
    output_format(path)  # refuse a wrong file name before doing any work
    spec = get_report(name).builder(params)
    return write_report(spec, path, progress=progress, cancel=cancel)
