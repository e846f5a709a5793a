"""The editable table of a form's scores: axis → indicator with its maximum and weight,
the unit's self-assessment, the inspector's score and the evidence note. A score out of
range stays in its cell, red, with the reason; the live total counts only valid scores."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import IndicatorWeight, MissingScore, ScoreResult, check_score, score
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.ui.evaluation.common import digits, score_text
from pr_desk.ui.kit.delegates import PersianNumberDelegate, parse_number

_Index = QModelIndex | QPersistentModelIndex

AXIS, INDICATOR, MAX_SCORE, WEIGHT, SELF, INSPECTOR, NOTE, FILES = range(8)
HEADERS = (N_("Axis"), N_("Indicator"), N_("Maximum score"), N_("Weight"), N_("Self-assessment"),
           N_("Inspector's score"), N_("Evidence"), N_("Files"))
SCORE_KEYS = {SELF: "self_score", INSPECTOR: "inspector_score"}
ERROR_BACKGROUND = QColor(255, 205, 210)
MISSING_BACKGROUND = QColor(255, 243, 205)
AXIS_BACKGROUND = QColor(236, 239, 241)
_LINE_KEY = re.compile(r"lines\[(\d+)\]\.(\w+)")


@dataclass(frozen=True)
class Cell:
    """A score as the user left it: the checked value, or the text with what is wrong."""

    value: Decimal | None
    text: str = ""
    error: str = ""


@dataclass
class Row:
    line: ev.ScoreLine
    self_score: Cell
    inspector_score: Cell
    note: str
    dirty: bool = False
    note_error: str = ""


class ScoreTableModel(QAbstractTableModel):
    """Rows in the template's order; `edited` after any change made in the table."""

    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._editable = False

    # -- content -------------------------------------------------------------------------

    def set_lines(self, lines: tuple[ev.ScoreLine, ...], *, editable: bool, keep_edits: bool = False) -> None:
        """New lines from the database; with keep_edits, rows the user changed keep their values."""
        kept = {r.line.indicator_id: r for r in self._rows if r.dirty} if keep_edits else {}
        self.beginResetModel()
        self._editable = editable
        rows = []
        for line in lines:
            old = kept.get(line.indicator_id)
            if old is not None:
                rows.append(replace(old, line=line))
            else:
                rows.append(Row(line, Cell(line.self_score), Cell(line.inspector_score), line.evidence_note))
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def is_dirty(self) -> bool:
        return any(r.dirty for r in self._rows)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    def errors(self) -> list[str]:
        """What is wrong in the table now, one sentence per bad cell."""
        out = []
        for row in self._rows:
            for label, cell in ((_("self-assessment"), row.self_score), (_("inspector's score"), row.inspector_score)):
                if cell.error:
                    out.append(_("{indicator} ({which}): {problem}").format(indicator=row.line.name, which=label,
                                                                          problem=cell.error))
        return out

    def score_inputs(self) -> list[ev.ScoreInput]:
        return [ev.ScoreInput(r.line.indicator_id, r.self_score.value, r.inspector_score.value, r.note) for r in self._rows]

    def mark_saved(self) -> None:
        for row in self._rows:
            row.dirty = False

    def show_problems(self, problems: dict[str, str]) -> None:
        """Errors from the service (keys like lines[3].inspector_score) shown in their cells."""
        for key, message in problems.items():
            match = _LINE_KEY.fullmatch(key)
            if not match or int(match.group(1)) >= len(self._rows):
                continue
            row = self._rows[int(match.group(1))]
            which = match.group(2)
            if which in ("self_score", "inspector_score"):
                cell = getattr(row, which)
                setattr(row, which, Cell(cell.value, cell.text or score_text(cell.value), message))
            else:
                row.note_error = message
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, FILES))

    def indicator_at(self, row: int) -> ev.ScoreLine | None:
        return self._rows[row].line if 0 <= row < len(self._rows) else None

    # -- the live total ------------------------------------------------------------------

    def results(self) -> tuple[ScoreResult, ScoreResult]:
        """(self-assessment, inspector) through the one scoring function; a missing or
        invalid score counts as zero, as the official rule says."""
        weights = [IndicatorWeight(r.line.indicator_id, r.line.axis_id, r.line.weight, r.line.max_score) for r in self._rows]
        own = {r.line.indicator_id: r.self_score.value for r in self._rows}
        inspector = {r.line.indicator_id: r.inspector_score.value for r in self._rows}
        return score(weights, own, missing=MissingScore.ZERO), score(weights, inspector, missing=MissingScore.ZERO)

    def axis_names(self) -> dict[uuid.UUID, str]:
        return {r.line.axis_id: r.line.axis_name for r in self._rows}

    # -- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and section >= 0:
            return digits(section + 1)
        return None

    def _first_of_axis(self, row: int) -> bool:
        return row == 0 or self._rows[row - 1].line.axis_id != self._rows[row].line.axis_id

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row_no, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row_no, col)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(row_no, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tool_tip(row_no, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row_no, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row_no, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(col)
        return None

    # The steps of data(), one per role: each answers for one cell of the table.

    def _score_cell(self, row_no: int, col: int) -> Cell | None:
        """The self-assessment or inspector's cell at that column; None for other columns."""
        row = self._rows[row_no]
        return row.self_score if col == SELF else row.inspector_score if col == INSPECTOR else None

    def _display(self, row_no: int, col: int) -> Any:
        row = self._rows[row_no]
        line = row.line
        cell = self._score_cell(row_no, col)
        if col == AXIS:
            return line.axis_name if self._first_of_axis(row_no) else ""
        if col == INDICATOR:
            return line.name + (" *" if line.evidence_required else "")
        if col == MAX_SCORE:
            return score_text(line.max_score)
        if col == WEIGHT:
            return score_text(line.weight)
        if cell is not None:
            return digits(cell.text) if cell.error else ("" if cell.value is None else score_text(cell.value))
        if col == NOTE:
            return row.note
        if col == FILES:
            return digits(line.attachments) if line.attachments else ""
        return None

    def _edit_value(self, row_no: int, col: int) -> Any:
        cell = self._score_cell(row_no, col)
        if cell is not None:
            return cell.text if cell.error else cell.value
        if col == NOTE:
            return self._rows[row_no].note
        return self._display(row_no, col)

    def _tool_tip(self, row_no: int, col: int) -> Any:
        row = self._rows[row_no]
        line = row.line
        cell = self._score_cell(row_no, col)
        if col in (AXIS, INDICATOR):
            tip = line.guide or ""
            if line.evidence_required:
                tip += ("\n" if tip else "") + _("* Evidence (a note or a file) is required when the score is above zero.")
            return tip or None
        if cell is not None:
            return cell.error or _("From 0 to {maximum}").format(maximum=score_text(line.max_score))
        if col == NOTE:
            return row.note_error or (row.note or None)
        return None

    def _background(self, row_no: int, col: int) -> Any:
        row = self._rows[row_no]
        cell = self._score_cell(row_no, col)
        if cell is not None and cell.error:
            return ERROR_BACKGROUND
        if col == NOTE and (row.note_error or (row.line.evidence_required and self._evidence_missing(row))):
            return MISSING_BACKGROUND
        if col == AXIS and self._first_of_axis(row_no):
            return AXIS_BACKGROUND
        return None

    def _foreground(self, row_no: int, col: int) -> Any:
        cell = self._score_cell(row_no, col)
        return QColor("#b71c1c") if cell is not None and cell.error else None

    @staticmethod
    def _alignment(col: int) -> Any:
        if col in (MAX_SCORE, WEIGHT, SELF, INSPECTOR, FILES):
            return Qt.AlignmentFlag.AlignCenter
        return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter

    @staticmethod
    def _evidence_missing(row: Row) -> bool:
        value = row.inspector_score.value
        return value is not None and value > 0 and not row.note.strip() and row.line.attachments == 0

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._editable and index.column() in (SELF, INSPECTOR, NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable:
            return False
        row = self._rows[index.row()]
        col = index.column()
        if col in SCORE_KEYS:
            text = "" if value is None else str(value).strip()
            try:
                checked = check_score(value if not isinstance(value, str) else text, row.line.max_score,
                                      field=SCORE_KEYS[col])
                cell = Cell(checked)
            except UserError as exc:
                cell = Cell(None, text, digits(str(exc)))  # the domain names the value in Latin digits
            old = getattr(row, SCORE_KEYS[col])
            if cell == old:
                return True
            setattr(row, SCORE_KEYS[col], cell)
        elif col == NOTE:
            note = "" if value is None else str(value)
            if note == row.note:
                return True
            row.note = note
            row.note_error = ""
        else:
            return False
        row.dirty = True
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), FILES))
        self.edited.emit()
        return True


class ScoreDelegate(PersianNumberDelegate):
    """Persian digits on show; any digits in; text that is no number still reaches the
    model, which keeps it in the cell with the reason instead of dropping it silently."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, decimals=None, kind="number")

    def displayText(self, value: Any, locale: Any) -> str:
        return digits("" if value is None else value)

    def setModelData(self, editor: Any, model: Any, index: _Index) -> None:
        text = editor.text().strip()
        value = parse_number(text, decimals=None)
        model.setData(index, value if value is not None or not text else text, Qt.ItemDataRole.EditRole)
