"""One POST to a real server on loopback (allowed here by `allow_loopback`, the development
setting): what counts as delivered (a complete 2xx answer, within the attempt's deadline), and how
each kind of failure is reported (a status, a redirect that is not followed; without an answer,
one generic error and the detail for the operator)."""

from __future__ import annotations

import socket
import time

import pytest
from werkzeug import Response

from app.delivery.sender import DEADLINE_SECONDS, USER_AGENT, post, unreachable

from .raw_receiver import RawReceiver

BODY = b'{"type":"submission.created"}'
HEADERS = {"content-type": "application/json", "webhook-id": "msg_1"}


def send(url: str, **options):
    return post(url, BODY, HEADERS, allow_loopback=True, **options)


def test_a_2xx_answer_is_delivered_and_the_body_and_headers_arrive_as_sent(httpserver):
    httpserver.expect_oneshot_request(
        "/hook", method="POST", data=BODY, headers={"webhook-id": "msg_1", "user-agent": USER_AGENT}
    ).respond_with_data("", status=204)
    outcome = send(httpserver.url_for("/hook?agency=7"))
    assert outcome.sent and outcome.code == 204 and outcome.error is None
    assert outcome.duration_ms >= 0
    httpserver.check_assertions()
    [(request, _)] = httpserver.log
    assert request.query_string == b"agency=7"
    assert request.headers["Host"] == f"localhost:{httpserver.port}"


def test_any_other_status_is_a_failed_attempt_with_that_status(httpserver):
    httpserver.expect_request("/hook").respond_with_data("no", status=503)
    outcome = send(httpserver.url_for("/hook"))
    assert not outcome.sent
    assert outcome.code == 503
    assert outcome.error == "the receiver answered 503 SERVICE UNAVAILABLE"


def test_a_redirect_is_not_followed(httpserver):
    httpserver.expect_request("/hook").respond_with_response(
        Response("", status=307, headers={"Location": httpserver.url_for("/elsewhere")})
    )
    httpserver.expect_request("/elsewhere").respond_with_data("", status=200)
    outcome = send(httpserver.url_for("/hook"))
    assert outcome.code == 307 and not outcome.sent
    assert "redirects are not followed" in outcome.error
    assert [request.path for request, _ in httpserver.log] == ["/hook"]


def test_a_refused_connection_is_a_failed_attempt_with_no_status():
    with socket.socket() as closed:  # a port that was just free and nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    outcome = send(f"http://127.0.0.1:{port}/hook")
    assert outcome.code is None and not outcome.sent
    assert outcome.error == unreachable(DEADLINE_SECONDS)
    assert outcome.detail.startswith("ConnectionRefusedError")


def test_a_receiver_that_does_not_answer_in_time_is_a_timeout(httpserver):
    def slow(_request):
        time.sleep(0.6)
        return Response("", status=200)

    httpserver.expect_request("/hook").respond_with_handler(slow)
    started = time.monotonic()
    outcome = send(httpserver.url_for("/hook"), timeout=0.2)
    assert time.monotonic() - started < 0.55
    assert outcome.code is None and outcome.error == unreachable(DEADLINE_SECONDS)
    assert outcome.detail == "no answer within 0.2 seconds"


def test_an_address_that_is_not_http_is_refused_without_a_connection():
    outcome = send("ftp://127.0.0.1/hook")
    assert outcome.code is None and "not an http(s) address" in outcome.error


# -- only a complete answer, within the deadline, counts ----------------------------------------

OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"


@pytest.fixture
def raw():
    made: list[RawReceiver] = []

    def start(answer) -> RawReceiver:
        made.append(RawReceiver(answer))
        return made[-1]

    yield start
    for receiver in made:
        receiver.close()


def test_each_attempt_has_a_15_second_deadline_by_default():
    assert DEADLINE_SECONDS == 15


def test_a_receiver_trickling_a_200_is_cut_off_at_the_deadline(raw):
    """A byte every 0.1 s never trips the 10 s timeout of each read: only the deadline ends it.
    Answered in full, this 200 would take about 7 seconds."""
    whole = OK_HEAD + b"Content-Length: 20\r\n\r\n" + b"x" * 20

    def trickle(connection, stop):
        for byte in whole:
            connection.sendall(bytes([byte]))
            if stop.wait(0.1):
                return

    receiver = raw(trickle)
    started = time.monotonic()
    outcome = send(receiver.url(), deadline=1.0)
    took = time.monotonic() - started
    assert 1.0 <= took < 3, took  # answered in full it would take 7 s
    assert not outcome.sent and outcome.code is None
    assert outcome.error == unreachable(1.0)
    assert outcome.detail == "no complete answer before the attempt's deadline"


def test_a_200_cut_off_before_its_content_length_is_not_delivered(raw):
    def cut(connection, _stop):
        connection.sendall(OK_HEAD + b"Content-Length: 100\r\n\r\n" + b"x" * 10)

    outcome = send(raw(cut).url())
    assert not outcome.sent and outcome.code is None
    assert outcome.error == unreachable(DEADLINE_SECONDS)
    assert outcome.detail == "the answer was cut off: 90 bytes of its Content-Length never came"


def test_a_chunked_200_cut_off_before_its_last_chunk_is_not_delivered(raw):
    def cut(connection, _stop):
        connection.sendall(OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")

    outcome = send(raw(cut).url())
    assert not outcome.sent and outcome.code is None
    assert outcome.detail == (
        "the answer was cut off: its chunked body ended before the last chunk"
    )


def test_a_200_whose_headers_never_end_is_not_delivered(raw):
    def cut(connection, _stop):
        connection.sendall(OK_HEAD)

    outcome = send(raw(cut).url())
    assert not outcome.sent and outcome.code is None
    assert outcome.detail == "the answer was cut off in its headers"


@pytest.mark.parametrize("framing", ["content-length", "chunked", "until-close"])
def test_a_complete_200_is_delivered_even_with_a_body_far_over_the_read_size(raw, framing):
    """The body is read to its end and thrown away, 64 KiB at a time."""
    body = b"y" * (1024 * 1024)

    def whole(connection, _stop):
        if framing == "content-length":
            connection.sendall(OK_HEAD + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        elif framing == "chunked":
            chunks = b"".join(
                b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:700_000], body[700_000:])
            )
            connection.sendall(
                OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
            )
        else:  # no length: the body ends when the connection closes, as HTTP allows
            connection.sendall(OK_HEAD + b"Connection: close\r\n\r\n" + body)

    outcome = send(raw(whole).url())
    assert outcome.sent and outcome.code == 200, outcome
