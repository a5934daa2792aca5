"""Security headers on every response of the app: pages, the API, errors and, in development, the
built files of dist/.

    Content-Security-Policy    only the portal's own files; no inline script or style, except the
                               one line GOV.UK Frontend's page template writes inline (allowed by
                               its hash); no framing, unless a view allows named origins
    X-Frame-Options            DENY, for browsers that predate frame-ancestors (not on framable
                               responses: it cannot name origins)
    Strict-Transport-Security  outside development (debug or testing), where the portal is HTTPS
    X-Content-Type-Options     nosniff
    Referrer-Policy            strict-origin-when-cross-origin

A view that may be framed (the embedded form) calls `allow_framing(origins)`; everything else
refuses framing. docs/hosting.md gives nginx the same headers for the static files.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from flask import Flask, Response, current_app, g

from app.origins import web_origins

EXTENSION = "portal.security"
HSTS = "max-age=31536000; includeSubDomains"
REFERRER_POLICY = "strict-origin-when-cross-origin"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
# GOV.UK Frontend's page template with everything around its inline script left out.
_BARE_TEMPLATE = (
    "{% extends 'govuk_frontend_jinja/template.html' %}"
    "{% block govukSkipLink %}{% endblock %}{% block header %}{% endblock %}"
    "{% block container %}{% endblock %}{% block footer %}{% endblock %}"
)


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script: 'sha256-<base64>'."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def template_script_hashes(app: Flask) -> list[str]:
    """The hashes of the inline scripts GOV.UK Frontend's page template writes into every page
    (the `js-enabled` class). Worked out from the template itself, so an upgrade of GOV.UK
    Frontend that changes the script changes the hash with it."""
    html = app.jinja_env.from_string(_BARE_TEMPLATE).render()
    return [script_hash(script) for script in INLINE_SCRIPT.findall(html)]


def content_security_policy(
    script_hashes: Iterable[str], frame_ancestors: Iterable[str] = ()
) -> str:
    ancestors = " ".join(frame_ancestors) or "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *script_hashes]),
            "style-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


def framing_sources(origins: Iterable[str]) -> list[str]:
    """The origins that can go into frame-ancestors as they are: only those that pass the
    build's own check of an origin (app/origins.py), so no wildcard, path or `;` ever does (a
    form's definition is checked by the build, but a header is no place to trust it blindly)."""
    return web_origins(origins)


def allow_framing(origins: Iterable[str]) -> None:
    """Let the current response be framed by these origins (none: still refused)."""
    g.portal_frame_ancestors = framing_sources(origins)


def development(app: Flask) -> bool:
    return bool(app.debug or app.testing)


HOST_PREFIX = "__Host-"


def host_only_cookie_name(name: str, app: Flask) -> str:
    """`__Host-<name>` outside development: a browser takes such a cookie only from this host,
    Secure, with Path=/ and no Domain, so a sibling subdomain cannot plant one (a draft id, or a
    session and the CSRF token it holds) in a citizen's browser. Over http://localhost, in
    development, the plain name, as a __Host- cookie must be Secure."""
    return name if development(app) else HOST_PREFIX + name


def add_security_headers(response: Response) -> Response:
    ancestors = g.get("portal_frame_ancestors") or []
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(
        current_app.extensions[EXTENSION], ancestors
    )
    if ancestors:
        headers.pop("X-Frame-Options", None)
    else:
        headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = REFERRER_POLICY
    if not development(current_app):
        headers["Strict-Transport-Security"] = HSTS
    return response


def init_security(app: Flask) -> None:
    """Call after the templates are set up (it reads GOV.UK Frontend's page template)."""
    app.extensions[EXTENSION] = template_script_hashes(app)
    app.after_request(add_security_headers)
