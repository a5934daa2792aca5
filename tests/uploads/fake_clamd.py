"""A fake clamd on loopback that speaks the real INSTREAM protocol: it reads `zINSTREAM\\0` and the
length-prefixed chunks to the zero-length one, then answers as clamd does. `mode` says how:
"scan" (FOUND for EICAR's string, OK otherwise), "error" (clamd's size-limit ERROR) or "hang"
(reads everything, never answers)."""

from __future__ import annotations

import socket
import struct
import threading

from .files import EICAR


class FakeClamd:
    def __init__(self, mode: str = "scan"):
        self.mode = mode
        self.received: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            with conn:
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        stream = conn.makefile("rb")
        command = b""
        while not command.endswith(b"\0"):
            command += stream.read(1)
        assert command == b"zINSTREAM\0", command
        data = b""
        while True:
            (length,) = struct.unpack(">I", stream.read(4))
            if length == 0:
                break
            data += stream.read(length)
        self.received.append(data)
        if self.mode == "hang":
            self._stop.wait(10)
            return
        if self.mode == "error":
            conn.sendall(b"INSTREAM size limit exceeded. ERROR\0")
        elif EICAR in data:
            conn.sendall(b"stream: Eicar-Signature FOUND\0")
        else:
            conn.sendall(b"stream: OK\0")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=15)
        self.server.close()
