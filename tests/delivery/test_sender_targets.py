"""Where a delivery may go: the host is resolved once, refused if any of its addresses is not
public (loopback only with the development setting), and the connection goes to the vetted
address itself, with the host's name in the Host header, TLS's SNI and the certificate check.
Every failure without an answer reads the same to the agency; the detail is the operator's."""

from __future__ import annotations

import socket
import ssl
import time

import pytest
import trustme
from pytest_httpserver import HTTPServer
from werkzeug import Response

from app.delivery.sender import DEADLINE_SECONDS, post, unreachable

from .raw_receiver import RawReceiver

BODY = b'{"type":"submission.created"}'
HEADERS = {"content-type": "application/json", "webhook-id": "msg_1"}
NO_ANSWER = unreachable(DEADLINE_SECONDS)


def answer_204(connection, _stop):
    connection.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")


@pytest.fixture
def raw():
    made: list[RawReceiver] = []

    def start(answer=answer_204) -> RawReceiver:
        made.append(RawReceiver(answer))
        return made[-1]

    yield start
    for receiver in made:
        receiver.close()


class FakeDNS:
    """Names under .test answer with the addresses given (one list per lookup, the last one
    repeated); every lookup is noted. Other names go to the real resolver."""

    def __init__(self, monkeypatch):
        self.real = socket.getaddrinfo
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)

    def add(self, name: str, *answers: list[str]) -> None:
        self.answers[name] = list(answers)

    def getaddrinfo(self, host, port, *args, **kwargs):
        if not str(host).endswith(".test"):
            return self.real(host, port, *args, **kwargs)
        self.lookups.append(host)
        answers = self.answers.get(host)
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
            for address in addresses
        ]


@pytest.fixture
def dns(monkeypatch) -> FakeDNS:
    return FakeDNS(monkeypatch)


# -- loopback and other addresses inside a network ----------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_receiver_on_this_machine_is_refused_unless_the_development_setting_is_on(raw, host):
    receiver = raw()
    refused = post(receiver.url(host=host), BODY, HEADERS)
    assert not refused.sent and refused.code is None
    assert refused.error == NO_ANSWER
    assert refused.detail == (
        f"refused before connecting: {host} resolves to 127.0.0.1, a "
        "loopback address (the development setting "
        "DELIVERY_ALLOW_LOOPBACK is off)"
    )
    assert receiver.connections == 0
    allowed = post(receiver.url(host=host), BODY, HEADERS, allow_loopback=True)
    assert allowed.sent and allowed.code == 204
    assert receiver.connections == 1


@pytest.mark.parametrize(
    ("addresses", "says"),
    [
        (["93.184.216.34", "10.0.0.7"], "10.0.0.7, a private address"),
        (["169.254.169.254"], "169.254.169.254, a link-local address"),
        (["100.64.1.1"], "100.64.1.1, a shared (carrier-grade NAT) address"),
        (["0.0.0.0"], "0.0.0.0, an unspecified address"),
        (["::ffff:10.0.0.7"], "10.0.0.7, a private address"),
        (["2606:4700::1111", "fd00:ec2::254"], "fd00:ec2::254, a private address"),
        (["fe80::1"], "fe80::1, a link-local address"),
    ],
)
def test_a_name_with_any_address_inside_a_network_is_refused_even_in_development(
    dns, addresses, says
):
    dns.add("hooks.agency.test", addresses)
    outcome = post("https://hooks.agency.test/hook", BODY, HEADERS, allow_loopback=True)
    assert not outcome.sent and outcome.error == NO_ANSWER
    assert outcome.detail == f"refused before connecting: hooks.agency.test resolves to {says}"
    assert dns.lookups == ["hooks.agency.test"]


def test_an_address_written_in_the_url_is_judged_too():
    outcome = post("https://169.254.169.254/latest/meta-data/", BODY, HEADERS)
    assert outcome.error == NO_ANSWER
    assert outcome.detail == (
        "refused before connecting: 169.254.169.254 resolves to "
        "169.254.169.254, a link-local address"
    )


