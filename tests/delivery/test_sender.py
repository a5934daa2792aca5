"""One POST to a real server on loopback: what counts as delivered, and how each kind of failure
is reported (a status, a refused connection, a timeout, a redirect that is not followed)."""

from __future__ import annotations

import socket
import time

from werkzeug import Response

from app.delivery.sender import USER_AGENT, post

BODY = b'{"type":"submission.created"}'
HEADERS = {"content-type": "application/json", "webhook-id": "msg_1"}


def test_a_2xx_answer_is_delivered_and_the_body_and_headers_arrive_as_sent(httpserver):
    httpserver.expect_oneshot_request("/hook", method="POST", data=BODY,
                                      headers={"webhook-id": "msg_1",
                                               "user-agent": USER_AGENT}).respond_with_data(
        "", status=204)
    outcome = post(httpserver.url_for("/hook?agency=7"), BODY, HEADERS)
    assert outcome.delivered and outcome.status_code == 204 and outcome.error is None
    assert outcome.duration_ms >= 0
    httpserver.check_assertions()
    [(request, _)] = httpserver.log
    assert request.query_string == b"agency=7"


def test_any_other_status_is_a_failed_attempt_with_that_status(httpserver):
    httpserver.expect_request("/hook").respond_with_data("no", status=503)
    outcome = post(httpserver.url_for("/hook"), BODY, HEADERS)
    assert not outcome.delivered
    assert outcome.status_code == 503
    assert outcome.error == "the receiver answered 503 SERVICE UNAVAILABLE"


def test_a_redirect_is_not_followed(httpserver):
    httpserver.expect_request("/hook").respond_with_response(
        Response("", status=307, headers={"Location": httpserver.url_for("/elsewhere")}))
    httpserver.expect_request("/elsewhere").respond_with_data("", status=200)
    outcome = post(httpserver.url_for("/hook"), BODY, HEADERS)
    assert outcome.status_code == 307 and not outcome.delivered
    assert "redirects are not followed" in outcome.error
    assert [request.path for request, _ in httpserver.log] == ["/hook"]


def test_a_refused_connection_is_a_failed_attempt_with_no_status():
    with socket.socket() as closed:  # a port that was just free and nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    outcome = post(f"http://127.0.0.1:{port}/hook", BODY, HEADERS)
    assert outcome.status_code is None and not outcome.delivered
    assert outcome.error.startswith("ConnectionRefusedError")


def test_a_receiver_that_does_not_answer_in_time_is_a_timeout(httpserver):
    def slow(_request):
        time.sleep(0.6)
        return Response("", status=200)

    httpserver.expect_request("/hook").respond_with_handler(slow)
    started = time.monotonic()
    outcome = post(httpserver.url_for("/hook"), BODY, HEADERS, timeout=0.2)
    assert time.monotonic() - started < 0.55
    assert outcome.status_code is None and outcome.error == "no answer within 0.2 seconds"


def test_an_address_that_is_not_http_is_refused_without_a_connection():
    outcome = post("ftp://127.0.0.1/hook", BODY, HEADERS)
    assert outcome.status_code is None and "not an http(s) address" in outcome.error
