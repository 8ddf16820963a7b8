"""Bytes -> text, with a clear reason when a file is not text at all."""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

# A text file has almost no control characters besides tab/newline/carriage return.
# 1% tolerates a stray form feed or escape; binary files are far above it.
MAX_CONTROL_SHARE = 0.01
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
        raise NotText("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        return _legacy(data, exc)


def _legacy(data: bytes, exc: UnicodeDecodeError) -> Decoded:
    """Invalid UTF-8: read it as Windows-1252 (by far the commonest legacy encoding of
    English pages) when that gives clean text, else as charset-normalizer's best guess."""
    encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
        if best is None or best.encoding.lower() not in _LEGACY_ENCODINGS:
            raise NotText(f"not valid UTF-8 (bad byte at offset {exc.start}) and no other text encoding fits") from None
        encoding = best.encoding
        text = data.decode(encoding, errors="replace")
    decoded = _checked(text, encoding)
    warning = f"not valid UTF-8 (bad byte at offset {exc.start}); read as {encoding}"
    log.warning(warning)
    return Decoded(decoded.text, decoded.encoding, warning)


def _checked(text: str, encoding: str) -> Decoded:
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise NotText(f"binary file (too many control characters for {encoding} text)")
    text = text.replace("\x00", "")
    if not text.strip():
        raise NotText("empty file")
    return Decoded(text, encoding)
