"""One HTTP POST to a receiver, with timeouts and without following redirects (standard library).

Whatever happens comes back as an Outcome, never as an exception: a 2xx is a success; any other
status, a refused connection, a timeout or a TLS failure is a failed attempt with a short error
saying which. The receiver's answer is read (a little of it) and thrown away: it is not stored,
as it may echo the submission.
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10.0  # to connect, and for each read of the answer
USER_AGENT = "Portal-Delivery/1"
_READ_LIMIT = 64 * 1024  # enough to finish a normal answer politely


@dataclass(frozen=True)
class Outcome:
    status_code: int | None  # None: no HTTP answer at all
    error: str | None  # None when delivered
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.error is None


def post(url: str, body: bytes, headers: dict[str, str], *,
         timeout: float = TIMEOUT_SECONDS) -> Outcome:
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return Outcome(None, f"cannot post to {url!r}: not an http(s) address", 0)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers={
            **headers, "user-agent": USER_AGENT, "content-length": str(len(body)),
            "connection": "close"})
        response = connection.getresponse()
        response.read(_READ_LIMIT)
        status = response.status
    except (OSError, http.client.HTTPException) as error:  # refused, timeout, TLS, bad answer
        return Outcome(None, _describe(error, timeout), elapsed())
    finally:
        connection.close()
    if 200 <= status < 300:
        return Outcome(status, None, elapsed())
    if 300 <= status < 400:
        return Outcome(status, f"the receiver answered {status} {response.reason}: redirects "
                               "are not followed, give the final address as the webhook",
                       elapsed())
    return Outcome(status, f"the receiver answered {status} {response.reason}".rstrip(),
                   elapsed())


def _describe(error: BaseException, timeout: float) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} seconds"
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"
