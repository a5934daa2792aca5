"""What a web origin is, for the sites a form lets embed it or call its API from a browser (a
form's `allowed_origins`): exactly `scheme://host[:port]`, written as a browser writes it in the
`Origin` header, so that comparing strings decides.

    https://roads.example.gov        https://roads.example.gov:8443        http://localhost:8080

https:// only, except plain http:// to this machine (localhost, 127.0.0.1, [::1]) for trying a
page out, as for webhooks. The host is a host name in its ASCII form (an international name as
its xn-- labels); the port a number from 1 to 65535 other than the scheme's default, which
browsers leave out. Nothing else: no wildcard, path, space or `;`, any of which could widen a
CSP directive or add one. `build.py check` refuses anything else on its line (the `Origin` type),
and the headers that name origins (frame-ancestors, CORS) are built only from values that pass
the same check (`web_origins`), so a definition that skipped it cannot widen them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated

import idna
from pydantic import AfterValidator, WithJsonSchema

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
DEFAULT_PORTS = {"https": "443", "http": "80"}
EXAMPLE = "https://roads.example.gov"
# scheme://host[:port] and whatever follows, to say what is wrong with each part.
_PARTS = re.compile(
    r"^(?P<scheme>[^:/]*)://(?P<host>\[[^\]]*\]|[^:/?#\s]*)"
    r"(?::(?P<port>[^/?#]*))?(?P<rest>.*)$",
    re.DOTALL,
)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# For the JSON Schema: every value the check accepts matches it (the check is stricter).
PATTERN = r"^(https://[a-z0-9.-]+|http://(localhost|127\.0\.0\.1|\[::1\]))(:[0-9]{1,5})?$"


def origin_problem(value: str) -> str | None:
    """What is wrong with `value` as an allowed origin, with the fix; None when it is one."""
    parts = _PARTS.match(value)
    if "*" in value:
        return f"has a wildcard (*): list each site in full, such as {EXAMPLE}"
    if parts is None:
        return f"is not an origin: write the site's scheme and host name, such as {EXAMPLE}"
    scheme, host, port, rest = parts.group("scheme", "host", "port", "rest")
    if rest:
        return (
            f"has more than the scheme, host and port (`{rest}`): leave out the path and "
            f"anything after the host, as in {EXAMPLE}"
        )
    if value != value.lower() and value.isascii():
        return f"must be in lower case, as browsers send it: {value.lower()}"
    if scheme == "http" and host not in LOCAL_HOSTS:
        return (
            "is plain http://: use https:// (http:// only for localhost, 127.0.0.1 or "
            "[::1], to try a page out on your own machine)"
        )
    if scheme not in DEFAULT_PORTS:
        return f"must start with https://, as in {EXAMPLE}"
    return _host_problem(scheme, host) or _port_problem(scheme, host, port)


def _host_problem(scheme: str, host: str) -> str | None:
    if host in LOCAL_HOSTS:
        return None
    if not host:
        return f"has no host name: write the site's scheme and host name, such as {EXAMPLE}"
    if not host.isascii():
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            return f"has `{host}` as its host name, which is not a valid international name"
        return f"must have its host name in ASCII, as browsers send it: {scheme}://{ascii_host}"
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        return (
            f"has `{host}` as its host name: use letters, digits and hyphens, in parts "
            f"separated by dots, as in {EXAMPLE}"
        )
    if any(label.startswith("xn--") for label in labels):
        try:
            idna.decode(host)
        except idna.IDNAError:
            return f"has `{host}` as its host name, which is not a valid international name"
    return None


def _port_problem(scheme: str, host: str, port: str | None) -> str | None:
    if port is None:
        return None
    if not (port.isascii() and port.isdigit() and not port.startswith("0") and int(port) <= 65535):
        return (
            f"has a port that is not a number from 1 to 65535 (`{port}`): write it in "
            f"digits, such as {scheme}://{host}:8443, or leave it out"
        )
    if port == DEFAULT_PORTS[scheme]:
        return f"names the default port :{port}, which browsers leave out: write {scheme}://{host}"
    return None


def web_origins(values: Iterable[str]) -> list[str]:
    """The values that are origins by the check above; anything else is left out. For headers,
    which take a form's definition only as far as it is safe."""
    return [value for value in values if isinstance(value, str) and origin_problem(value) is None]


def _checked(value: str) -> str:
    problem = origin_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Origin = Annotated[
    str,
    AfterValidator(_checked),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": PATTERN,
            "description": "scheme://host[:port], as browsers send it: https://roads.example.gov",
            "examples": [EXAMPLE],
        }
    ),
]
