"""A TCP proxy a test starts and stops, to make a real server (Redis, PostgreSQL) go away, come
back or stop answering, without root and without touching the server itself.

    proxy = TcpProxy(("127.0.0.1", 6379)); proxy.start()   # forwards 127.0.0.1:proxy.port
    proxy.stop()             # the port is closed: connections are refused
    proxy.start()            # the same port again
    proxy.stall()            # connections are accepted and open ones held, but nothing passes
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from benchmarks.serving import free_port


class TcpProxy:
    def __init__(self, target: tuple[str, int], port: int | None = None):
        self.target = target
        self.port = port or free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._stalled = threading.Event()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> TcpProxy:
        self._stalled.clear()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stall(self) -> None:
        """Keep accepting and keep every connection open, but pass nothing either way: a server
        that has frozen."""
        self._stalled.set()

    def stop(self) -> None:
        """Close the port and every connection through it."""
        if self._listener is not None:
            # shutdown() first: close() alone leaves a thread blocked in accept() holding the
            # port open, listening, until some client connects, so start() could not bind it.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._sockets.clear()
        self._stalled.clear()  # lets held bytes go, into closed sockets: the pipes end

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            self._sockets.append(client)
            if self._stalled.is_set():
                continue  # held open, never answered
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            self._sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                while self._stalled.is_set():  # frozen mid-conversation: hold the bytes
                    time.sleep(0.05)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)
