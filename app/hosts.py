"""The request's Host header: refused unless trusted, and never written into a URL.

Any client sets Host, so nothing the service sends is built from it. Absolute URLs come from
the public address (`public_url`: site.yaml's `base_url`, or the BASE_URL setting); redirects
are relative paths, and routing's own (Werkzeug's 308s, written from Host) are made relative
here. With TRUSTED_HOSTS set (Flask's own setting), a request for any other host name is refused
with a 400 before anything else runs: the site's page, or a problem on /api/.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import BadRequest, SecurityError

from app.site_settings import site_settings

REDIRECTS = (301, 302, 303, 307, 308)


class UnknownHost(BadRequest):
    """A request for a host name TRUSTED_HOSTS does not list (the name is not repeated back)."""

    description = "The request was sent to a host name this service does not answer to."


def public_url(path: str) -> str:
    """The absolute URL of a path of the portal, at its public address."""
    return site_settings(current_app).base_url.rstrip("/") + path


def refuse_unknown_host() -> None:
    """First of the app's before-request functions: Flask finds an untrusted host when it
    routes, but raises it only after every before-request function (a CORS preflight, the rate
    limits) has run; refuse it before any of them."""
    if isinstance(request.routing_exception, SecurityError):
        raise UnknownHost()


def unknown_host_page(error: UnknownHost):
    return render_template("hosts/unknown_host.html"), 400


def relative_location(response: Response) -> Response:
    """A redirect to this request's own host names only the path (a browser keeps the host)."""
    location = response.headers.get("Location")
    if response.status_code not in REDIRECTS or not location:
        return response
    parts = urlsplit(location)
    if parts.netloc and parts.netloc.lower() == request.host.lower():
        response.headers["Location"] = urlunsplit(
            ("", "", parts.path or "/", parts.query, parts.fragment)
        )
    return response


def init_hosts(app: Flask) -> None:
    """Before every other blueprint and extension (its check must run first), and before
    init_api (which makes the 400 a problem on /api/ paths)."""
    app.before_request(refuse_unknown_host)
    app.register_error_handler(UnknownHost, unknown_host_page)
    app.after_request(relative_location)
