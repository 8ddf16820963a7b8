"""Security defaults of the HTTP layer: write token, body-size limit, headers, host check.

Everything here is plain ASGI or a FastAPI dependency so that :mod:`dateline.serve.app`
stays a thin adapter over the library.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TOKEN_ENV = "DATELINE_TOKEN"
# 24 random bytes, url-safe: 32 characters, far beyond guessing over HTTP.
TOKEN_BYTES = 24
# Shorter tokens set by hand are refused: 16 characters of a password is the least we accept.
MIN_TOKEN_CHARS = 16
# Whole request body limit. Uploads are the only large bodies; 32 MB holds a few thousand
# articles as JSONL, and bigger batches belong to `dateline ingest`, which streams from disk.
MAX_BODY_BYTES = 32 * 1024 * 1024

# Content-Security-Policy: nothing inline, nothing from another origin. The page is
# one HTML file plus app.js and app.css served from the same origin.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# -- token ---------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_token_strength(token: str) -> None:
    from dateline.errors import UsageError

    if len(token) < MIN_TOKEN_CHARS:
        raise UsageError(f"the write token must have at least {MIN_TOKEN_CHARS} characters, got {len(token)}")


def token_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; no token configured means writes are refused."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def token_from_headers(authorization: str | None, header_token: str | None) -> str | None:
    """``Authorization: Bearer <token>`` or ``X-Dateline-Token: <token>``."""
    if header_token:
        return header_token.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def load_or_create_token(token_file: Path) -> tuple[str, bool]:
    """The token kept in ``token_file`` (mode 0600), created on first use; returns (token, created)."""
    try:
        text = token_file.read_text(encoding="utf-8").strip()
        if len(text) >= MIN_TOKEN_CHARS:
            return text, False
    except FileNotFoundError:
        pass
    token = new_token()
    token_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    return token, True


def default_token_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "dateline" / "token"


# -- hosts ---------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``[::1]``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


# -- ASGI middleware -------------------------------------------------------------------


async def _send_json(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + list(SECURITY_HEADERS)})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when a streamed body passes the limit."""


class SecurityMiddleware:
    """Adds security headers, enforces the body limit and (optionally) the Host header.

    The Host check defends a loopback server against DNS rebinding: a page on another
    site that resolves its own name to 127.0.0.1 still sends its own name as Host.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES,
                 allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in self.allowed_hosts:
            await _send_json(send, 421, "this server only answers to its own host name")
            return
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await _send_json(send, 413, self._too_large())
            return
        await self._call_limited(scope, receive, send)

    def _too_large(self) -> str:
        return f"request body is over the {self.max_body_bytes // (1024 * 1024)} MB limit"

    async def _call_limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise BodyTooLarge()
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, self._too_large())
