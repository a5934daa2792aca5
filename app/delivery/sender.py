"""One HTTP POST to a receiver, to a vetted public address, within a deadline, without following
redirects (standard library).

Whatever happens comes back as an Outcome, never as an exception: a complete 2xx answer is a
success; any other status is a failed attempt saying which. Every failure without a complete
answer (the host's addresses refused, DNS, a refused connection, a timeout, TLS, an answer cut
off or not finished by the deadline) gets one and the same `error`, which is stored and shown to
the agency: a webhook must not become a way to learn which ports of which hosts are open. What
really happened is in `detail`, for the operator's log only.

The host is resolved once; if any of its addresses is not public (app/delivery/address.py) the
attempt stops there. Otherwise the connection goes to those very addresses, never to a second
lookup that DNS could answer differently, while the Host header, TLS's SNI and the certificate
check still use the host's name.

The receiver's answer is read to its end (Content-Length or chunked framing) and thrown away: it
is not stored, as it may echo the submission.
"""

from __future__ import annotations

import functools
import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import urlsplit

from app.outbox.queue import Outcome

from .address import LOOPBACK, kind_of, refusal

TIMEOUT_SECONDS = 10.0  # to connect, and for each read of the answer
# The whole attempt: DNS, connecting, TLS, sending, and the whole answer. Without it a receiver
# trickling a byte every few seconds held an attempt (and the worker) for minutes.
DEADLINE_SECONDS = 15.0
USER_AGENT = "Portal-Delivery/1"
_READ_CHUNK = 64 * 1024  # the answer is read and discarded this much at a time


def unreachable(deadline: float) -> str:
    """The one error for every failure without a complete answer, whatever the cause."""
    return (
        f"no complete answer: the webhook could not be reached, or did not answer in full "
        f"within {deadline:g} seconds"
    )


class _Failed(Exception):
    """No complete answer; `detail` says why, for the operator's log."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float = TIMEOUT_SECONDS,
    deadline: float = DEADLINE_SECONDS,
    allow_loopback: bool = False,
) -> Outcome:
    started = time.monotonic()
    ends = started + deadline

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if parts.scheme not in ("https", "http") or not parts.hostname or port is None:
        return Outcome(None, f"cannot post to {url!r}: not an http(s) address", 0)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        addresses = _vetted_addresses(parts.hostname, port, ends, allow_loopback)
        connection = _connection(parts.scheme, parts.hostname, port, addresses, timeout, ends)
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    **headers,
                    "user-agent": USER_AGENT,
                    "content-length": str(len(body)),
                    "connection": "close",
                },
            )
            response = connection.getresponse()
            _read_to_the_end(response)
        finally:
            connection.close()
    except _Failed as failure:
        return Outcome(None, unreachable(deadline), elapsed(), failure.detail)
    except (OSError, http.client.HTTPException) as error:  # refused, timeout, TLS, cut off
        return Outcome(None, unreachable(deadline), elapsed(), _describe(error, ends, timeout))
    status = response.status
    if 200 <= status < 300:
        return Outcome(status, None, elapsed())
    if 300 <= status < 400:
        return Outcome(
            status,
            f"the receiver answered {status} {response.reason}: redirects "
            "are not followed, give the final address as the webhook",
            elapsed(),
        )
    return Outcome(status, f"the receiver answered {status} {response.reason}".rstrip(), elapsed())


# -- where to connect ---------------------------------------------------------------------------

Target = tuple[int, tuple]  # an address family and a socket address, as getaddrinfo gives them


def _vetted_addresses(host: str, port: int, ends: float, allow_loopback: bool) -> list[Target]:
    """Every address `host` resolves to, once; refused if any one of them is not public, since
    a later connection could go to any of them."""
    targets: list[Target] = []
    for family, _type, _proto, _name, sockaddr in _resolve(host, port, ends):
        address = ipaddress.ip_address(sockaddr[0])
        reason = refusal(address, allow_loopback=allow_loopback)
        if reason:
            off = (
                " (the development setting DELIVERY_ALLOW_LOOPBACK is off)"
                if kind_of(address) == LOOPBACK
                else ""
            )
            raise _Failed(f"refused before connecting: {host} resolves to {reason}{off}")
        if (family, sockaddr) not in targets:
            targets.append((family, sockaddr))
    if not targets:
        raise _Failed(f"DNS: {host} has no address")
    return targets


def _resolve(host: str, port: int, ends: float) -> list:
    """getaddrinfo within the deadline. The system resolver cannot be interrupted, so it runs in
    a thread of its own that is left to finish if the deadline comes first."""
    found: dict[str, object] = {}

    def lookup() -> None:
        try:
            found["infos"] = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except (OSError, UnicodeError) as error:
            found["error"] = error

    thread = threading.Thread(target=lookup, name="delivery-dns", daemon=True)
    thread.start()
    thread.join(max(0.0, ends - time.monotonic()))
    if thread.is_alive():
        raise _Failed(f"DNS: no address for {host} before the deadline")
    if "error" in found:
        error = found["error"]
        raise _Failed(f"DNS: {host}: {type(error).__name__}: {error}")
    return found["infos"]  # type: ignore[return-value]


def _open_socket(targets: list[Target], timeout: float, ends: float) -> socket.socket:
    """A TCP connection to the first vetted address that answers."""
    last: OSError | None = None
    for family, sockaddr in targets:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_left(timeout, ends))
            sock.connect(sockaddr)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError as error:
            sock.close()
            last = error
    assert last is not None  # targets is never empty
    raise last


def _left(timeout: float, ends: float) -> float:
    """The time a blocking step may take: its own timeout, cut to what is left of the
    deadline."""
    left = ends - time.monotonic()
    if left <= 0:
        raise TimeoutError("the attempt's deadline has passed")
    return min(timeout, left)


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the vetted addresses; the Host header still names the host."""

    def __init__(self, host: str, port: int, targets: list[Target], timeout: float, ends: float):
        super().__init__(host, port, timeout=timeout)
        self._targets, self._ends = targets, ends
        self.response_class = functools.partial(_CompleteResponse, ends=ends, timeout=timeout)

    def connect(self) -> None:
        self.sock = _open_socket(self._targets, self.timeout, self._ends)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """Connects to the vetted addresses, and checks the certificate against the host's name,
    which it also sends as SNI and in the Host header."""

    def __init__(self, host: str, port: int, targets: list[Target], timeout: float, ends: float):
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._targets, self._ends = targets, ends
        self.response_class = functools.partial(_CompleteResponse, ends=ends, timeout=timeout)

    def connect(self) -> None:
        sock = _open_socket(self._targets, self.timeout, self._ends)
        try:
            sock.settimeout(_left(self.timeout, self._ends))  # the handshake
            self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock.settimeout(_left(self.timeout, self._ends))  # sending the request


