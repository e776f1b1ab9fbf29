"""Refuse what a foreign web page could make a translator's browser send to the editor.

A page on any site can point a browser at 127.0.0.1, or re-point its own DNS name at it
(DNS rebinding), and then drive the editor as if it were the translator. So every request
must name this server in `Host` (a loopback name, the bound address, an IP literal when
bound to all interfaces, or a name given with `--allowed-host`), and a write that a page
sends from another origin is refused, as is a read that a page of another origin makes.
Logging out is a write too: Gradio's `/logout` is a GET, which a plain link or an image
on any site could make, so it is answered only to a POST (from the editor's own page).
"""

from __future__ import annotations

import ipaddress
import re
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketClose

from transbench.errors import InputError

# The address the request being served came from (behind a reverse proxy on this machine,
# uvicorn takes it from X-Forwarded-For): what logins are throttled by besides the name.
CLIENT: ContextVar[str] = ContextVar("client", default="")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
ALL_INTERFACES = frozenset({"0.0.0.0", "::", ""})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


_HOST_FORM = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?")


def _hostname(netloc: str) -> str | None:
    """`example.org:7860` or `[::1]:7860` → the lower-case host name; None if malformed
    (anything a browser would not send as a Host: user info, paths, fragments)."""
    if not _HOST_FORM.fullmatch(netloc):
        return None
    try:
        parts = urlsplit(f"//{netloc}")
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    return parts.hostname.rstrip(".") if parts.hostname else None


_DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]  # scheme, host name, port


def _origin(url: str) -> Origin | None:
    """`https://desk.example.org` → ("https", "desk.example.org", 443); None if it is no
    web origin."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None
    name = _hostname(parts.netloc)
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return None
    return (parts.scheme, name, port) if name else None


def _allowed_origins(entry: str) -> tuple[str, frozenset[Origin]]:
    """The host name an `--allowed-host` value names, and the page origins it trusts:
    `https://desk.example.org:8443` that origin alone; `desk.example.org:8443` http and
    https on that port; a bare name the web's default ports (https 443, http 80). Never
    every port of the name: another service on it is another site."""
    entry = entry.strip().lower()
    if "://" in entry:
        origin = _origin(entry)
        if origin is None:
            raise InputError(f"--allowed-host {entry}: not an http(s) origin")
        return origin[1], frozenset({origin})
    name = _hostname(entry)
    if name is None:
        raise InputError(f"--allowed-host {entry}: not a host name")
    port = urlsplit(f"//{entry}").port
    schemes = _DEFAULT_PORTS.items()
    return name, frozenset((scheme, name, port or default) for scheme, default in schemes)


@dataclass(frozen=True)
class HostPolicy:
    bind: str
    allowed: frozenset[str] = frozenset()
    origins: frozenset[Origin] = frozenset()

    @classmethod
    def for_server(cls, bind: str, allowed: tuple[str, ...] | list[str] = ()) -> HostPolicy:
        entries = [_allowed_origins(a) for a in allowed]
        return cls(
            bind.strip("[]").lower(),
            frozenset(name for name, _ in entries),
            frozenset(o for _, origins in entries for o in origins),
        )

    def allows(self, hostname: str | None) -> bool:
        if not hostname:
            return False
        if hostname in LOOPBACK_NAMES or hostname in self.allowed or hostname == self.bind:
            return True
        try:
            address = ipaddress.ip_address(hostname)
        except ValueError:
            return False  # a DNS name nobody configured: the rebinding case
        # An IP literal cannot be re-pointed by DNS; bound to all interfaces, any of this
        # machine's addresses may reach us.
        return self.bind in ALL_INTERFACES or address.is_loopback


class HostGuard:
    """ASGI middleware applying a `HostPolicy` to every HTTP and WebSocket request."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            CLIENT.set(str((scope.get("client") or ("",))[0]))
            problem = self.problem(scope)
            if problem:
                if scope["type"] == "websocket":
                    await WebSocketClose(code=1008, reason=problem)(scope, receive, send)
                else:
                    await PlainTextResponse(problem, status_code=403)(scope, receive, send)
                return
            if scope["type"] == "http" and self.is_logout(scope):
                if scope.get("method") != "POST":
                    refused = PlainTextResponse(
                        "log out with the editor's Log out button (a POST from its page)",
                        status_code=405,
                        headers={"Allow": "POST"},
                    )
                    await refused(scope, receive, send)
                    return
                # Passed the checks of a write above; Gradio's route answers GET only.
                scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send)

    @staticmethod
    def is_logout(scope: Scope) -> bool:
        return scope.get("path", "") in ("/logout", f"{scope.get('root_path', '')}/logout")

    def problem(self, scope: Scope) -> str | None:
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if not self.policy.allows(_hostname(host)):
            return (
                "refused: this transbench editor does not answer to that host name; "
                "start it with --allowed-host NAME to serve it under another name"
            )
        write = scope["type"] == "websocket" or scope.get("method") not in SAFE_METHODS
        if not self.same_site(headers, host, write):
            return "refused: a request sent from another web site"
        return None

    def same_site(self, headers: Headers, host: str, write: bool) -> bool:
        """Writes must come from the editor's own pages; so must any request a page of
        another origin makes (which carries Origin), reads included. A plain navigation
        (a link to the editor from elsewhere) carries no Origin and is let through."""
        if write and headers.get("sec-fetch-site") == "cross-site":
            return False
        origin = headers.get("origin")
        if origin is None:
            return True  # not sent by a browser page (API clients, curl)
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False  # "null": sandboxed frames, file:// pages
        return parts.netloc.lower() == host.lower() or _origin(origin) in self.policy.origins
