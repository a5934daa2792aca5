"""OPTIONS on /api/: what the API answers at a URL, in its own terms.

    a URL the API has        204, no body, `Allow: <its methods>`; and when it is a CORS
                             preflight from an origin the form allows, the CORS headers (cors.py)
    a URL the API does not   a 404 problem, as for any other method

RFC 9110 makes OPTIONS a question about the URL, not an error, so a plain OPTIONS and a preflight
that is not allowed get the same empty 204 (a browser fails a preflight that has no
`Access-Control-Allow-Origin`). Flask's automatic answer (200 text/html, with the static site's
catch-all's methods) never reaches the API's clients.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, NotFound

from .cors import add_preflight_headers
from .errors import API_PREFIX, is_api_request

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def api_methods() -> list[str]:
    """The methods an API route takes at this URL (the static site's catch-all not counted)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    found = []
    for method in METHODS:
        try:
            rule, _args = adapter.match(request.path, method=method, return_rule=True)
        except HTTPException:
            continue
        if rule.rule.startswith(API_PREFIX):
            found.append(method)
    return found


def answer_options() -> Response | None:
    if request.method != "OPTIONS" or not is_api_request():
        return None
    methods = api_methods()
    if not methods:
        raise NotFound()
    response = Response(status=204)
    response.headers.remove("Content-Type")  # no body, so no type
    response.headers["Allow"] = ", ".join([*methods, "OPTIONS"])
    return add_preflight_headers(response)


def init_options(app: Flask) -> None:
    app.before_request(answer_options)
