"""A form's `delivery.webhook`: https:// anywhere, plain http:// only to this machine."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.forms.definition import Delivery


@pytest.mark.parametrize("url", [
    "https://roads.gov.nm.example/hooks/portal",
    "https://10.0.0.5:8443/in?key=abc",
    "http://localhost/hook",
    "http://localhost:8080/hooks/portal",
    "http://127.0.0.1:5000",
    "http://[::1]:9000/hook",
])
def test_https_and_loopback_http_addresses_are_accepted(url):
    assert Delivery(webhook=url, secret_env="S").webhook == url


@pytest.mark.parametrize("url", [
    "http://roads.gov.nm.example/hook",  # plain http over a network
    "http://localhost.evil.example/hook",
    "http://localhost@evil.example/hook",
    "http://127.0.0.1.evil.example/hook",
    "http://127.0.0.2/hook",
    "http://[::1]evil/hook",
    "ftp://localhost/hook",
    "https://",
    "localhost:8080/hook",
])
def test_other_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        Delivery(webhook=url, secret_env="S")
