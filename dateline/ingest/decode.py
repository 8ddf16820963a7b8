"""Bytes -> text, with a clear reason when a file is not text at all."""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

# A text file has almost no control characters besides tab/newline/carriage return.
# 1% tolerates a stray form feed or escape; binary files are far above it.
MAX_CONTROL_SHARE = 0.01
# At most one NUL byte per this many bytes (and no more than two in a short file) is a stray
# artefact in a text file; binary files have far more.
MAX_NUL_SHARE = 1000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY_ENCODINGS = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "cp1251", "windows-1251",
                     "iso8859_2", "cp1250", "windows-1250", "koi8_r", "mac_roman", "cp1253", "iso8859_7"}


class NotText(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(sample)


def _looks_utf16_without_bom(data: bytes) -> str | None:
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode a document: BOMs, UTF-8, BOM-less UTF-16, then a legacy 8-bit encoding.

    Raises :class:`NotText` for empty or binary input.
    """
    if not data.strip():
        raise NotText("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), enc)
    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), utf16)
    if b"\x00" in data[:20000]:
        return _with_nuls(data)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        return _legacy(data, exc)


def _with_nuls(data: bytes) -> Decoded:
    """A few stray NUL bytes in otherwise valid UTF-8 text (a scraper's artefact) are removed;
    anything else with NUL bytes is binary."""
    nuls = data.count(0)
    if nuls > max(2, len(data) // MAX_NUL_SHARE):
        raise NotText("binary file (contains NUL bytes)")
    try:
        text = data.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        raise NotText("binary file (contains NUL bytes and is not UTF-8 text)") from None
    decoded = _checked(text, "utf-8")
    warning = f"removed {nuls} NUL byte{'s' if nuls > 1 else ''} from UTF-8 text"
    log.warning(warning)
    return Decoded(decoded.text, decoded.encoding, warning)


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252 (raises if undefined there)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252"), exc.end


codecs.register_error("dateline-cp1252", _cp1252_bytes)


def _legacy(data: bytes, exc: UnicodeDecodeError) -> Decoded:
    """Invalid UTF-8: the bytes that are not UTF-8 are read as Windows-1252 (by far the commonest
    legacy encoding of English pages; this also mends a UTF-8 file with a pasted Windows-1252 line)
    when that gives clean text, else the whole file as charset-normalizer's best guess."""
    encoding = "cp1252"
    try:
        text = data.decode("utf-8", errors="dateline-cp1252")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
        if best is None or best.encoding.lower() not in _LEGACY_ENCODINGS:
            raise NotText(f"not valid UTF-8 (bad byte at offset {exc.start}) and no other text encoding fits") from None
        encoding = best.encoding
        text = data.decode(encoding, errors="replace")
    decoded = _checked(text, encoding)
    what = "the bytes that are not UTF-8 read as cp1252" if encoding == "cp1252" else f"read as {encoding}"
    warning = f"not valid UTF-8 (bad byte at offset {exc.start}); {what}"
    log.warning(warning)
    return Decoded(decoded.text, decoded.encoding, warning)


def _checked(text: str, encoding: str) -> Decoded:
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise NotText(f"binary file (too many control characters for {encoding} text)")
    text = text.replace("\x00", "")
    if not text.strip():
        raise NotText("empty file")
    return Decoded(text, encoding)
