"""Who the client is when the service runs behind proxies: the TRUSTED_PROXIES setting.

Behind nginx every request comes from nginx's address, so whatever is counted per client (the
rate limits, the logs' `remote_addr`) would count every citizen as one. nginx says who it was
talking to in X-Forwarded-For, but any client can send that header too, so it is believed only
from a proxy the operator named: TRUSTED_PROXIES, CIDRs such as "10.0.0.5/32, 10.0.1.0/24".

When the TCP peer is a trusted proxy, the client is read from X-Forwarded-For from the right
(each proxy appends the address it was talking to): the first address that is not a trusted
proxy itself is the client. A chain of trusted proxies (a CDN's edge, then nginx) is walked
through; an address a client wrote further left is never reached while a proxy we trust stands
to its right. If an entry is not an address, the walk stops at the last trusted hop, which is
then the client (a request keyed on a proxy is limited, never freed). With the peer not trusted,
or the setting empty, the header is ignored: the client is the peer.

The middleware sets REMOTE_ADDR to the client, so Flask's `request.remote_addr`, the rate
limits and the access logs all see it, and keeps the peer's own address in the environ
(`peer_address`) for what must be decided on the connection itself: /metrics' allowed networks.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Request

from app.networks import Network, in_networks, parse_networks

# The TCP peer's address, whoever the client was found to be.
PEER = "portal.peer_addr"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def forwarded_client(peer: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The client's address, given a peer that is a trusted proxy and its X-Forwarded-For."""
    client = peer
    for entry in reversed(forwarded_for.split(",")):
        address = entry.strip()
        if not address:
            continue
        if not in_networks(address, trusted):
            # Either the client, or not an address at all: then the last trusted hop stands.
            return address if _is_address(address) else client
        client = address
    return client  # every hop was a trusted proxy: the leftmost is the client


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return False
    return True


class TrustedProxies:
    """WSGI middleware: REMOTE_ADDR becomes the client behind the trusted proxies."""

    def __init__(self, wsgi_app: WsgiApp, trusted: tuple[Network, ...]):
        self.wsgi_app = wsgi_app
        self.trusted = trusted

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        peer = environ.get("REMOTE_ADDR") or ""
        environ[PEER] = peer
        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
        if forwarded_for and in_networks(peer, self.trusted):
            environ["REMOTE_ADDR"] = forwarded_client(peer, forwarded_for, self.trusted)
        return self.wsgi_app(environ, start_response)


def peer_address(request: Request) -> str | None:
    """The address of the connection itself (a proxy's, behind one), not the client's."""
    return request.environ.get(PEER, request.remote_addr)


def init_client_address(app: Flask) -> None:
    """Wrap the app when TRUSTED_PROXIES names any (app/startup.py has refused a bad value)."""
    trusted = parse_networks(app.config["TRUSTED_PROXIES"], "PORTAL_TRUSTED_PROXIES")
    if trusted:
        app.wsgi_app = TrustedProxies(app.wsgi_app, trusted)
