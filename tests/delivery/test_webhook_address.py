"""A form's `delivery.webhook`: https:// anywhere public, plain http:// only to this machine, and
never an address inside a network (private, link-local, shared, reserved, multicast): the
definition refuses them, so `build.py check` reports them on the webhook's line."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.forms.definition import Delivery
from tests.content.helpers import copy_small, from_cli, run_build_py, write


@pytest.mark.parametrize(
    "url",
    [
        "https://roads.gov.nm.example/hooks/portal",
        "https://8.8.8.8/hooks/portal?key=abc",
        "https://[2606:4700::1111]:8443/hook",
        "http://localhost/hook",
        "http://localhost:8080/hooks/portal",
        "http://127.0.0.1:5000",
        "http://[::1]:9000/hook",
    ],
)
def test_https_and_loopback_http_addresses_are_accepted(url):
    assert Delivery(webhook=url, secret_env="S").webhook == url


@pytest.mark.parametrize(
    "url",
    [
        "http://roads.gov.nm.example/hook",  # plain http over a network
        "http://localhost.evil.example/hook",
        "http://localhost@evil.example/hook",
        "http://127.0.0.1.evil.example/hook",
        "http://127.0.0.2/hook",
        "http://[::1]evil/hook",
        "ftp://localhost/hook",
        "https://",
        "localhost:8080/hook",
    ],
)
def test_other_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        Delivery(webhook=url, secret_env="S")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://10.0.0.5:8443/in?key=abc", "10.0.0.5, a private address"),
        ("https://172.16.4.1/hook", "172.16.4.1, a private address"),
        ("https://192.168.1.20/hook", "192.168.1.20, a private address"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("https://[fe80::1]/hook", "fe80::1, a link-local address"),
        ("https://[fd00:ec2::254]/hook", "fd00:ec2::254, a private address"),
        ("https://100.64.0.1/hook", "100.64.0.1, a shared (carrier-grade NAT) address"),
        ("https://0.0.0.0:5432/", "0.0.0.0, an unspecified address"),
        ("https://[::]/hook", "::, an unspecified address"),
        ("https://224.0.0.251/hook", "224.0.0.251, a multicast address"),
        ("https://240.0.0.1/hook", "240.0.0.1, a reserved address"),
        ("https://192.0.2.10/hook", "192.0.2.10, a private address"),  # documentation range
        ("https://[::ffff:10.0.0.1]/hook", "10.0.0.1, a private address"),  # IPv4-mapped
        ("https://[2002:a00:1::]/hook", "10.0.0.1, a private address"),  # 6to4 of 10.0.0.1
        ("https://167772161/hook", "10.0.0.1, a private address"),  # 10.0.0.1 as one number
        ("https://0xa9.254.169.254/hook", "169.254.169.254, a link-local address"),
    ],
)
def test_addresses_inside_a_network_are_refused_with_the_reason(url, says):
    with pytest.raises(ValidationError) as raised:
        Delivery(webhook=url, secret_env="S")
    assert f"points at {says}" in str(raised.value)


FORM = """\
    id: report-a-pothole
    title: Report a pothole
    organisation: roads-agency
    version: 1
    retention_days: 30
    pages:
      - id: road
        question: Which road is it on?
        type: text
    delivery:
      secret_env: POTHOLE_SECRET
      webhook: {webhook}
    """


def _check(tmp_path, webhook: str, *options: str):
    tree = copy_small(tmp_path)
    write(tree / "forms" / "report-a-pothole.yaml", FORM.format(webhook=webhook))
    result = run_build_py("check", "--content", tree, *options)
    return result, from_cli(result.stderr, tree)


def test_build_check_refuses_a_webhook_inside_a_network_on_its_line(tmp_path):
    result, problems = _check(tmp_path, "https://169.254.169.254/latest/meta-data/")
    assert result.returncode == 1
    [problem] = problems
    assert (problem.path, problem.line, problem.warning) == (
        "forms/report-a-pothole.yaml",
        12,
        False,
    )
    assert problem.message.startswith(
        "`delivery.webhook` points at 169.254.169.254, a link-local address"
    )


@pytest.mark.parametrize(
    "webhook", ["http://127.0.0.1:5432/", "https://localhost/hook", "https://app.localhost/hook"]
)
def test_build_check_warns_that_a_loopback_webhook_is_for_development_only(tmp_path, webhook):
    result, problems = _check(tmp_path, webhook)
    assert result.returncode == 0, result.stderr
    [problem] = problems
    assert (problem.line, problem.warning) == (12, True)
    assert "DELIVERY_ALLOW_LOOPBACK" in problem.message
    strict, _ = _check(tmp_path / "strict", webhook, "--strict")
    assert strict.returncode == 1


def test_build_check_accepts_a_public_webhook(tmp_path):
    result, problems = _check(tmp_path, "https://roads.gov.nm.example/hooks/portal")
    assert result.returncode == 0 and problems == [], result.stderr
