"""Routes of the static site. Each view finds its content in the Site and renders a template."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template

from app.content.pages import Site
from app.error_pages import BUILT_STATUSES, render_error_page

from . import listings
from .content_json import content_json, organisation_json
from .documents import Documents, content_json_url

bp = Blueprint("site", __name__)


def site() -> Site:
    return current_app.extensions["portal.site"]


def documents() -> Documents:
    return current_app.extensions["portal.documents"]


def members() -> listings.Members:
    return current_app.extensions["portal.members"]


@bp.route("/")
def home():
    s = site()
    return render_template(
        "site/home.html", services=listings.services(s), news=listings.news_pages(s)[:3]
    )


@bp.route("/organisations")
def organisations():
    orgs = sorted(site().organisations.values(), key=lambda o: o.title.lower())
    return render_template("site/organisations.html", organisations=orgs)


@bp.route("/organisations/<slug>")
def organisation(slug: str):
    s = site()
    org = s.organisations.get(slug) or abort(404)
    children = members().children_of.get(slug, [])
    contact = s.contacts.get(org.meta.contact) if org.meta.contact else None
    return render_template(
        "site/organisation.html",
        org=org,
        contact=contact,
        parent=s.organisations.get(org.meta.parent or ""),
        children=children,
        groups=listings.organisation_groups(members(), slug),
    )


@bp.route("/browse")
def browse_index():
    return render_template("site/browse_index.html", topics=site().topics)


@bp.route("/browse/<slug>")
def browse(slug: str):
    topic = site().topics_by_slug.get(slug) or abort(404)
    return render_template(
        "site/browse.html", topic=topic, pages=listings.topic_pages(members(), slug)
    )


@bp.route("/a-to-z")
def a_to_z():
    return render_template("site/a_to_z.html", letters=listings.a_to_z(site()))


@bp.route("/news")
def news():
    return render_template("site/news.html", pages=listings.news_pages(site()))


@bp.route("/404.html")
def not_found_page():
    return render_template("site/not_found.html")


@bp.route("/errors/<int:status>.html")
def error_page(status: int):
    """The service's error pages, as files for nginx to show for the errors it makes itself (a
    body or a header too large, the service not answering): docs/hosting.md."""
    if status not in BUILT_STATUSES:
        abort(404)
    return render_error_page(status)


@bp.route("/robots.txt")
def robots():
    body = render_template("site/robots.txt")
    return Response(body, mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap():
    from .freezer import sitemap_urls

    body = render_template("site/sitemap.xml", urls=sitemap_urls(site()))
    return Response(body, mimetype="application/xml")


@bp.route("/feeds/organisations/<slug>.atom")
def organisation_feed(slug: str):
    s = site()
    org = s.organisations.get(slug) or abort(404)
    pages = members().of_organisation.get(slug, [])
    return _feed(org.title, org.url, f"/feeds/organisations/{slug}.atom", pages)


@bp.route("/feeds/topics/<slug>.atom")
def topic_feed(slug: str):
    s = site()
    topic = s.topics_by_slug.get(slug) or abort(404)
    pages = members().of_topic.get(slug, [])
    return _feed(topic.title, topic.url, f"/feeds/topics/{slug}.atom", pages)


def _feed(title: str, url: str, feed_path: str, pages) -> Response:
    body = render_template(
        "site/feed.atom",
        title=title,
        url=url,
        feed_path=feed_path,
        entries=listings.feed_entries(pages),
    )
    return Response(body, mimetype="application/atom+xml")


@bp.route("/api/content/<path:path>.json")
def content_api(path: str):
    if path.startswith("organisations/") and path.count("/") == 1:
        org = site().organisations.get(path.split("/", 1)[1]) or abort(404)
        return organisation_json(site(), org, members().of_organisation.get(org.slug, []))
    document = documents().get(f"/{path}")
    if document is None or content_json_url(document) is None:
        abort(404)
    return content_json(site(), documents(), document)


@bp.route("/<path:path>")
def document(path: str):
    found = documents().get(f"/{path}")
    if found is None:
        abort(404)
    return render_template(found.template, **found.context(site(), documents()))
