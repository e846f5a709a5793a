"""One translation system for every layer: gettext catalogs under translations/.

Persian is the default language, English the second. Strings in the code are English
msgids; `_()` translates at call time so a language switch takes effect at once.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "pr_desk"
LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"

_catalog_dir = Path(__file__).resolve().parent / "locale"
_source_dir = Path(__file__).resolve().parent.parent / "translations"
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def catalog_dir() -> Path:
    return _catalog_dir


def set_language(language: str) -> None:
    """Switch every layer to `language` ("fa" or "en")."""
    global _current, _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    _language = language
    if language == "en":
        _current = gettext.NullTranslations()
        return
    _ensure_compiled(language)
    # The catalog read straight from its one place: gettext.translation() would look for
    # it under several spellings of the locale (importing `locale` and `copy` for that),
    # on the way to the login dialog.
    try:
        with (_catalog_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
            _current = gettext.GNUTranslations(file)
    except OSError:
        _current = gettext.NullTranslations()  # no catalog: the English msgids


def current_language() -> str:
    return _language


def is_rtl() -> bool:
    return _language == "fa"


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for extraction without translating it now (translated where shown)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted sentence for extraction, as `ngettext` would, without translating it
    now: a UserError given it shows the form its `count` parameter calls for."""
    return singular, plural


def _ensure_compiled(language: str) -> None:
    # In a source checkout the .po parts may be newer than the compiled catalog.
    mo = _catalog_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    sources = list((_source_dir / language).glob("*.po"))
    if sources and (not mo.exists() or mo.stat().st_mtime < max(p.stat().st_mtime for p in sources)):
        from pr_desk.i18n_build import compile_language

        compile_language(language, mo)
