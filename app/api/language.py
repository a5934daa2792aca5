"""The forms API's language: `Accept-Language` chooses it among the site's languages (`cy`,
`en`), the site's default when the header is absent or names none of them. It sets the language
of the answers' error messages (the same catalogue and form text as the citizen's pages), of a
form's text in GET /api/v1/forms/<id> and its schema's titles, and the language recorded with a
submission. Those responses say which with `Content-Language`, and vary on the header.

Only the forms' and files' routes: search takes its language as the `lang` parameter, and the
agency's routes say nothing in words a citizen reads. docs/api.md#languages.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request

from app.i18n import current_language

IN_THE_CLIENTS_LANGUAGE = frozenset({"api_forms", "api_files"})


def _speaks() -> bool:
    return request.blueprint in IN_THE_CLIENTS_LANGUAGE


def choose_language() -> None:
    if not _speaks():
        return
    from app.site_settings import site_settings

    settings = site_settings(current_app)
    g.language = request.accept_languages.best_match(
        settings.languages or [settings.language], default=settings.language
    )


def say_language(response: Response) -> Response:
    if _speaks():
        response.headers["Content-Language"] = current_language()
        response.vary.add("Accept-Language")
    return response


def init_api_language(app: Flask) -> None:
    """After init_languages: the API's choice replaces the (prefix-less) request's default."""
    app.before_request(choose_language)
    app.after_request(say_language)
