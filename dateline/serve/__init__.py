"""HTTP API and web page over a dateline store: ``create_app`` and ``run_server``.

Imports are lazy so that ``import dateline.serve`` costs nothing until a server is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "run_server"]


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    from dateline.serve.app import create_app as _create_app

    return _create_app(*args, **kwargs)


def run_server(*args: Any, **kwargs: Any) -> None:
    from dateline.serve.server import run_server as _run_server

    _run_server(*args, **kwargs)
