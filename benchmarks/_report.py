"""What the benchmark scripts do alike: print their JSON (and keep a copy), and switch a module's
settings for one run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def emit(result: dict[str, Any], out: Path | None) -> int:
    """Print ``result`` as indented JSON and write the same text to ``out`` when given; exit code 0."""
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    return 0


@contextmanager
def patched(target: object, values: dict[str, Any]) -> Iterator[None]:
    """``target``'s attributes set to ``values`` for the block, put back after (also on error)."""
    saved = {k: getattr(target, k) for k in values}
    for k, v in values.items():
        setattr(target, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(target, k, v)
