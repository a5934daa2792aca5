"""The API's one error shape: RFC 9457 problem details, `application/problem+json`.

    {"type": ..., "title": ..., "status": 422, "detail": ..., "errors": [{"field", "message"}]}

`errors` appears only for invalid input, with one entry for every bad field. `type` is
"about:blank" for a plain HTTP error (its `title` is then the status's own phrase: "Not Found"),
or `<base_url>/api/v1/problems/<slug>` for the problems the API defines itself (`PROBLEM_TYPES`,
documented in docs/api.md). Views raise `ApiError`; Werkzeug's own errors (an unknown /api/ URL,
a wrong method) and unexpected exceptions get the same shape on /api/ paths, while every other
path keeps the site's HTML error pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, InternalServerError

API_PREFIX = "/api/"
SOMETHING_WENT_WRONG = "Something went wrong on our side. Try again later."
MEDIA_TYPE = "application/problem+json"


# The `code` of each entry of a problem's `errors`: added to, never renamed (clients match them).
ERROR_CODES = {
    "required": "a required answer is missing",
    "wrong_type": "the value is of a JSON type the field never takes",
    "invalid": "the value is of the right type but not valid (its message says why)",
    "not_a_choice": "the value is not one of the field's choices, listed in `allowed`",
    "too_long": "the value is longer than the field allows",
    "out_of_range": "a number outside the range the field allows",
    "repeated": "a parameter given more times than it may be",
    "unknown_field": "the body has a field the operation does not take",
    "unknown_question": "an answer to a question the form does not have",
    "unknown_parameter": "a query parameter the operation does not take; `allowed` lists them",
}


@dataclass(frozen=True)
class ProblemType:
    """A problem with a meaning of its own beyond the HTTP status: `type` names it by slug."""

    slug: str
    title: str
    status: int


# Every problem type the API answers, in one place so that a client (and docs/api.md, which
# lists the same; tests/api/test_errors.py holds the three together) sees them all.
PROBLEM_TYPES = {
    problem.slug: problem
    for problem in (
        ProblemType(
            "idempotency-key-reused", "The Idempotency-Key was used with another request", 409
        ),
        ProblemType("invalid-parameters", "The request has parameters that are not valid", 422),
        ProblemType("invalid-answers", "The answers are not valid", 422),
        ProblemType("search-unavailable", "Search is not available", 503),
        ProblemType("storage-unavailable", "The database is not available", 503),
    )
}


@dataclass(frozen=True)
class FieldError:
    """One bad field: `code` is a stable word a program can act on (ERROR_CODES), `message`
    the words for people, which may change; `allowed`, for a choice, the values it takes."""

    field: str
    message: str
    code: str = "invalid"
    allowed: tuple[str, ...] = ()

    def as_json(self) -> dict:
        shown = {"field": self.field, "message": self.message, "code": self.code}
        if self.allowed:
            shown["allowed"] = list(self.allowed)
        return shown


class ApiError(Exception):
    """An error answered as problem details; `problem` is a slug of PROBLEM_TYPES or None."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        problem: str | None = None,
        errors: list[FieldError] | tuple[FieldError, ...] = (),
    ):
        super().__init__(detail or HTTPStatus(status).phrase)
        self.status = status
        self.detail = detail
        self.problem = problem
        self.errors = tuple(errors)
        self.headers: dict[str, str] = {}

    @property
    def title(self) -> str:
        if self.problem is None:
            return HTTPStatus(self.status).phrase
        return PROBLEM_TYPES[self.problem].title


class InvalidParameters(ApiError):
    def __init__(self, errors: list[FieldError]):
        count = f"{len(errors)} parameter{'s' if len(errors) != 1 else ''}"
        super().__init__(
            422,
            f"{count} of the request {'are' if len(errors) != 1 else 'is'} not valid: see errors",
            problem="invalid-parameters",
            errors=errors,
        )


def problem_type(problem: str | None) -> str:
    if problem is None:
        return "about:blank"
    settings = current_app.extensions.get("portal.settings")
    base = settings.base_url if settings is not None else ""
    return f"{base}/api/v1/problems/{problem}"


def problem_response(error: ApiError) -> Response:
    body = {"type": problem_type(error.problem), "title": error.title, "status": error.status}
    if error.detail:
        body["detail"] = error.detail
    if error.errors:
        body["errors"] = [e.as_json() for e in error.errors]
    response = Response(json.dumps(body, ensure_ascii=False), error.status, mimetype=MEDIA_TYPE)
    response.headers.update(error.headers)
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _from_http_exception(error: HTTPException) -> ApiError:
    status = error.code or 500
    detail = error.description if status != 500 else None
    answer = ApiError(status, detail)
    # Keep the headers that mean something: Allow on a 405, Retry-After on a 429 or 503.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            answer.headers[name] = value
    return answer


def handle_api_error(error: ApiError) -> Response:
    return problem_response(error)


def handle_http_exception(error: HTTPException):
    if not is_api_request() or error.code is None or error.code < 400:
        return error
    return problem_response(_from_http_exception(error))


def handle_internal_error(error: InternalServerError):
    """The catch-all: Flask has already logged the exception with its traceback."""
    if not is_api_request():
        return error
    return problem_response(ApiError(500, SOMETHING_WENT_WRONG))


def _api_paths_first(html_handler, api_handler):
    """The site's HTML error pages (app/error_pages.py, the 404 page) are registered first; wrap
    each so that /api/ paths still answer in the API's shape."""

    def handler(error: HTTPException):
        if is_api_request():
            return api_handler(error)
        return html_handler(error)

    return handler


def init_api_errors(app: Flask) -> None:
    """Register after the site's own error pages, so that /api/ paths take over from them."""
    for code, by_class in app.error_handler_spec[None].items():
        api_handler = handle_internal_error if code == 500 else handle_http_exception
        for cls, html_handler in list(by_class.items()):
            if issubclass(cls, HTTPException):  # others (storage errors) answer both themselves
                by_class[cls] = _api_paths_first(html_handler, api_handler)
    app.register_error_handler(ApiError, handle_api_error)
    registered = app.error_handler_spec[None]
    if HTTPException not in registered.get(None, {}):
        app.register_error_handler(HTTPException, handle_http_exception)
    if InternalServerError not in registered.get(500, {}):
        app.register_error_handler(InternalServerError, handle_internal_error)
