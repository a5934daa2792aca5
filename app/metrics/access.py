"""Who may read /metrics: the METRICS_TOKEN and METRICS_ALLOW settings (app/config.py).

A token is compared in constant time. Networks are CIDRs ("10.0.0.0/8", "::1"; a bare address
is one host), matched against the TCP peer's address. Each setting given is a condition of its
own: with both, a scrape must come from an allowed network *and* carry the token, so adding one
never loosens the other. With neither, there are no metrics to read (404).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from app.networks import Network, in_networks, parse_networks


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
        return in_networks(address, self.networks)

    def token_allows(self, authorization: str | None) -> bool:
        if not self.token:
            return True
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode(), self.token.encode())