def _connection(
    scheme: str, host: str, port: int, targets: list[Target], timeout: float, ends: float
) -> http.client.HTTPConnection:
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return kind(host, port, targets, timeout, ends)


# -- reading the whole answer in time -----------------------------------------------------------


class _DeadlineReader(io.RawIOBase):
    """The socket read with each read's timeout cut to what is left of the deadline, so no
    answer, however slowly it trickles, outlasts the attempt. It reads through the socket's own
    unbuffered file, which keeps the socket open until the answer is read, as http.client
    expects when the receiver says `Connection: close`."""

    def __init__(self, sock: socket.socket, ends: float, timeout: float):
        super().__init__()
        self._sock, self._ends, self._timeout = sock, ends, timeout
        self._raw = sock.makefile("rb", buffering=0)
        self.ended = False  # the receiver closed the connection

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self._sock.settimeout(_left(self._timeout, self._ends))
        read = self._raw.readinto(buffer)
        self.ended = self.ended or read == 0
        return read

    def close(self) -> None:
        self._raw.close()
        super().close()


class _CompleteResponse(http.client.HTTPResponse):
    """http.client's response, reading through a _DeadlineReader, and refusing headers that the
    connection cut off (http.client takes the end of the stream as the end of the headers)."""

    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: str | None = None,
        url: str | None = None,
        *,
        ends: float,
        timeout: float,
    ):
        super().__init__(sock, debuglevel, method, url)
        self.fp.close()  # the plain file http.client made; this one keeps the deadline
        self._reader = _DeadlineReader(sock, ends, timeout)
        self.fp = io.BufferedReader(self._reader)

    def begin(self) -> None:
        super().begin()
        # Complete headers end with an empty line, read before the stream ends.
        if self._reader.ended:
            raise _Failed("the answer was cut off in its headers")


def _read_to_the_end(response: http.client.HTTPResponse) -> None:
    """Read and discard the whole body. Only a complete answer counts: chunked framing cut off
    raises IncompleteRead; a Content-Length not reached before the connection closed is checked
    here, since http.client's read(amount) then just returns nothing."""
    while response.read(_READ_CHUNK):
        pass
    if response.length:
        raise _Failed(
            f"the answer was cut off: {response.length} bytes of its Content-Length never came"
        )


def _describe(error: BaseException, ends: float, timeout: float) -> str:
    if isinstance(error, TimeoutError):
        if time.monotonic() >= ends - 0.01:
            return "no complete answer before the attempt's deadline"
        return f"no answer within {timeout:g} seconds"
    if isinstance(error, http.client.IncompleteRead):  # chunked framing that ends too soon
        return "the answer was cut off: its chunked body ended before the last chunk"
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"
