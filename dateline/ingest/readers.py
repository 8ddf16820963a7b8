"""Read files, folders, globs, stdin, JSONL, HTML, gzip and WARC into :class:`RawDocument`.

Every input that cannot be used becomes a :class:`Skipped` with a reason naming what is
wrong; nothing is dropped silently and one bad input never stops the batch.
"""

from __future__ import annotations

import dataclasses
import glob
import gzip
import io
import json
import logging
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.data import RawDocument, Skipped
from dateline.ingest.decode import NotText, decode_bytes
from dateline.ingest.warc import read_warc

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc"}
# A gzip member may not expand beyond this many times the document limit (gzip-bomb guard).
GZIP_EXPANSION_FACTOR = 4
# A gzipped JSONL file may not expand beyond this many times its compressed size (plus one
# document): news text compresses 3-10 times, highly repetitive JSON 20-30; bombs 1,000 and more.
GZIP_MAX_RATIO = 200
_CHUNK = 1 << 16
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read.

    ``exclude`` holds real paths (``os.path.realpath``) that are left out without a word, for
    example the store's own database files when a folder that holds the store is ingested.
    """

    max_document_bytes: int = 5_000_000
    exclude: frozenset[str] = frozenset()


Item = RawDocument | Skipped


def read_paths(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Yield documents and skips for every file under ``paths`` (files, folders, globs, ``-``)."""
    opts = options or ReadOptions()
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            yield from _read_stdin(opts)
            continue
        for path in _expand(given):
            if isinstance(path, Skipped):
                yield _labelled(path)
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            if real in opts.exclude:
                log.info("left out %s: it is one of the store's own files", path)
                continue
            seen.add(real)
            yield from read_file(path, opts)


def _expand(given: str) -> Iterator[str | Skipped]:
    if any(ch in given for ch in "*?[") and not os.path.exists(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield Skipped(given, "no file matches this pattern")
        for m in matches:
            yield from _expand(m)
        return
    if os.path.isdir(given):
        yield from _walk(given)
    elif os.path.exists(given):
        yield given
    elif os.path.islink(given):
        yield Skipped(given, "broken symbolic link")
    else:
        yield Skipped(given, "no such file or folder")


def _walk(folder: str) -> Iterator[str]:
    """Files under ``folder`` in a stable order, hidden files skipped, symlink loops ignored."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def _suffixes(path: str) -> tuple[str, bool]:
    """The format suffix of ``path`` and whether it is gzipped (``a.jsonl.gz`` -> ``.jsonl``, True)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".gz":
        return Path(p.stem).suffix.lower(), True
    return suffix, False


def display_path(path: str) -> str:
    """``path`` as a printable name: bytes of a file name that are not UTF-8 and control
    characters (a newline in a name) are written as backslash escapes."""
    if path.isprintable():
        return path
    try:
        text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = path.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _labelled(item: Item) -> Item:
    shown = display_path(item.path)
    if shown == item.path:
        return item
    if isinstance(item, Skipped):
        return Skipped(shown, item.reason)
    return dataclasses.replace(item, path=shown)


def read_file(path: str, opts: ReadOptions) -> Iterator[Item]:
    """Read one file; never raises for bad content. Paths in the results are printable, and a
    file always gives at least one result: a file in which nothing was found is a skip."""
    found = False
    for item in _read_file(path, opts):
        found = True
        yield _labelled(item)
    if not found:
        yield _labelled(Skipped(path, "no document found in this file"))


def _read_file(path: str, opts: ReadOptions) -> Iterator[Item]:
    suffix, gzipped = _suffixes(path)
    try:
        info = os.stat(path)
        kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
        if kind:
            yield Skipped(path, f"not a regular file ({kind})")
            return
        if suffix in JSONL_SUFFIXES or suffix in WARC_SUFFIXES:
            yield from _read_container(path, suffix, gzipped, opts)
            return
        if not gzipped and info.st_size > opts.max_document_bytes:
            yield Skipped(path, _too_big(info.st_size, opts))
            return
        with open(path, "rb") as fh:
            if gzipped:
                data = _gunzip(iter(lambda: fh.read(_CHUNK), b""), opts.max_document_bytes)
            else:
                data = fh.read(opts.max_document_bytes + 1)
    except OSError as exc:
        yield Skipped(path, f"cannot read: {exc.strerror or exc}")
        return
    except ValueError as exc:  # a bad gzip file
        yield Skipped(path, str(exc))
        return
    yield _document(path, data, suffix, opts)


def _too_big(size: int, opts: ReadOptions) -> str:
    return (
        f"{size / 1e6:.1f} MB is over the {opts.max_document_bytes / 1e6:.0f} MB limit for one document "
        "(raise it with --max-bytes if this really is one article)"
    )


def _gunzip(chunks: Iterable[bytes], limit: int) -> bytes:
    """Decompress gzip data (one or more members) of at most ``limit`` bytes.

    Raises ``ValueError`` naming the fault: not gzip, corrupt, truncated, or too big once expanded.
    """
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    started = False
    try:
        for chunk in chunks:
            while chunk:
                started = True
                out += d.decompress(chunk, limit + 1 - len(out))
                if len(out) > limit:
                    raise ValueError(f"gzip content expands beyond the {limit / 1e6:.0f} MB limit for one document")
                chunk = d.unused_data if d.eof else b""
                if d.eof and chunk:  # another gzip member follows
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    except zlib.error as exc:
        raise ValueError(f"not a valid gzip file ({exc})") from None
    if not started:
        raise ValueError("empty file")
    if not d.eof:
        raise ValueError(f"truncated gzip file: the compressed data ends early (after {len(out)} bytes of content)")
    return bytes(out)


def _document(path: str, data: bytes, suffix: str, opts: ReadOptions) -> Item:
    if len(data) > opts.max_document_bytes:
        return Skipped(path, _too_big(len(data), opts))
    if data.startswith(b"PK\x03\x04"):
        return Skipped(path, "a zip archive: zip files are not read, unpack it first")
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        return Skipped(path, str(exc))
    text = decoded.text
    fmt = "html" if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_html(text)) else "text"
    if suffix in TEXT_SUFFIXES and _looks_html(text) and text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        fmt = "html"
    return RawDocument(path=path, fmt=fmt, content=text, warning=decoded.warning)


