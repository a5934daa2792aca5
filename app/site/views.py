"""Routes of the static site. Each view renders what `contexts` says the page shows."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template

from app.error_pages import BUILT_STATUSES, render_error_page

from . import contexts
from .content_json import content_json, organisation_json
from .contexts import SiteData, View
from .documents import content_json_url

bp = Blueprint("site", __name__)


def data() -> SiteData:
    return current_app.extensions["portal.site_data"]


def _render(view: View | None):
    if view is None:
        abort(404)
    body = render_template(view.template, **view.context)
    return Response(body, mimetype=view.mimetype) if view.mimetype else body


@bp.route("/")
def home():
    return _render(contexts.home(data()))


@bp.route("/organisations")
def organisations():
    return _render(contexts.organisations(data()))


@bp.route("/organisations/<slug>")
def organisation(slug: str):
    return _render(contexts.organisation(data(), slug))


@bp.route("/browse")
def browse_index():
    return _render(contexts.browse_index(data()))


@bp.route("/browse/<slug>")
def browse(slug: str):
    return _render(contexts.browse(data(), slug))


@bp.route("/a-to-z")
def a_to_z():
    return _render(contexts.a_to_z(data()))


@bp.route("/news")
def news():
    return _render(contexts.news(data()))


@bp.route("/404.html")
def not_found_page():
    return _render(contexts.not_found(data()))


@bp.route("/errors/<int:status>.html")
def error_page(status: int):
    """The service's error pages, as files for nginx to show for the errors it makes itself (a
    body or a header too large, the service not answering): docs/hosting.md."""
    if status not in BUILT_STATUSES:
        abort(404)
    return render_error_page(status)


@bp.route("/robots.txt")
def robots():
    return _render(contexts.robots(data()))


@bp.route("/sitemap.xml")
def sitemap():
    return _render(contexts.sitemap(data()))


@bp.route("/feeds/organisations/<slug>.atom")
def organisation_feed(slug: str):
    return _render(contexts.organisation_feed(data(), slug))


@bp.route("/feeds/topics/<slug>.atom")
def topic_feed(slug: str):
    return _render(contexts.topic_feed(data(), slug))


@bp.route("/api/content/<path:path>.json")
def content_api(path: str):
    d = data()
    if path.startswith("organisations/") and path.count("/") == 1:
        slug = path.split("/", 1)[1]
        org = d.site.organisations.get(slug) or abort(404)
        return organisation_json(d.site, org, contexts.organisation_listed(d, slug))
    document = d.documents.get(f"/{path}")
    if document is None or content_json_url(document) is None:
        abort(404)
    return content_json(d.site, d.documents, document)


@bp.route("/<path:path>")
def document(path: str):
    return _render(contexts.document(data(), f"/{path}"))
