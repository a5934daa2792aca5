"""Request bodies on the API: JSON only, and small.

Every /api/ request is held to API_MAX_BODY bytes (413 before the body is read when it says its
length, and while reading when it does not) and, when it carries a body or is a write, to a JSON
media type (415). `read_json_object()` then parses the body for a view: malformed JSON, a body
that is not an object, NaN or Infinity, nesting beyond MAX_DEPTH, text that is not Unicode are
all a 400 in the problem shape, never a 500 from deep inside a parser or a database driver.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Flask, request

from app.body_limits import allow_file_parts

from .errors import API_PREFIX, ApiError

API_MAX_BODY = 64 * 1024
MAX_DEPTH = 8  # {"answers": {"address": {"line1": …}}} is 3 deep; leave room, refuse the absurd
MAX_DIGITS = 50  # in a whole number: no answer needs more, and reading millions costs seconds
WRITES = ("POST", "PUT", "PATCH")
# The routes that take another body than small JSON, by endpoint: its media type, and the most
# bytes of it (a function of the app's settings). Any other body is held to the JSON rules, and
# the view refuses JSON itself, after its path: the uploads route (app/api/files.py) answers an
# unknown form with a 404, whatever it was sent.
OTHER_BODIES: dict[str, tuple[str, Callable[[], int]]] = {}


def is_json_type(mimetype: str) -> bool:
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def _has_body() -> bool:
    return (
        bool(request.content_length)
        or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    )


def check_api_body() -> None:
    """Before any /api/ view: refuse what is too big or not JSON, before reading it."""
    if not request.path.startswith(API_PREFIX) or request.routing_exception is not None:
        return  # not the API's, or a 404/405 that says more than a 413 or 415 would
    other = OTHER_BODIES.get(request.endpoint or "")
    if other is not None and request.mimetype == other[0]:
        return check_other_body(other[1])
    # Werkzeug stops reading a body of unknown length (chunked) at this maximum without saying
    # so: one byte more than allowed shows that there was more (see read_json_object).
    request.max_content_length = API_MAX_BODY + 1
    if request.content_length is not None and request.content_length > API_MAX_BODY:
        raise too_large(f"The request body is {request.content_length} bytes")
    if request.method == "OPTIONS":
        return  # a CORS preflight carries no body to judge
    if (request.method in WRITES or _has_body()) and not is_json_type(request.mimetype):
        given = request.mimetype or "no Content-Type"
        raise ApiError(
            415,
            f"The request body must be JSON, sent with Content-Type: "
            f"application/json (this request has {given})",
        )


def check_other_body(limit: Callable[[], int]) -> None:
    """A route that takes up to `limit()` bytes (a file upload)."""
    most = limit()
    allow_file_parts(most)  # a longer chunked body: Werkzeug's 413, in our shape
    if request.content_length is not None and request.content_length > most:
        raise ApiError(
            413,
            f"The request body is {request.content_length} bytes: the most this route takes "
            f"is {most} bytes ({most // (1024 * 1024)} MB)",
        )


def too_large(what: str) -> ApiError:
    return ApiError(
        413, f"{what}: the most the API takes is {API_MAX_BODY} bytes ({API_MAX_BODY // 1024} KiB)"
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number has more than {MAX_DIGITS} digits")
    return int(text)


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (a scalar is 0), without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            pending += [(child, level + 1) for child in item.values()]
        elif isinstance(item, list):
            pending += [(child, level + 1) for child in item]
        deepest = max(deepest, level)
    return deepest


def read_json_object() -> dict[str, Any]:
    """The request's body as a JSON object, or a 400 problem saying what is wrong with it."""
    raw = request.get_data(cache=True)
    if len(raw) > API_MAX_BODY:  # a body of unknown length, cut off at max_content_length
        raise too_large("The request body is longer than that")
    if not raw.strip():
        raise ApiError(400, "The request has no body: send a JSON object")
    try:
        text = raw.decode("utf-8-sig")
        body = json.loads(text, parse_constant=_refuse_constant, parse_int=_whole_number)
        # A lone surrogate (\ud800) parses, but no database or encoder can take it.
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeError:
        raise ApiError(400, "The request body is not valid UTF-8 JSON") from None
    except RecursionError:
        raise ApiError(400, "The request body is not valid JSON: it nests too deeply") from None
    except ValueError as error:  # JSONDecodeError, NaN/Infinity, an integer too long to read
        raise ApiError(400, f"The request body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise ApiError(400, 'The request body must be a JSON object: {"answers": {…}}')
    if _depth(body) > MAX_DEPTH:
        raise ApiError(
            400,
            f"The request body nests lists and objects more than {MAX_DEPTH} "
            "deep: answers are never that deep",
        )
    return body


def init_json_body(app: Flask) -> None:
    app.before_request(check_api_body)
