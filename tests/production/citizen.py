"""A client of the portal through nginx, from an address of its own on loopback (127.0.0.0/8 is
all this machine's), so that nginx, and the app servers behind it, see distinct citizens. Keeps
cookies as a browser does for one site, follows no redirects, and reads the CSRF token from
a form page as a browser with JavaScript off posts it back."""

from __future__ import annotations

import http.client
import itertools
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass

from bs4 import BeautifulSoup

TIMEOUT = 30  # seconds for any one request: generous on a loaded machine

_addresses = itertools.count(2)
_lock = threading.Lock()


def new_address() -> str:
    """A loopback address no other citizen of this run has (127.0.0.2, .3 …, then 127.0.1.x)."""
    with _lock:
        n = next(_addresses)
    return f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    @property
    def request_id(self) -> str:
        return self.headers.get("X-Request-Id", "")

    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "html.parser")


class Citizen:
    def __init__(self, base: str, address: str | None = None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.address = address or new_address()
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=TIMEOUT, source_address=(self.address, 0)
        )
        sent = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or "expires=thu, 01 jan 1970" in cookie.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return answer

    def get(self, path: str, headers=None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_json(self, path: str, document, headers=None) -> Answer:
        body = json.dumps(document).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/json", **(headers or {})}
        )


def csrf_token(page: Answer) -> str:
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.body)
    assert match, f"no CSRF token on the page ({page.status})"
    return match.group(1).decode()
