"""The canonical text of a row image straight from the JSON SQLite's capture triggers
wrote, respelling only the values that need it (issue 17 §2: the field copy's return
export), instead of decoding the JSON and encoding it again.

The triggers write each image with SQLite's `json_object`, compact, with the columns in
name order: the order canonical JSON sorts its keys in. SQLite escapes a string exactly
as Python's encoder does with `ensure_ascii=False` (`"` and `\\` and the control
characters, with the same short escapes and lowercase `\\u00xx`; everything else as it
is): tests/data/sync/test_trigger_text.py proves it for arbitrary text, and
`sqlite_spells_alike` checks known answers on the SQLite in use before this path is
taken. So a text column's JSON is already its canonical text, and an image is split
into its members at `,"` (never inside a JSON string, where every `"` is escaped), each
member's key checked, and only the other kinds respelled: a UUID's 32 hex digits get
their dashes, an instant of SQLite's `YYYY-MM-DD HH:MM:SS.ffffff` becomes ISO with
`+00:00`, and every other value (booleans, decimals, days, integers...) goes through
the very conversion of `codec.canonical_text_from_db`, value by value, remembered for
the values that recur (users, forms, days: most of a change log).

Anything not of that exact shape (a missing or extra column, an escape Python would
write otherwise, a text column holding a number) is spelled by
`codec.canonical_text_from_db` itself: the result is always the same text, byte for
byte (`canonical_text(tbl, text) == codec.canonical_text_from_db(tbl, text)`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from pr_desk.data.sync import codec

# A backslash that does not start an escape Python writes the same way.
_ODD_ESCAPE = re.compile(r'\\(?!["\\bfnrt]|u00(?:0[0-7bef]|1[0-9a-f]))').search
_INSTANT = re.compile(r'"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}"').fullmatch
HEX = "0123456789abcdef"  # the digits of a UUID as SQLite's triggers write it
_MEMO_SIZE = 4096


def _uuid(value: str) -> str | None:
    """`"` + 32 lowercase hex digits + `"` with the dashes (codec.uuid_text), else None."""
    if len(value) == 34 and value[0] == '"' and value[33] == '"' and not value[1:33].strip(HEX):
        return f'"{value[1:9]}-{value[9:13]}-{value[13:17]}-{value[17:21]}-{value[21:33]}"'
    return None


def _instant(value: str) -> str | None:
    """SQLAlchemy's stored instant (naive UTC) as `_utc(fromisoformat(..)).isoformat()`
    spells it, else None (an invalid one is left to the general path, which refuses it)."""
    if _INSTANT(value) is None:
        return None
    try:
        dt.datetime.fromisoformat(value[1:27])
    except ValueError:
        return None
    return f'"{value[1:11]}T{value[12:20]}{"" if value[21:27] == "000000" else value[20:27]}+00:00"'


_FAST: dict[str, Callable[[str], str | None]] = {"uuid": _uuid, "datetime": _instant}


def _general(kind: str) -> Callable[[str], str]:
    """One value as `canonical_text_from_db` spells it inside its row."""
    decode, encode, convert = codec._DB_DECODER.decode, codec._IN_ORDER.encode, codec.canonical_from_db

    def spell(value: str) -> str:
        return encode(convert(kind, decode(value)))
    return spell


class _Column:
    """A column to respell: its member's prefix (`name":`), the memo of members seen (given
    up for a column whose values are nearly all new: a key, an instant)."""

    def __init__(self, prefix: str, kind: str, images: list[int]) -> None:
        self.prefix, self.size = prefix, len(prefix)
        self.fast, self.general = _FAST.get(kind), _general(kind)
        self.memo: dict[str, str] = {}
        self.images = images  # how many images of the table were spelled (shared)
        self.keep = True

    def miss(self, member: str) -> str | None:
        """The respelled member, or None when it is not this column's."""
        if not member.startswith(self.prefix):
            return None
        value = member[self.size:]
        if value == "null":
            spelled = member
        else:
            fast = self.fast(value) if self.fast is not None else None
            spelled = self.prefix + (fast if fast is not None else self.general(value))
        if self.keep:
            memo = self.memo
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
                if self.images[0] < 2 * _MEMO_SIZE:  # more than half were new
                    self.keep = False
                    return spelled
            memo[member] = spelled
        return spelled


def _braced(text: str) -> str:
    """`text` as the literal part of an f-string."""
    return text.replace("{", "{{").replace("}", "}}")


