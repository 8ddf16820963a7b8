"""How an analysed article is stored: msgspec JSON with a format version.

``FORMAT_VERSION`` names the shape of the stored JSON. A change to the fields of the
dataclasses in :mod:`dateline.data` that are stored (a rename, a removed field, a new meaning)
bumps it and adds an upgrade to :data:`UPGRADES`, which rewrites older JSON before it is
decoded, so a renamed field is migrated, never silently dropped. ``tests/test_codec.py``
keeps a fingerprint of the stored fields per version and fails when they change without a bump.
New fields with a default need no bump: older JSON simply lacks them.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from dateline.data import AnalysedArticle, DateInterval
from dateline.errors import StoreError

# 1: dateline.data.to_json (DateInterval with "precision" and "label" besides its fields);
# 2: msgspec's encoding of the same dataclasses (the interval's fields only). Version 1 decodes
# as version 2 (its extra interval keys are derived values, recomputed on load).
FORMAT_VERSION = 2

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
# version -> function turning JSON of that version into JSON of the next one
UPGRADES: dict[int, Upgrade] = {1: lambda obj: obj}

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(AnalysedArticle)


@dataclass(frozen=True, slots=True)
class StoredDates:
    """Dates a corpus-level step moved (cross-document dating), kept beside the article."""

    published: DateInterval
    event_date: DateInterval


_dates_decoder = msgspec.json.Decoder(StoredDates)


class _Text(msgspec.Struct):
    text: str = ""


class _TextOnly(msgspec.Struct):
    article: _Text = msgspec.field(default_factory=_Text)


# Reads only ``article.text`` of stored JSON (every format so far keeps it there), skipping the rest.
_text_decoder = msgspec.json.Decoder(_TextOnly)


def encode(article: AnalysedArticle) -> bytes:
    return _encoder.encode(article)


def encode_dates(published: DateInterval, event_date: DateInterval) -> bytes:
    return _encoder.encode(StoredDates(published, event_date))


def decode(data: bytes | str, version: int, dates: bytes | str | None = None) -> AnalysedArticle:
    """An article from stored JSON of format ``version`` (older formats are upgraded first)."""
    if version > FORMAT_VERSION:
        raise StoreError(
            f"an article is stored in format {version}, newer than this dateline's {FORMAT_VERSION}; upgrade dateline"
        )
    try:
        if version == FORMAT_VERSION:
            article = _decoder.decode(data)
        else:
            obj = msgspec.json.decode(data)
            for v in range(version, FORMAT_VERSION):
                obj = UPGRADES[v](obj)
            article = _decoder.decode(_encoder.encode(obj))
        if dates:
            moved = _dates_decoder.decode(dates)
            article = dataclasses.replace(article, published=moved.published, event_date=moved.event_date)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as exc:
        raise StoreError(f"a stored article cannot be read ({exc})") from exc
    return article


def article_text(data: bytes | str | None) -> str:
    """The article's text from its stored JSON, without decoding the rest (a search hit's snippet)."""
    if not data:
        return ""
    try:
        return _text_decoder.decode(data).article.text
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise StoreError(f"a stored article cannot be read ({exc})") from exc


def fingerprint(cls: type = AnalysedArticle) -> dict[str, dict[str, str]]:
    """Field names and types of every stored dataclass, reachable from ``cls``."""
    out: dict[str, dict[str, str]] = {}

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp.__name__ not in out:
            hints = typing.get_type_hints(tp)
            out[tp.__name__] = {f.name: str(hints[f.name]) for f in dataclasses.fields(tp)}
            for f in dataclasses.fields(tp):
                visit(hints[f.name])

    visit(cls)
    return out
