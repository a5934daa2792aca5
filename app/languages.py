"""The language of a page or request: `flask.g.language`, and the `/cy/` URL prefix.

Every language but the site's default has its pages under a prefix of its code (`/cy/…`, home
at `/cy/`), the default's unprefixed (docs/content-model.md says why). The build's views set
`g.language` from the page or listing they render (app/site/views.py); the running service's
`LanguagePrefix` middleware moves a language prefix from PATH_INFO to SCRIPT_NAME, so the
service's routes answer under it (`/cy/search`, `/cy/forms/<form>/…`) and `url_for` keeps it on
every link they make. Templates read the language through app.i18n's `current_language()` and make
the hard-coded paths of the portal's own pages follow it with `lang_path("/search")`.
"""

from __future__ import annotations

from flask import Flask, abort, current_app, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from app.content.models import SiteSettings
from app.i18n import current_language  # g.language, else the site's default

EXTENSION = "portal.language_settings"
# The service's parts a citizen reads, which answer in every language (under /cy/ too): the
# built pages, search, the forms (on the site and embedded, saved and come back to, deleted) and
# feedback. The developer pages and the JSON API are in the default language only: under a
# language prefix they are not found (the API takes Accept-Language instead).
IN_EVERY_LANGUAGE = frozenset(
    {
        "static_site",
        "search",
        "forms",
        "forms_embed",
        "forms_save",
        "forms_delete",
        "feedback",
        "feedback_forms",
    }
)
ENVIRON_KEY = "portal.language"  # set by LanguagePrefix: the language of the request's prefix


def _settings() -> SiteSettings:
    found = current_app.extensions.get(EXTENSION)
    # an app made without init_languages (a test's, a command's) renders in the site's default
    return found if found is not None else current_app.jinja_env.globals["site"].settings


def lang_path(path: str, language: str | None = None) -> str:
    """`path` (one of the portal's own, such as /search or /) in `language` (default: the
    current one): /cy/search, /cy/."""
    prefix = _settings().prefix(language or current_language())
    if not prefix:
        return path
    return f"{prefix}/" if path == "/" else prefix + path


def alternates(settings: SiteSettings, path: str, found: dict[str, str] | None = None) -> list:
    """The page in each of the site's languages, for the language switcher and the hreflang
    links: (code, name, URL, exists) in the order of `languages`. `found` maps the languages the
    page is published in to its URL there; a language it is not in gets that language's home
    page (exists False). Without `found`, `path` is one of the portal's own pages, in every
    language (an index page, the search page)."""
    result = []
    for code in settings.languages:
        prefix = settings.prefix(code)
        if found is None:
            url, exists = (f"{prefix}/" if prefix and path == "/" else prefix + path), True
        elif code in found:
            url, exists = found[code], True
        else:
            url, exists = f"{prefix}/" if prefix else "/", False
        result.append((code, settings.language_names.get(code, code), url, exists))
    return result


class LanguagePrefix:
    """WSGI middleware: `/cy/search` reaches the app as SCRIPT_NAME `/cy` and PATH_INFO
    `/search`, with the language in the environ. Only the site's other languages are prefixes,
    so a path that merely starts with two letters is left alone."""

    def __init__(self, wsgi_app, languages: list[str]):
        self.wsgi_app = wsgi_app
        self.prefixes = {f"/{code}": code for code in languages}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        head, slash, rest = path[1:].partition("/")
        code = self.prefixes.get(f"/{head}")
        if code is not None:
            environ[ENVIRON_KEY] = code
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/{head}"
            environ["PATH_INFO"] = f"/{rest}" if slash else "/"
        return self.wsgi_app(environ, start_response)


def request_language_prefix() -> str:
    """The language prefix the request came in under ("/cy"), or "" (the service's views)."""
    code = request.environ.get(ENVIRON_KEY)
    return f"/{code}" if code else ""


def _from_prefix() -> None:
    code = request.environ.get(ENVIRON_KEY)
    # set first: the error page of a request under /cy/ is in Welsh, a refused one's too
    g.language = code or _settings().language
    if code and _blueprint() not in IN_EVERY_LANGUAGE:
        abort(404)


def _blueprint() -> str | None:
    """The request's blueprint; for a method its route does not take (a 405), the route's."""
    error = request.routing_exception
    if not isinstance(error, MethodNotAllowed) or not error.valid_methods:
        return request.blueprint  # None when nothing matched: the 404 that follows is the same
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _values = adapter.match(method=error.valid_methods[0])
    except HTTPException:  # a redirect to the rule's own form of the path: none of ours
        return None
    return endpoint.rpartition(".")[0] or None


def init_languages(app: Flask, settings: SiteSettings, *, service: bool) -> None:
    """The language helpers for templates; for the running service (`service`), the prefix
    middleware and g.language set from it on every request."""
    app.extensions[EXTENSION] = settings
    app.jinja_env.globals.update(current_language=current_language, lang_path=lang_path)
    if service:
        app.wsgi_app = LanguagePrefix(app.wsgi_app, settings.other_languages)
        app.before_request(_from_prefix)
        app.context_processor(_service_alternates)


def _service_alternates() -> dict:
    """The service's pages in every language: the same path (and query) under each prefix."""
    settings = _settings()
    if len(settings.languages) < 2 or request.blueprint not in IN_EVERY_LANGUAGE:
        return {"alternates": []}
    path = request.path
    query = request.query_string.decode("latin-1")
    found = {
        code: settings.prefix(code) + path + (f"?{query}" if query else "")
        for code in settings.languages
    }
    return {"alternates": alternates(settings, path, found)}
