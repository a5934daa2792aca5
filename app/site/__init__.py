"""The static site's blueprint: every page the build freezes into dist/.

The views read the loaded Site from `app.extensions["portal.site"]`; `init_site(app, site)` sets it
and registers the blueprint. Only the build does that: the running service serves dist/ instead.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SessionInterface

from app.content.pages import Site
from app.languages import init_languages

from .contexts import SiteData, site_data
from .template_helpers import template_globals
from .views import bp, language_converter


def init_site(app: Flask, site: Site, data: SiteData | None = None) -> None:
    """`data`: the site's indexes if the caller has them already (the build does)."""
    data = data or site_data(site)
    app.extensions["portal.site"] = site
    app.extensions["portal.documents"] = data.documents
    app.extensions["portal.site_data"] = data
    app.url_map.converters["language"] = language_converter(site.settings.other_languages)
    app.register_blueprint(bp)
    app.session_interface = _NoSessions()
    init_languages(app, site.settings, service=False)
    # Globals rather than a context processor, so imported macro files see them too.
    app.jinja_env.globals.update(template_globals(site))


class _NoSessions(SessionInterface):
    """A built page is the same for every reader, so it never reads a session: Flask's null
    session for every request (one that refuses writes), rather than a signed cookie looked for
    and its serializer made again for each of the site's pages."""

    def open_session(self, app, request):
        return None  # Flask then makes its null session

    def save_session(self, app, session, response) -> None:
        return None
