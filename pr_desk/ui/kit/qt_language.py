"""What Qt draws itself, in the language and direction of the app.

Qt's own dialogs (file, message box, colour, print and page set-up) take their words from
Qt's catalog `qtbase_fa.qm`, which PySide6 ships. That catalog was made for an older Qt:
many labels have since gained an accelerator ("Look in:" became "&Look in:") and a few are
missing, so they showed in English. `QtPersian` answers from the catalog, then from the
same words without the accelerator, then from our own catalog for the few Qt never had.

Qt also aligns a label by its text's own direction: in a right-to-left window a label that
holds only digits (or a dash, or a left-to-right code) stands at the far left, away from
its caption, while a Persian value sits beside it. `LeadingAlignment` (leading_alignment.py)
anchors every label's "leading" alignment to the side the window reads from. At start-up
it may be set once the login dialog is on screen (`style_now=False`): its QProxyStyle base
costs PySide6 every QStyle enum, and the dialog's labels (Persian, or English in an
English window) stand where they would anyway.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator
from PySide6.QtWidgets import QApplication

from pr_desk.i18n import N_, _

log = logging.getLogger("pr_desk")

QT_CATALOG = "qtbase"
"""Qt's catalog for its widgets and dialogs (qt_fa.qm is only a list of the others)."""

# Words of Qt's own dialogs that qtbase_fa.qm lacks, by Qt's (context, source text);
# translated through our catalog (translations/fa/qt_dialogs.po).
MISSING: dict[tuple[str, str], str] = {
    ("QPrintSettingsOutput", "Double Sided Printing"): N_("Printing on both sides"),
    ("QPrintSettingsOutput", "Off"): N_("One side only"),
    ("QPrintSettingsOutput", "Long side binding"): N_("Bound on the long side"),
    ("QPrintSettingsOutput", "Short side binding"): N_("Bound on the short side"),
    ("QPrintSettingsOutput", "Pages"): N_("Pages from and to"),
    ("QPrintSettingsOutput", "Specify pages or ranges separated by commas. Ranges are specified by two numbers "
                             "separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9."):
        N_("Pages or ranges of pages, separated by commas; a range is two numbers joined by a hyphen. "
           "For example 3,5-7,9 prints pages 3, 5, 6, 7 and 9."),
    ("QAbstractFileIconProvider", "Folder"): N_("Folder"),
    ("QAbstractFileIconProvider", "Drive"): N_("Drive"),
}


def qt_translations_dir() -> Path | None:
    """The folder that holds Qt's catalogs: where this Qt says, else inside the PySide6
    package (a frozen build keeps them there), else None."""
    candidates = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    import PySide6

    candidates.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "PySide6" / "Qt" / "translations")
    for folder in candidates:
        if (folder / f"{QT_CATALOG}_fa.qm").is_file():
            return folder
    return None


class QtPersian(QTranslator):
    """Qt's Persian catalog, with the gaps it has for this Qt filled (see the module)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder = qt_translations_dir()
        self.loaded = folder is not None and self.load(f"{QT_CATALOG}_fa", str(folder))
        if not self.loaded:
            log.warning("%s_fa.qm not found; Qt's own dialogs keep some English", QT_CATALOG)

    def isEmpty(self) -> bool:  # Qt's name
        return False  # our own words answer even without Qt's file

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        found = super().translate(context, source, disambiguation, n) if self.loaded else ""
        if found:
            return found
        if "&" in source and self.loaded:
            plain = source.replace("&&", "\0").replace("&", "").replace("\0", "&")
            found = super().translate(context, plain, disambiguation, n)
            if found:
                return found if "&" in found else "&" + found  # the accelerator stays, on the first letter
        msgid = MISSING.get((context, source))
        return _(msgid) if msgid else ""


_translator: QtPersian | None = None


def apply_qt_language(app: QApplication, persian: bool, *, style_now: bool = True) -> None:
    """Qt's own words in Persian while the app is Persian (switched with the language), and
    labels aligned by the window's direction (at once, or from `use_leading_alignment`)."""
    global _translator
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    if persian:
        _translator = QtPersian(app)
        app.installTranslator(_translator)
    if style_now:
        use_leading_alignment(app)


def use_leading_alignment(app: QApplication) -> None:
    """The app's style made to anchor labels by the window's direction (once)."""
    from pr_desk.ui.kit.leading_alignment import LeadingAlignment

    if not isinstance(app.style(), LeadingAlignment):
        app.setStyle(LeadingAlignment(app.style().name()))
