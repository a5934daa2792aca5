"""Who may read /metrics: the METRICS_TOKEN and METRICS_ALLOW settings (app/config.py).

A token is compared in constant time. Networks are CIDRs ("10.0.0.0/8", "::1"; a bare address
is one host), matched against the TCP peer's address. Each setting given is a condition of its
own: with both, a scrape must come from an allowed network *and* carry the token, so adding one
never loosens the other. With neither, there are no metrics to read (404).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BadNetworks(ValueError):
    """METRICS_ALLOW holds something that is not a network."""


def parse_networks(text: str) -> tuple[Network, ...]:
    """CIDRs separated by commas or spaces; a bad one raises BadNetworks naming it."""
    networks = []
    for item in re.split(r"[\s,]+", text.strip()):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise BadNetworks(
                f"PORTAL_METRICS_ALLOW: {item!r} is not a network: give CIDRs such as "
                "10.0.0.0/8 or 127.0.0.1/32, separated by commas"
            ) from None
    return tuple(networks)


@dataclass(frozen=True)
class MetricsAccess:
    token: str
    networks: tuple[Network, ...]

    @classmethod
    def from_settings(cls, token: str, allow: str) -> MetricsAccess:
        return cls(token.strip(), parse_networks(allow))

    @property
    def enabled(self) -> bool:
        return bool(self.token or self.networks)

    def network_allows(self, address: str | None) -> bool:
        if not self.networks:
            return True
        try:
            peer = ipaddress.ip_address((address or "").split("%")[0])
        except ValueError:
            return False
        if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped:
            peer = peer.ipv4_mapped
        return any(peer in network for network in self.networks)

    def token_allows(self, authorization: str | None) -> bool:
        if not self.token:
            return True
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode(), self.token.encode())