# -- the connection goes to the address that was vetted -----------------------------------------


def test_the_host_is_resolved_once_and_the_vetted_address_is_the_one_connected_to(dns, httpserver):
    """DNS rebinding: a second lookup would now answer with a private address; there is none."""
    httpserver.expect_request("/hook").respond_with_data("", status=204)
    dns.add("receiver.test", ["127.0.0.1"], ["10.0.0.7"])
    outcome = post(
        f"http://receiver.test:{httpserver.port}/hook", BODY, HEADERS, allow_loopback=True
    )
    assert outcome.sent, outcome
    assert dns.lookups == ["receiver.test"]
    [(request, _)] = httpserver.log
    assert request.headers["Host"] == f"receiver.test:{httpserver.port}"


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An https receiver on loopback with a certificate for receiver.test from a test CA, which
    the sender trusts through SSL_CERT_FILE (read by ssl.create_default_context); it notes the
    SNI names it is asked for."""
    authority = trustme.CA()
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("receiver.test").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.sni = []
    context.sni_callback = lambda _sock, name, _context: server.sni.append(name)
    server.expect_request("/hook").respond_with_response(Response("", status=204))
    server.start()
    yield server
    server.clear()
    server.stop()


def test_https_checks_the_certificate_and_sends_sni_for_the_name_not_the_address(dns, tls_receiver):
    dns.add("receiver.test", ["127.0.0.1"])
    outcome = post(
        f"https://receiver.test:{tls_receiver.port}/hook", BODY, HEADERS, allow_loopback=True
    )
    assert outcome.sent, outcome
    assert tls_receiver.sni == ["receiver.test"]
    [(request, _)] = tls_receiver.log
    assert request.headers["Host"] == f"receiver.test:{tls_receiver.port}"


def test_a_certificate_for_another_name_is_a_failure(dns, tls_receiver):
    dns.add("impostor.test", ["127.0.0.1"])
    outcome = post(
        f"https://impostor.test:{tls_receiver.port}/hook", BODY, HEADERS, allow_loopback=True
    )
    assert not outcome.sent and outcome.error == NO_ANSWER
    assert outcome.detail.startswith("SSLCertVerificationError")
    assert "impostor.test" in outcome.detail
    assert tls_receiver.log == []


# -- one error for every failure without an answer ----------------------------------------------


def test_no_failure_without_an_answer_can_be_told_from_another_by_its_error(dns, raw, httpserver):
    """A closed port, a port that never answers, a name that does not resolve, a TLS failure
    and a refused address: the agency (and anyone who can write a webhook) sees the same error,
    so delivery cannot be used to scan ports. The operator's detail tells them apart."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
    silent = raw(lambda _connection, stop: stop.wait(5))
    httpserver.expect_request("/hook").respond_with_data("", status=204)  # plain http
    dns.add("private.test", ["10.0.0.7"])
    urls = [
        f"http://127.0.0.1:{closed_port}/hook",
        silent.url(),
        "https://nowhere.test/hook",
        f"https://127.0.0.1:{httpserver.port}/hook",
        "https://private.test/hook",
    ]
    started = time.monotonic()
    outcomes = [post(url, BODY, HEADERS, allow_loopback=True, timeout=0.3) for url in urls]
    assert time.monotonic() - started < 5
    assert {(o.code, o.error) for o in outcomes} == {(None, NO_ANSWER)}
    details = [o.detail for o in outcomes]
    assert details[0].startswith("ConnectionRefusedError")
    assert details[1] == "no answer within 0.3 seconds"
    assert details[2].startswith("DNS: nowhere.test: gaierror")
    assert details[3].startswith("SSL")
    assert details[4] == (
        "refused before connecting: private.test resolves to 10.0.0.7, a private address"
    )
