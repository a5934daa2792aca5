"""Which addresses a delivery may be sent to: public ones only.

A webhook is written by whoever edits a form, and the worker posts to it from inside the
portal's network, so an address such as 169.254.169.254 (the cloud's metadata service), 10.x or
127.0.0.1:5432 would make the portal reach what only it can reach. Every address is judged
here: when a form is checked (a host written as an address, without asking DNS) and again when
a delivery is sent (every address the host resolves to, just before connecting to one of them).

Loopback (this machine) is allowed only where the development setting DELIVERY_ALLOW_LOOPBACK is
on, so a receiver can be tried out locally; every other address inside a network stays refused
even then.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

LOOPBACK = "loopback"
# 100.64.0.0/10, carriers' NAT (RFC 6598): not global, and named apart because ipaddress does not
# count it as private.
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")


def parse_literal(host: str) -> IPAddress | None:
    """The address a URL's host names by itself, with no DNS: `10.0.0.5`, `fe80::1`, and the old
    IPv4 spellings the system resolver also accepts (`167772161`, `0xa.0.0.1`, `10.1`); None for
    a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def kind_of(address: IPAddress) -> str | None:
    """What makes `address` one a delivery is never sent to ("private", "link-local", …,
    `LOOPBACK`); None for a public (global) address."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return kind_of(embedded)
    if address.is_loopback:
        return LOOPBACK
    # Most specific first: 240.0.0.1 is both reserved and (for ipaddress) private.
    checks = (
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared (carrier-grade NAT)", address in _SHARED),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, applies in checks if applies), None)


def refusal(address: IPAddress, *, allow_loopback: bool) -> str | None:
    """Why a delivery may not go to `address` (`10.0.0.5, a private address`); None when it
    may."""
    kind = kind_of(address)
    if kind is None or (kind == LOOPBACK and allow_loopback):
        return None
    shown = _embedded_ipv4(address) or address
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{shown}, {article} {kind} address"


def is_loopback_name(host: str) -> bool:
    """`localhost` and the names under it, which always mean this machine (RFC 6761)."""
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(".localhost")


def points_at_this_machine(url: str) -> bool:
    """Whether the URL's host is loopback as written (`localhost`, `127.0.0.1`, `[::1]`)."""
    host = urlsplit(url).hostname or ""
    address = parse_literal(host)
    return is_loopback_name(host) or (address is not None and kind_of(address) == LOOPBACK)


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries and reaches: IPv4-mapped (::ffff:10.0.0.1), 6to4
    (2002:a00:1::) and a Teredo client; None otherwise."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None
