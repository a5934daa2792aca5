"""The static site's blueprint: every page the build freezes into dist/.

The views read the loaded Site from `app.extensions["portal.site"]`; `init_site(app, site)` sets it
and registers the blueprint. Only the build does that: the running service serves dist/ instead.
"""

from __future__ import annotations

from flask import Flask

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
    init_languages(app, site.settings, service=False)
    # Globals rather than a context processor, so imported macro files see them too.
    app.jinja_env.globals.update(template_globals(site))
