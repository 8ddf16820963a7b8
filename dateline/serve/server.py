"""Run the HTTP server: ``run_server`` for ``dateline serve``, ``BackgroundServer`` for tests.

Loopback by default; a write token from the argument, ``$DATELINE_TOKEN`` or a token file
created (and printed once) on first serve.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from dateline.errors import UsageError
from dateline.serve.security import (
    LOOPBACK_NAMES,
    TOKEN_ENV,
    check_token_strength,
    default_token_file,
    is_loopback,
    load_or_create_token,
)

log = logging.getLogger(__name__)

# Seconds a background server may take to accept connections before we give up.
STARTUP_TIMEOUT = 20.0


def resolve_token(token: str | None, token_file: Path | None = None, announce: bool = True) -> str:
    """The write token: argument, then ``$DATELINE_TOKEN``, then the token file (created if absent)."""
    chosen = token or os.environ.get(TOKEN_ENV)
    if chosen:
        check_token_strength(chosen)
        return chosen
    path = token_file or default_token_file()
    chosen, created = load_or_create_token(path)
    if announce and created:
        print(f"{TOKEN_ENV}={chosen}", flush=True)
        print(f"(write token generated and kept in {path}; send it as 'Authorization: Bearer <token>'"
              " to ingest; set DATELINE_TOKEN to choose your own)", flush=True)
    elif announce:
        print(f"write token: read from {path}", flush=True)
    return chosen


def allowed_hosts_for(host: str, port: int) -> list[str] | None:
    """Host names a loopback server answers to (DNS-rebinding defence); ``None`` for a public bind."""
    if not is_loopback(host):
        return None
    return sorted(LOOPBACK_NAMES | {host})


def _config(app: Any, host: str, port: int, log_level: str = "info", own_logging: bool = True) -> Any:
    """uvicorn's settings. ``own_logging``: let uvicorn configure logging (``dateline serve``, its own
    process); an embedded server leaves the host process's logging alone (uvicorn's configuration
    closes every existing handler, and a library's handler may close the stream it was given)."""
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False,
                          proxy_headers=False, timeout_keep_alive=5, access_log=False,
                          log_config=LOGGING_CONFIG if own_logging else None)


def run_server(corpus_path: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8000,
               token: str | None = None, *, token_file: Path | None = None) -> None:
    """Serve the API and web page over the store at ``corpus_path`` until interrupted."""
    import uvicorn

    from dateline.serve.app import create_app

    if not 0 <= port <= 65535:
        raise UsageError(f"port must be between 0 and 65535, got {port}")
    if not is_loopback(host):
        print(f"warning: listening on {host}, reachable from other machines; writes still need the token",
              file=sys.stderr, flush=True)
    write_token = resolve_token(token, token_file)
    app = create_app(corpus_path, token=write_token, allowed_hosts=allowed_hosts_for(host, port))
    shown = f"[{host}]" if ":" in host else host
    from dateline.store.base import redact

    print(f"dateline: serving {redact(os.fspath(corpus_path))} on http://{shown}:{port}/", flush=True)
    uvicorn.Server(_config(app, host, port)).run()


class BackgroundServer:
    """A uvicorn server in a daemon thread on a free loopback port (tests and benchmarks)."""

    def __init__(self, app: Any, host: str = "127.0.0.1", log_level: str = "warning") -> None:
        import uvicorn

        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self.server = uvicorn.Server(_config(app, host, self.port, log_level, own_logging=False))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def __enter__(self) -> BackgroundServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the background server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
