"""A receiver on a raw socket, for answers no HTTP server library gives: trickled a byte at a time,
cut off before their Content-Length, or never sent."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable


class RawReceiver:
    """Listens on 127.0.0.1; for each connection it reads the request (headers and the body its
    Content-Length gives), then hands the socket to `answer(connection, stop)`. `stop` is set when
    the test ends: an answer that waits should wait on it."""

    def __init__(self, answer: Callable[[socket.socket, threading.Event], None]):
        self.answer = answer
        self.stop = threading.Event()
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)  # so the loop sees `stop`
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)
        self.listener.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with connection:
                connection.settimeout(5)
                try:
                    _read_request(connection)
                    self.answer(connection, self.stop)
                except OSError:  # the client gave up: that is what some tests wait for
                    pass


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        chunk = connection.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body
