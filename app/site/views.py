"""Routes of the static site. Each view renders what `contexts` says the page shows."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, g, render_template
from werkzeug.routing import BaseConverter

from app.error_pages import BUILT_STATUSES, render_error_page

from . import contexts
from .content_json import organisation_json, page_json
from .contexts import SiteData, View


class LanguageConverter(BaseConverter):
    """A language's URL prefix: `cy` in /cy/news. Any code here; `language_converter` makes
    one matching only a site's other languages, so that no page's path is taken for one."""

    regex = r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?"


def language_converter(codes: list[str]) -> type[BaseConverter]:
    pattern = "|".join(re.escape(code) for code in codes) or "(?!)"  # (?!): matches nothing
    return type("SiteLanguageConverter", (LanguageConverter,), {"regex": f"(?:{pattern})"})


bp = Blueprint("site", __name__)
# Before the routes: their `<language:…>` parts need it. The app's own (init_site) matches just
# the site's other languages; this one, any code, is for an app made only to read the routes.
bp.record_once(lambda state: state.app.url_map.converters.setdefault("language", LanguageConverter))


def data() -> SiteData:
    return current_app.extensions["portal.site_data"]


def _render(view: View | None):
    if view is None:
        abort(404)
    # the language the page is in: its templates' text, dates and Markdown labels follow it
    g.language = view.context.get("language") or data().site.settings.language
    body = render_template(view.template, **view.context)
    return Response(body, mimetype=view.mimetype) if view.mimetype else body


# The portal's own index pages, in the default language (unprefixed) and under each other
# language's prefix (/cy/, /cy/organisations, …): `lang` is None in the default language.
@bp.route("/")
@bp.route("/<language:lang>/")
def home(lang: str | None = None):
    return _render(contexts.home(data(), lang))


@bp.route("/organisations")
@bp.route("/<language:lang>/organisations")
def organisations(lang: str | None = None):
    return _render(contexts.organisations(data(), lang))


@bp.route("/organisations/<slug>")
@bp.route("/<language:lang>/organisations/<slug>")
def organisation(slug: str, lang: str | None = None):
    return _render(contexts.organisation(data(), slug, lang))


@bp.route("/browse")
@bp.route("/<language:lang>/browse")
def browse_index(lang: str | None = None):
    return _render(contexts.browse_index(data(), lang))


@bp.route("/browse/<slug>")
@bp.route("/<language:lang>/browse/<slug>")
def browse(slug: str, lang: str | None = None):
    return _render(contexts.browse(data(), slug, lang))


@bp.route("/a-to-z")
@bp.route("/<language:lang>/a-to-z")
def a_to_z(lang: str | None = None):
    return _render(contexts.a_to_z(data(), lang))


@bp.route("/news")
@bp.route("/<language:lang>/news")
def news(lang: str | None = None):
    return _render(contexts.news(data(), lang))


# The site's 404 page and the error pages, in each language: the service (app/static_site.py,
# app/error_pages.py) and nginx show a reader under /cy/ the Welsh ones.
@bp.route("/404.html")
@bp.route("/<language:lang>/404.html")
def not_found_page(lang: str | None = None):
    return _render(contexts.not_found(data(), lang))


@bp.route("/errors/<int:status>.html")
@bp.route("/<language:lang>/errors/<int:status>.html")
def error_page(status: int, lang: str | None = None):
    """The service's error pages, as files for nginx to show for the errors it makes itself (a
    body or a header too large, the service not answering): docs/hosting.md."""
    if status not in BUILT_STATUSES:
        abort(404)
    g.language = lang or data().site.settings.language
    return render_error_page(status)


@bp.route("/robots.txt")
def robots():
    return _render(contexts.robots(data()))


@bp.route("/sitemap.xml")
def sitemap():
    return _render(contexts.sitemap(data()))


@bp.route("/feeds/organisations/<slug>.atom")
@bp.route("/<language:lang>/feeds/organisations/<slug>.atom")
def organisation_feed(slug: str, lang: str | None = None):
    return _render(contexts.organisation_feed(data(), slug, lang))


@bp.route("/feeds/topics/<slug>.atom")
@bp.route("/<language:lang>/feeds/topics/<slug>.atom")
def topic_feed(slug: str, lang: str | None = None):
    return _render(contexts.topic_feed(data(), slug, lang))


@bp.route("/api/content/<path:path>.json")
def content_api(path: str):
    d = data()
    if path.startswith("organisations/") and path.count("/") == 1:
        slug = path.split("/", 1)[1]
        org = d.site.organisations.get(slug) or abort(404)
        return organisation_json(d.site, org, contexts.organisation_listed(d, slug))
    body = page_json(d.documents, f"/api/content/{path}.json")
    if body is None:
        abort(404)
    return Response(body, mimetype="application/json")


@bp.route("/<path:path>")
def document(path: str):
    return _render(contexts.document(data(), f"/{path}"))