def _looks_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


# -- JSONL and WARC ------------------------------------------------------------------


def _open_binary(path: str, gzipped: bool) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _read_container(path: str, suffix: str, gzipped: bool, opts: ReadOptions) -> Iterator[Item]:
    try:
        if suffix in WARC_SUFFIXES:
            yield from read_warc(path, opts.max_document_bytes)
            return
        budget = GZIP_MAX_RATIO * os.path.getsize(path) + opts.max_document_bytes if gzipped else None
        with _open_binary(path, gzipped) as fh:
            yield from read_jsonl(fh, path, opts.max_document_bytes, max_total_bytes=budget)
    except (OSError, EOFError, zlib.error) as exc:
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, EOFError):
            reason = "truncated gzip file: the compressed data ends early"
        yield Skipped(path, f"cannot read to the end: {reason}")


def read_jsonl(fh: io.BufferedIOBase | Any, path: str, max_line_bytes: int = 5_000_000,
               max_total_bytes: int | None = None) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``title``, ``published``, ``source``.

    Memory stays bounded by ``max_line_bytes`` whatever the file holds; reading stops (with a
    skip naming the line) once ``max_total_bytes`` have been read (a gzip-bomb guard).
    """
    any_line = False
    for n, raw in _lines(fh, max_line_bytes, max_total_bytes):
        where = f"{path}#L{n}"
        any_line = True
        if isinstance(raw, int) and raw < 0:
            yield Skipped(where, f"stopped reading here: the gzip content expands more than {GZIP_MAX_RATIO} times "
                                 "its compressed size (a gzip bomb?)")
            return
        if isinstance(raw, int):
            yield Skipped(where, f"line of {raw / 1e6:.1f} MB is over the limit for one document")
            continue
        yield _jsonl_record(raw, where)
    if not any_line:
        yield Skipped(path, "empty file")


_NOT_SPACE = re.compile(rb"[^ \t\r\n\f\v]")
_SPACE_BYTES = frozenset(b" \t\r\n\f\v")


def _skip_blanks(chunk: bytes, start: int) -> int:
    """The first position at or after ``start`` that is not whitespace (a run of blank lines is
    skipped in C: 300 MB of newlines take a second, not minutes)."""
    if start >= len(chunk) or chunk[start] not in _SPACE_BYTES:
        return start
    text = _NOT_SPACE.search(chunk, start, start + 256)
    if text:
        return text.start()
    rest = chunk[start:].lstrip()
    return len(chunk) - len(rest)


def _lines(fh: Any, max_line: int, max_total: int | None) -> Iterator[tuple[int, bytes | int]]:
    """``(line number, line)`` for each non-blank line, read in chunks; a line over ``max_line``
    bytes comes as its length instead of its bytes, and ``-1`` means ``max_total`` was reached."""
    n, total, length = 1, 0, 0
    line: bytearray | None = bytearray()
    for chunk in iter(lambda: fh.read(_CHUNK), b""):
        total += len(chunk)
        if max_total is not None and total > max_total:
            yield n, -1
            return
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            piece = chunk[start:] if nl < 0 else chunk[start:nl]
            length += len(piece)
            if line is not None and length <= max_line:
                line += piece
            else:
                line = None
            if nl < 0:
                break
            if line is None:
                yield n, length
            elif line.strip():
                yield n, bytes(line)
            n, length, line = n + 1, 0, bytearray()
            start = _skip_blanks(chunk, nl + 1)
            n += chunk.count(b"\n", nl + 1, start)
    if line is None:
        yield n, length
    elif line.strip():
        yield n, bytes(line)


def _jsonl_record(raw: bytes, where: str) -> Item:
    try:
        obj = json.loads(raw.decode("utf-8", errors="strict"))
    except UnicodeDecodeError as exc:
        return Skipped(where, f"line is not valid UTF-8 (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return Skipped(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return Skipped(where, f"expected a JSON object per line, got {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    fmt, content = ("html", html) if isinstance(html, str) and html.strip() else ("text", text)
    if not isinstance(content, str) or not content.strip():
        return Skipped(where, 'no "text" or "html" field with content')
    meta = {k: obj.get(k) for k in ("url", "title", "published", "source")}
    bad = [k for k, v in meta.items() if v is not None and not isinstance(v, str)]
    if bad:
        return Skipped(where, f"field {bad[0]!r} must be a string")
    return RawDocument(path=where, fmt=fmt, content=content.replace("\x00", ""), **meta)


def _read_stdin(opts: ReadOptions) -> Iterator[Item]:
    data = sys.stdin.buffer.read(opts.max_document_bytes * GZIP_EXPANSION_FACTOR + 1)
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip([data], opts.max_document_bytes * GZIP_EXPANSION_FACTOR)
        except ValueError as exc:
            yield Skipped("-", str(exc))
            return
    first = data.lstrip()[:1]
    if first == b"{":
        yield from read_jsonl(io.BytesIO(data), "-")
    else:
        yield _document("-", data, "", opts)
