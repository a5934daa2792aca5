"""The citizen-facing error pages: every HTTP error the service answers outside /api/ (a bad
request, a wrong method, a body too large, too many requests, a crash, storage unavailable) is a
page in the site's layout, in GOV.UK's words, with the security headers every response gets. The
API keeps its problem+json (app/api/errors.py takes over on /api/ paths); the site's 404 page is
dist/404.html (app/static_site.py). The build writes the same pages as /errors/<status>.html for
nginx to show for its own errors (docs/hosting.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, g, render_template
from werkzeug.exceptions import HTTPException, InternalServerError


@dataclass(frozen=True)
class ErrorPage:
    title: str
    paragraphs: tuple[str, ...]


TRY_LATER = "Try again later."
PAGES = {
    400: ErrorPage("Sorry, there is a problem with your request",
                   ("The page could not use what your browser sent.",
                    "Go back to the page and try again.")),
    405: ErrorPage("Page not found", ("If you typed the web address, check it is correct.",)),
    413: ErrorPage("The information you sent is too large",
                   ("Go back to the page, make your answer shorter and try again.",)),
    429: ErrorPage("Sorry, there have been too many attempts",
                   ("You cannot do that again for now.", "Wait a few minutes and try again.")),
    500: ErrorPage("Sorry, there is a problem with the service", (TRY_LATER,)),
    503: ErrorPage("Sorry, the service is unavailable", (TRY_LATER,)),
}
# The pages the build writes for nginx, which shows them for the errors it makes itself.
BUILT_STATUSES = (400, 413, 429, 500, 503)


def page_for(status: int) -> ErrorPage:
    return PAGES.get(status) or PAGES[400 if status < 500 else 500]


def wait_words(seconds: int) -> str:
    minutes = round(seconds / 60)  # Retry-After is rounded up: a minute's window says 61
    return "Wait a minute and try again." if minutes <= 1 else (
        f"Wait {minutes} minutes and try again.")


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
    headers = [(name, value) for name, value in error.get_headers()
               if name.lower() != "content-type"]
    return render_error_page(status), status, headers


def html_internal_error(error: InternalServerError):
    """Anything unexpected: Flask has logged it with its traceback already."""
    return render_error_page(500), 500


def init_error_pages(app: Flask) -> None:
    """Register before the API (which takes /api/ paths over) and after the site's 404 page."""
    app.register_error_handler(HTTPException, html_error)
    app.register_error_handler(InternalServerError, html_internal_error)


