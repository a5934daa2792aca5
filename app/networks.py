"""Settings that list networks (METRICS_ALLOW, TRUSTED_PROXIES): CIDRs separated by commas or
spaces ("10.0.0.0/8, ::1"; a bare address is one host), and whether an address is in them."""

from __future__ import annotations

import ipaddress
import re

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BadNetworks(ValueError):
    """A setting of networks holds something that is not a network."""


def parse_networks(text: str, setting: str = "PORTAL_METRICS_ALLOW") -> tuple[Network, ...]:
    """CIDRs separated by commas or spaces; a bad one raises BadNetworks naming it and the
    setting it came from."""
    networks = []
    for item in re.split(r"[\s,]+", text.strip()):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise BadNetworks(
                f"{setting}: {item!r} is not a network: give CIDRs such as "
                "10.0.0.0/8 or 127.0.0.1/32, separated by commas"
            ) from None
    return tuple(networks)


def in_networks(address: str | None, networks: tuple[Network, ...]) -> bool:
    """Whether an address is in one of the networks; an IPv4 address mapped into IPv6
    (::ffff:10.0.0.1, as a dual-stack socket reports it) counts as itself. Anything that is not
    an address is in none."""
    try:
        peer = ipaddress.ip_address((address or "").strip().split("%")[0])
    except ValueError:
        return False
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped:
        peer = peer.ipv4_mapped
    return any(peer in network for network in networks)