def _spelling(tbl: str) -> Callable[[str], str]:
    """A function of one trigger-written image of `tbl`, written out for the table's
    columns (as `collections.namedtuple` writes its classes): one call per image, no loop
    over the columns, which is most of the cost at hundreds of thousands of images."""
    columns = sorted(codec.kinds(tbl).items())
    prefixes = [('{"' if i == 0 else "") + name + '":' for i, (name, _kind) in enumerate(columns)]
    images = [0]
    scope: dict[str, Any] = {"_slow": codec.canonical_text_from_db, "_odd": _ODD_ESCAPE, "_tbl": tbl, "_images": images, "_hex": HEX}
    names = ", ".join(f"p{i}" for i in range(len(columns)))
    body = ["def spell(text):",
            "    if text[-1:] != '}' or '\\\\' in text and _odd(text) is not None:",
            "        return _slow(_tbl, text)",
            "    parts = text[:-1].split(',\"')",
            f"    if len(parts) != {len(columns)}:",
            "        return _slow(_tbl, text)",
            f"    {names}, = parts",
            "    _images[0] += 1"]
    texts = [f"(p{i}.startswith({prefixes[i] + chr(34)!r}) or p{i} == {prefixes[i] + 'null'!r})"
             for i, (_name, kind) in enumerate(columns) if kind == "str"]
    if texts:  # a text column: its JSON string is its canonical text
        body += [f"    if not ({' and '.join(texts)}):", "        return _slow(_tbl, text)"]
    out = []
    for i, (_name, kind) in enumerate(columns):
        if kind == "str":
            out.append(f"{{p{i}}}")
            continue
        column = _Column(prefixes[i], kind, images)
        scope[f"m{i}"], scope[f"x{i}"] = column.memo, column.miss
        if _name == "id":  # the row's key never recurs: no memo, its dashes put in here
            column.keep = False
            n, p = len(prefixes[i]), f"p{i}"
            body += [f"    if len({p}) == {n + 34} and {p}.startswith({prefixes[i] + chr(34)!r}) and {p}[-1] == '\"' "
                     f"and not {p}[{n + 1}:{n + 33}].strip(_hex):",
                     f"        c{i} = f'{_braced(prefixes[i])}\"{{{p}[{n + 1}:{n + 9}]}}-{{{p}[{n + 9}:{n + 13}]}}-{{{p}[{n + 13}:{n + 17}]}}"
                     f"-{{{p}[{n + 17}:{n + 21}]}}-{{{p}[{n + 21}:{n + 33}]}}\"'",
                     "    else:",
                     f"        c{i} = x{i}({p})"]
        else:
            body.append(f"    c{i} = m{i}.get(p{i}) or x{i}(p{i})")
        body += [f"    if c{i} is None:", "        return _slow(_tbl, text)"]
        out.append(f"{{c{i}}}")
    body.append("    return f'" + ',"'.join(out) + "}}'")
    exec("\n".join(body), scope)  # our own text, made from the column names above
    spell: Callable[[str], str] = scope["spell"]
    return spell


_SPELLINGS: dict[str, Callable[[str], str]] = {}


def canonical_text(tbl: str, text: str | None) -> str | None:
    """`codec.canonical_text_from_db(tbl, text)`, the same text, made faster."""
    if text is None:
        return None
    spell = _SPELLINGS.get(tbl)
    if spell is None:
        spell = _SPELLINGS[tbl] = _spelling(tbl)
    return spell(text)


def spelling(tbl: str) -> Callable[[str], str]:
    """`canonical_text` of one table's (non-NULL) images, for a loop over many."""
    spell = _SPELLINGS.get(tbl)
    if spell is None:
        spell = _SPELLINGS[tbl] = _spelling(tbl)
    return spell


# Text whose JSON escaping must come out as Python's: quotes, backslashes, every control
# character, DEL, the line and paragraph separators, joiners and marks, emoji, Persian.
KNOWN_ANSWERS = ("", "a", '"', "\\", "\"\\'/", "\x00", "".join(map(chr, range(32))) + "\x7f", "\u2028\u2029",
                 "\u200c\u200d\u200e\u200f", "\ufeff", "😀🇮🇷", "تابلو \"اعلانات\" به‌روز است\\\n\t", "e\u0301",
                 "\U0010ffff", "\ud7ff\ue000", "</script>")


@functools.lru_cache(maxsize=1)
def sqlite_spells_alike() -> bool:
    """SQLite's `json_object` (the triggers' writer; the library is the process's) escapes
    the known answers as Python's canonical encoder does. Checked once per process: a
    SQLite that spelled otherwise would make the export take Python's own path."""
    conn = sqlite3.connect(":memory:")
    try:
        for text in KNOWN_ANSWERS:
            made = conn.execute("SELECT json_object('a', ?)", (text,)).fetchone()[0]
            if made != '{"a":' + codec.dumps(text) + "}":
                return False
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()
