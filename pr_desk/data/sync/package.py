"""The sync file: a zip holding manifest.json and data.sqlite (SYNC.md §6.6), written
atomically; and its reading, which checks the container, the checksums and the MAC and
opens the data read-only in a private temporary copy (§6.7 steps 1-3) before anything
else looks at it. Nothing here touches an application database."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_

FORMAT = 1
APPLICATION_ID = 0x50525359  # "PRSY": a package's data file, never an application database
MEMBERS = ("manifest.json", "data.sqlite")
MAX_FILE_BYTES = 1 << 30
MAX_DATA_BYTES = 2 << 30
MAX_MANIFEST_BYTES = 1 << 20
MAX_RATIO = 200  # uncompressed / compressed: more than this is an archive bomb
KINDS = ("checkout", "field", "return")

_DATA_SCHEMA = (
    "CREATE TABLE change (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, pk TEXT NOT NULL, op TEXT NOT NULL, "
    "old TEXT, new TEXT, chain TEXT NOT NULL)",
    "CREATE TABLE state (tbl TEXT NOT NULL, pk TEXT NOT NULL, row TEXT NOT NULL, PRIMARY KEY (tbl, pk))",
)


class SyncRejected(UserError):
    """A package refused before anything was changed; the message says why and what to do."""


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def manifest_mac(manifest: dict[str, Any], key: str) -> str:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    payload = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hmac.new(bytes.fromhex(key), payload, hashlib.sha256).hexdigest()


def write_package(out: Path, manifest: dict[str, Any] | Callable[[], dict[str, Any]], *,
                  changes: Iterable[dict[str, Any]] = (), state: Iterable[tuple[str, str, str]] = (),
                  key: str | None, change_rows: Iterable[tuple[int, str, str, str, str | None, str | None, str]] | None = None) -> str:
    """Writes `out` (via out.part + rename); returns the file's SHA-256. `changes` carry
    canonical old/new rows (or their JSON text) and their chain value; `state` is (tbl,
    pk, canonical row JSON). Both are written as they come (an iterator is streamed,
    never held whole); `manifest` may be a function, asked once they are written.
    `change_rows`, instead of `changes`: the rows as the data file stores them (seq, tbl,
    pk, op, old and new as canonical JSON text, chain), written as they are."""
    out = Path(out)
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    with tempfile.TemporaryDirectory(prefix="pr-desk-sync-") as tmp:
        data = Path(tmp) / "data.sqlite"
        conn = sqlite3.connect(data)
        try:
            # a scratch file zipped below (a crash leaves no package, only out.part at most)
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {FORMAT}")
            for ddl in _DATA_SCHEMA:
                conn.execute(ddl)
            conn.executemany("INSERT INTO change VALUES (?, ?, ?, ?, ?, ?, ?)",
                             ((c["seq"], c["tbl"], c["pk"], c["op"], _j(c["old"]), _j(c["new"]), c["chain"]) for c in changes))
            if change_rows is not None:
                conn.executemany("INSERT INTO change VALUES (?, ?, ?, ?, ?, ?, ?)", change_rows)
            conn.executemany("INSERT INTO state VALUES (?, ?, ?)", state)
            conn.commit()
        finally:
            conn.close()
        if callable(manifest):
            manifest = manifest()
        manifest = dict(manifest, format=FORMAT, data_sha256=_sha256_file(data))
        if key is not None:
            manifest["mac"] = manifest_mac(manifest, key)
        part = out.with_name(out.name + ".part")
        try:
            # deflate's fastest level: the data file of 200,000 changes (205 MB) took 1.0-1.3 s
            # at the default level, a fifth of the field export (issue 17 §2: under 5 s),
            # 0.44 s at level 1, for a file of 15.5 MB instead of 13.2 MB; what is in it is
            # the same byte for byte, and a reader takes either
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
                zf.write(data, "data.sqlite")
            os.replace(part, out)
        finally:
            if part.exists():
                part.unlink()
    return _sha256_file(out)


def _j(value: Any) -> str | None:
    if value is None or isinstance(value, str):  # a row already written as canonical JSON
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class OpenedPackage:
    path: Path
    file_sha256: str
    manifest: dict[str, Any]
    data_path: Path
    _tmp: tempfile.TemporaryDirectory[str]
    cache: dict[tuple[str, int], Any] = field(default_factory=dict)  # what readers decoded once (office.decode_changes)

    def connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.data_path}?mode=ro", uri=True)
        conn.execute("PRAGMA trusted_schema = OFF")
        return conn

    def changes(self) -> Iterator[tuple[int, str, str, str, str | None, str | None, str]]:
        conn = self.connect()
        try:
            yield from conn.execute("SELECT seq, tbl, pk, op, old, new, chain FROM change ORDER BY seq")
        finally:
            conn.close()

    def chain_rows(self) -> Iterator[tuple[int, str, str, str, Any, Any, str, int]]:
        """`changes()` with old and new as the UTF-8 bytes of their text (what the chain
        hashes: no str made by the driver and encoded again) and a last value 1; a change
        whose old or new is neither text nor NULL (a damaged file) comes as `changes()`
        gives it, with 0."""
        conn = self.connect()
        try:
            if conn.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":  # (CAST would give UTF-16 bytes)
                yield from ((*row, 0) for row in conn.execute("SELECT seq, tbl, pk, op, old, new, chain FROM change ORDER BY seq"))
                return
            rows = conn.execute("SELECT seq, tbl, pk, op, CAST(old AS BLOB), CAST(new AS BLOB), chain, "
                                "typeof(old) IN ('text', 'null') AND typeof(new) IN ('text', 'null') FROM change ORDER BY seq")
            for row in rows:
                if row[7]:
                    yield row
                else:
                    old, new = conn.execute("SELECT old, new FROM change WHERE seq = ?", (row[0],)).fetchone()
                    yield (*row[:4], old, new, row[6], 0)
        finally:
            conn.close()

    def state(self) -> Iterator[tuple[str, str, str]]:
        conn = self.connect()
        try:
            yield from conn.execute("SELECT tbl, pk, row FROM state ORDER BY tbl, pk")
        finally:
            conn.close()

    def close(self) -> None:
        self._tmp.cleanup()


# What reading a package's rows raises when they are damaged (a value of another kind or
# spelling, JSON that is not, a text that is not UTF-8, which sqlite3 refuses to fetch at
# all): said as DAMAGED by every loop over them, never a crash.
ROW_DAMAGE: tuple[type[Exception], ...] = (ValueError, TypeError, KeyError, sqlite3.DatabaseError)

DAMAGED = N_("The sync file {name} is damaged ({reason}). Ask for it to be exported again; nothing was changed.")
NOT_A_PACKAGE = N_("{name} is not a PR Desk sync file. Nothing was changed.")
DANGEROUS = N_("The sync file {name} is not safe to open ({reason}). It was refused and nothing was changed.")
TAMPERED = N_("The sync file {name} was changed after it was written ({reason}). It was refused and nothing was changed.")


def open_package(path: Path, *, key_for: Any = None) -> OpenedPackage:
    """Container, checksums and quarantine (SYNC.md §6.7 steps 1-3). `key_for(manifest)`
    gives the MAC key this database expects for the package (None: no MAC expected)."""
    path = Path(path)
    name = path.name
    _check_container(path, name)
    tmp = tempfile.TemporaryDirectory(prefix="pr-desk-sync-in-")
    try:
        file_sha = _sha256_file(path)
        data_path = Path(tmp.name) / "data.sqlite"
        manifest = _read_manifest(_unpack(path, name, data_path), name)
        # 2. checksums
        _check_checksums(manifest, data_path, name, key_for)
        # 3. quarantine: read-only, untrusted schema, our application id, sound, only our tables
        _check_data(data_path, name)
        return OpenedPackage(path, file_sha, manifest, data_path, tmp)
    except BaseException:
        tmp.cleanup()
        raise


def _check_container(path: Path, name: str) -> None:
    """Step 1 before unpacking: the file exists, is not too large, and is a zip."""
    if not path.is_file():
        raise SyncRejected(N_("The file {name} does not exist."), name=str(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SyncRejected(DANGEROUS, name=name, reason="too large")
    if not zipfile.is_zipfile(path):
        with path.open("rb") as f:
            head = f.read(4)
        if head.startswith(b"PK"):
            raise SyncRejected(DAMAGED, name=name, reason="truncated archive")
        raise SyncRejected(NOT_A_PACKAGE, name=name)


def _unpack(path: Path, name: str, data_path: Path) -> bytes:
    """The manifest's bytes, and the data file extracted to `data_path`, once the members
    and their sizes are checked; a broken archive is `damaged`."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_members([i.filename for i in infos], name)
            _check_sizes(zf, infos, name)
            raw = _read_limited(zf, "manifest.json", MAX_MANIFEST_BYTES, name)
            _extract_limited(zf, "data.sqlite", data_path, zf.getinfo("data.sqlite").file_size, name)
    except (zipfile.BadZipFile, EOFError, OSError, zlib_error()) as exc:
        raise SyncRejected(DAMAGED, name=name, reason=str(exc) or "checksum error") from exc
    return raw


