"""The citizen-facing error pages: every HTTP error the service answers outside /api/ (a bad
request, a wrong method, a body too large, too many requests, a crash, storage unavailable) is a
page in the site's layout, in GOV.UK's words, with the security headers every response gets. The
API keeps its problem+json (app/api/errors.py takes over on /api/ paths); the site's 404 page is
dist/404.html (app/static_site.py). The build writes the same pages as /errors/<status>.html for
nginx to show for its own errors (docs/hosting.md).

A database that cannot be reached, or does not answer within its timeouts (app/store/engine.py),
is a 503: on a form's pages one that says the answers already saved are kept; on the API the
`storage-unavailable` problem, with Retry-After. The rest of the service (the built pages,
search) does not use the database and goes on answering.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from app.api.errors import SOMETHING_WENT_WRONG, ApiError, is_api_request, problem_response
from app.i18n import N_, ngettext

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorPage:
    title: str
    paragraphs: tuple[str, ...]


# The texts are catalogue messages: errors/error.html shows them in the reader's language.
TRY_LATER = N_("Try again later.")
PAGES = {
    400: ErrorPage(
        N_("Sorry, there is a problem with your request"),
        (
            N_("The page could not use what your browser sent."),
            N_("Go back to the page and try again."),
        ),
    ),
    405: ErrorPage(
        N_("Page not found"), (N_("If you typed the web address, check it is correct."),)
    ),
    413: ErrorPage(
        N_("The information you sent is too large"),
        (N_("Go back to the page, make your answer shorter and try again."),),
    ),
    429: ErrorPage(
        N_("Sorry, there have been too many attempts"),
        (N_("You cannot do that again for now."), N_("Wait a few minutes and try again.")),
    ),
    500: ErrorPage(N_("Sorry, there is a problem with the service"), (TRY_LATER,)),
    503: ErrorPage(N_("Sorry, the service is unavailable"), (TRY_LATER,)),
}
# A form's pages while the database is unavailable: what was saved before stays saved.
ANSWERS_KEPT = ErrorPage(
    N_("Sorry, there is a problem with the service"),
    (
        N_("Try again in a few minutes."),
        N_(
            "The answers you have already saved are kept. When you try again, you "
            "can carry on from where you stopped."
        ),
    ),
)
STORAGE_RETRY_AFTER = 30  # seconds: the database's timeouts are a few; give it a little longer
# The pages the build writes for nginx, which shows them for the errors it makes itself.
BUILT_STATUSES = (400, 413, 429, 500, 503)


def page_for(status: int) -> ErrorPage:
    return PAGES.get(status) or PAGES[400 if status < 500 else 500]


def wait_words(seconds: int) -> str:
    minutes = max(round(seconds / 60), 1)  # Retry-After is rounded up: a minute's window says 61
    return ngettext("Wait a minute and try again.", "Wait %(num)s minutes and try again.", minutes)


def render_error_page(status: int) -> str:
    page = page_for(status)
    wait = g.get("retry_after") if status == 429 else None
    if wait is not None:
        page = ErrorPage(page.title, (page.paragraphs[0], wait_words(wait)))
    return render_template("errors/error.html", page=page)


def html_error(error: HTTPException):
    """A Werkzeug error (abort(), a 405, a 413 while reading the form, a rate limit's 429)."""
    status = error.code or 500
    # Keep the headers that mean something: Allow on a 405, Retry-After on a 429 or 503.
    headers = [
        (name, value) for name, value in error.get_headers() if name.lower() != "content-type"
    ]
    return render_error_page(status), status, headers


def html_internal_error(error: InternalServerError):
    """Anything unexpected: Flask has logged it with its traceback already."""
    return render_error_page(500), 500


def storage_unavailable(error: OperationalError | PoolTimeout):
    """The database cannot be reached, is busy or timed out. Logged without the statement or its
    values. Any other OperationalError (SQLite's for a missing table) is a fault: a 500."""
    from app.store.engine import is_unavailable

    if not is_unavailable(error):
        current_app.log_exception((type(error), error, error.__traceback__))
        if is_api_request():
            return problem_response(ApiError(500, SOMETHING_WENT_WRONG))
        return render_error_page(500), 500
    cause = getattr(error, "orig", None) or error
    first_line = (str(cause).strip().splitlines() or [""])[0]
    log.warning(
        "database unavailable on %s %s: %s: %s",
        request.method,
        request.path,
        type(cause).__name__,
        first_line,
    )
    headers = {"Retry-After": str(STORAGE_RETRY_AFTER)}
    if is_api_request():
        problem = ApiError(
            503,
            "Submissions cannot be read or stored at the moment. Try again "
            "after the number of seconds in Retry-After.",
            problem="storage-unavailable",
        )
        problem.headers.update(headers)
        return problem_response(problem)
    on_a_form = request.path.startswith("/forms/") and bool(
        (request.view_args or {}).get("form_id")
    )
    page = ANSWERS_KEPT if on_a_form else PAGES[503]
    return render_template("errors/error.html", page=page), 503, headers


def init_error_pages(app: Flask) -> None:
    """Register before the API (which takes /api/ paths over) and after the site's 404 page."""
    # the database's errors are imported here, by the service, not by the static site's
    # build, which renders these pages too (SQLAlchemy and Alembic were a third of its imports)
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    app.register_error_handler(HTTPException, html_error)
    app.register_error_handler(InternalServerError, html_internal_error)
    app.register_error_handler(OperationalError, storage_unavailable)
    app.register_error_handler(PoolTimeout, storage_unavailable)
