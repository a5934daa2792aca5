"""Mail servers on loopback for the mail tests: aiosmtpd's real SMTP server, keeping what it
accepts and refusing what it is told to; and a server that accepts the connection and then never
says a word (a hung mail server)."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd's handler: keeps each message accepted; refuses recipients or messages with the
    reply it is given (`refuse_recipient = "550 5.1.1 No such mailbox"`)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse_recipient: str | None = None
        self.refuse_message: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipient:
            return self.refuse_recipient
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_message:
            return self.refuse_message
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A running aiosmtpd server on HOST:port, with its Mailbox; `stop()` takes it down."""

    def __init__(self, port: int | None = None, **options) -> None:
        self.mailbox = Mailbox()
        self.port = port or free_port()
        self.controller = Controller(self.mailbox, hostname=HOST, port=self.port, **options)
        self.controller.start()

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages

    def stop(self) -> None:
        self.controller.stop()


def password_check(user: bytes, password: bytes):
    """An aiosmtpd authenticator taking one user name and password."""

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user,
            password,
        )
        return AuthResult(success=ok, handled=False)  # failed: aiosmtpd answers 535

    return authenticate


class SilentServer:
    """Accepts connections and never answers: the SMTP greeting never comes."""

    def __init__(self) -> None:
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)

    def stop(self) -> None:
        self.closed.set()
        self.listener.close()
        for connection in self.held:
            connection.close()