def _check_members(names: list[str], name: str) -> None:
    """Exactly our two members; a path that leaves the package is dangerous."""
    for n in names:
        if n not in MEMBERS:
            if n.startswith(("/", "\\")) or ".." in n.replace("\\", "/").split("/") or ":" in n:
                raise SyncRejected(DANGEROUS, name=name, reason=f"a path outside the package: {n}")
            raise SyncRejected(NOT_A_PACKAGE, name=name)
    if sorted(names) != sorted(MEMBERS):
        raise SyncRejected(NOT_A_PACKAGE, name=name)


def _check_sizes(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """No archive bomb: limits on the expanded size, the compression ratio and the manifest."""
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_DATA_BYTES or total / packed > MAX_RATIO and total > (1 << 20):
        raise SyncRejected(DANGEROUS, name=name, reason="it would expand to a huge size")
    manifest_info = zf.getinfo("manifest.json")
    if manifest_info.file_size > MAX_MANIFEST_BYTES:
        raise SyncRejected(DANGEROUS, name=name, reason="it would expand to a huge size")


def _read_manifest(raw: bytes, name: str) -> dict[str, Any]:
    """The manifest as a dict, of a sync file of our format and a known kind."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SyncRejected(DAMAGED, name=name, reason="unreadable manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("app") != "pr-desk-sync":
        raise SyncRejected(NOT_A_PACKAGE, name=name)
    if manifest.get("format") != FORMAT:
        raise SyncRejected(N_("The sync file {name} has format {format}, this program reads format {expected}. Update PR Desk on both sides; nothing was changed."),
                           name=name, format=str(manifest.get("format")), expected=str(FORMAT))
    if manifest.get("kind") not in KINDS:
        raise SyncRejected(NOT_A_PACKAGE, name=name)
    return manifest


def _check_checksums(manifest: dict[str, Any], data_path: Path, name: str, key_for: Any) -> None:
    """Step 2: the data file's checksum, and the manifest's MAC when this database expects one."""
    if _sha256_file(data_path) != manifest.get("data_sha256"):
        raise SyncRejected(TAMPERED, name=name, reason="data checksum")
    key = key_for(dict(manifest, _name=name)) if key_for is not None else None
    if key is not None:
        mac = manifest.get("mac")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, manifest_mac(manifest, key)):
            raise SyncRejected(TAMPERED, name=name, reason="signature")


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _read_limited(zf: zipfile.ZipFile, member: str, limit: int, name: str) -> bytes:
    with zf.open(member) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise SyncRejected(DANGEROUS, name=name, reason="it would expand to a huge size")
    return data


def _extract_limited(zf: zipfile.ZipFile, member: str, target: Path, declared: int, name: str) -> None:
    written = 0
    with zf.open(member) as src, target.open("wb") as dst:
        while True:
            block = src.read(1 << 20)
            if not block:
                break
            written += len(block)
            if written > declared or written > MAX_DATA_BYTES:
                raise SyncRejected(DANGEROUS, name=name, reason="it would expand to a huge size")
            dst.write(block)


def _check_data(data_path: Path, name: str) -> None:
    try:
        conn = sqlite3.connect(f"file:{data_path}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise SyncRejected(NOT_A_PACKAGE, name=name)
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise SyncRejected(DAMAGED, name=name, reason="database check")
            objects = {(r[0], r[1]) for r in conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%'")}
            if objects != {("table", "change"), ("table", "state")}:
                raise SyncRejected(NOT_A_PACKAGE, name=name)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise SyncRejected(DAMAGED, name=name, reason=str(exc)) from exc
