"""The virus scan: ClamAV's daemon, clamd, over its own protocol, when CLAMD_ADDRESS is set.

    zINSTREAM\\0, then the file as chunks (a 4-byte big-endian length, then that many bytes),
    then a zero-length chunk; clamd answers one line ending in \\0:
        stream: OK                       clean
        stream: Eicar-Signature FOUND    a virus, named
        INSTREAM size limit exceeded. ERROR, or anything else ending in ERROR: not scanned

The address is `tcp://host:port` (clamd's TCPSocket, 3310 by convention) or `unix:///path` (its
LocalSocket). A scan that cannot be made (refused, an ERROR, no answer within the timeout) raises
ScanFailed: the file is refused, never stored unscanned. clamd's StreamMaxLength (25 MB by
default) must be above the largest file a question takes.
"""

from __future__ import annotations

import socket
import struct
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK = 64 * 1024
MAX_REPLY = 4096


class ScanFailed(Exception):
    """The file could not be scanned; the message says why, for the log."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str | None = None  # the virus clamd named


@dataclass(frozen=True)
class Clamd:
    address: str  # tcp://host:port or unix:///path
    timeout: float = 10.0  # seconds for the whole scan, connecting included

    def scan(self, data: bytes) -> Verdict:
        ends = time.monotonic() + self.timeout
        try:
            with self._connect(ends) as sock:
                sock.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), CHUNK):
                    chunk = data[start : start + CHUNK]
                    sock.settimeout(_left(ends))
                    sock.sendall(struct.pack(">I", len(chunk)) + chunk)
                sock.settimeout(_left(ends))
                sock.sendall(struct.pack(">I", 0))
                reply = _read_reply(sock, ends)
        except TimeoutError:
            raise ScanFailed(
                f"clamd at {self.address} did not answer in {self.timeout:g}s"
            ) from None
        except OSError as error:
            raise ScanFailed(f"clamd at {self.address}: {error}") from None
        return _verdict(reply)

    def _connect(self, ends: float) -> socket.socket:
        parts = urlsplit(self.address)
        if parts.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(_left(ends))
            try:
                sock.connect(parts.path)
            except OSError:
                sock.close()
                raise
            return sock
        if parts.scheme == "tcp" and parts.hostname and parts.port:
            return socket.create_connection((parts.hostname, parts.port), timeout=_left(ends))
        raise ScanFailed(f"CLAMD_ADDRESS {self.address!r} is not tcp://host:port or unix:///path")


def _left(ends: float) -> float:
    left = ends - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _read_reply(sock: socket.socket, ends: float) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
        sock.settimeout(_left(ends))
        got = sock.recv(MAX_REPLY)
        if not got:
            break
        reply += got
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def _verdict(reply: str) -> Verdict:
    if reply.endswith(" OK"):
        return Verdict(clean=True)
    if reply.endswith(" FOUND"):
        signature = reply.removesuffix(" FOUND").split(": ", 1)[-1]
        return Verdict(clean=False, signature=signature)
    raise ScanFailed(f"clamd did not scan the file: {reply[:200] or 'no answer'}")
