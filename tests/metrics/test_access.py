"""Who may read /metrics, as a rule: the token, the networks, both, neither."""

from __future__ import annotations

import pytest

from app.metrics.access import MetricsAccess
from app.networks import BadNetworks, parse_networks


def test_networks_are_cidrs_or_addresses_separated_by_commas_or_spaces():
    networks = parse_networks(" 10.0.0.0/8, 127.0.0.1  ::1,192.168.1.7")
    assert [str(n) for n in networks] == ["10.0.0.0/8", "127.0.0.1/32", "::1/128", "192.168.1.7/32"]
    assert parse_networks("") == ()


def test_a_bad_network_is_named_with_what_to_give():
    with pytest.raises(BadNetworks, match=r"'10\.0\.0\.300/8' is not a network.*CIDRs"):
        parse_networks("127.0.0.1, 10.0.0.300/8")


def test_neither_setting_means_no_metrics():
    assert not MetricsAccess.from_settings("", "").enabled
    assert MetricsAccess.from_settings("t", "").enabled
    assert MetricsAccess.from_settings("", "10.0.0.0/8").enabled


def test_the_network_is_the_peers_address_ipv4_mapped_addresses_included():
    access = MetricsAccess.from_settings("", "10.1.0.0/16, ::1")
    assert access.network_allows("10.1.200.3")
    assert access.network_allows("::ffff:10.1.2.3")
    assert access.network_allows("::1")
    assert not access.network_allows("10.2.0.1")
    assert not access.network_allows(None)
    assert not access.network_allows("not an address")


def test_the_token_is_a_bearer_token_and_nothing_else_passes():
    access = MetricsAccess.from_settings("s3cret", "")
    assert access.token_allows("Bearer s3cret")
    assert access.token_allows("bearer s3cret")
    for header in (None, "", "Bearer", "Bearer wrong", "Basic s3cret", "s3cret", "Bearer s3cretX"):
        assert not access.token_allows(header), header
    # Without a token setting, any header passes (the networks decide).
    assert MetricsAccess.from_settings("", "::1").token_allows(None)
