"""CORS for the public form routes, and for each form only from its own `allowed_origins`.

A browser on an agency's site (https://roads.example.gov) may read a form, its answers' schema,
validate answers and submit them; every other /api/ route (search, the agency's bearer routes)
gets no CORS headers at all, so browsers keep other sites from reading it. Credentials are never
allowed: the API sets no cookies and reads none.

Which route a request is for is decided by the URL map, for a preflight with the method it asks
about: `OPTIONS /api/v1/forms/x/submissions` asking for POST is the public submit, asking for GET
is the agency's listing (no CORS).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from app.forms.registry import load_form
from app.origins import web_origins

PREFLIGHT_MAX_AGE = 600  # seconds a browser may remember a preflight's answer
ALLOWED_HEADERS = "Content-Type, Idempotency-Key"
# endpoint -> the methods a page on an allowed origin may use
PUBLIC_FORM_ROUTES = {
    "api_forms.form": ("GET",),
    "api_forms.answers_schema": ("GET",),
    "api_forms.validate": ("POST",),
    "api_forms.submit": ("POST",),
}


def _public_route(method: str) -> tuple[str, str] | None:
    """(endpoint, form id) when `method` on this URL is a public form route, else None."""
    try:
        adapter = current_app.url_map.bind_to_environ(request.environ)
        endpoint, args = adapter.match(request.path, method=method)
    except HTTPException:
        return None
    if method not in PUBLIC_FORM_ROUTES.get(endpoint, ()):
        return None
    return endpoint, args.get("form_id", "")


def _allowed(form_id: str, origin: str) -> bool:
    """Only an origin that passes the build's check (app/origins.py) is ever echoed back."""
    form = load_form(form_id)
    return form is not None and origin in web_origins(form.allowed_origins)


def add_preflight_headers(response: Response) -> Response:
    """A preflight for a public form route from one of its form's origins: let it go ahead
    (app/api/options.py makes the 204 answer to every OPTIONS on /api/)."""
    wanted = request.headers.get("Access-Control-Request-Method")
    if not wanted or "Origin" not in request.headers:
        return response
    route = _public_route(wanted)
    if route is None:
        return response
    response.vary.add("Origin")
    if _allowed(route[1], request.headers["Origin"]):
        response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
        response.headers["Access-Control-Allow-Methods"] = ", ".join(PUBLIC_FORM_ROUTES[route[0]])
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def add_cors_headers(response: Response) -> Response:
    """On a public form route's answer (errors included): allow its form's origins to read it."""
    if request.method == "OPTIONS" or request.endpoint not in PUBLIC_FORM_ROUTES:
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    form_id = (request.view_args or {}).get("form_id", "")
    if origin and _allowed(form_id, origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Location, Retry-After"
    return response


def init_cors(app: Flask) -> None:
    app.after_request(add_cors_headers)
