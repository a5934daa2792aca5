"""The size of request bodies outside the API (the API holds its own: app/api/json_body.py).

Flask refuses a body whose Content-Length is over MAX_CONTENT_LENGTH with a 413 before reading
it. A chunked body has no length to judge in advance, and Werkzeug stops reading it at the
maximum without saying so, which would hand a view a silently cut-off form (an answer shortened,
the CSRF token lost). So a chunked body is read here, up to one byte more than allowed: more than
the maximum is a 413 too, and what fits is parsed from memory as usual.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from app.api.errors import API_PREFIX

# Werkzeug reads a multipart body this much at a time, and refuses it (413) when the bytes it holds,
# one read and the unparsed end of the one before, pass max_form_memory_size: with a limit of one
# read, a file longer than a read fails whenever a read ends in bytes that could begin a boundary
# (a photo of 260 KB did). A request that may carry a file is allowed one read more.
MULTIPART_READ = 64 * 1024


def allow_file_parts(most: int) -> None:
    """This request may post up to `most` bytes, in multipart parts larger than a field may be."""
    request.max_content_length = most
    request.max_form_memory_size = current_app.config["MAX_FORM_MEMORY_SIZE"] + MULTIPART_READ


def refuse_oversized_stream() -> None:
    if request.path.startswith(API_PREFIX) or request.content_length is not None:
        return
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    request.max_content_length = limit + 1
    if len(request.get_data(cache=True)) > limit:
        raise RequestEntityTooLarge()


def init_body_limits(app: Flask) -> None:
    """Register before any other request hook that reads the form (the forms' CSRF check)."""
    app.before_request(refuse_oversized_stream)
