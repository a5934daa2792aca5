"""The static site's blueprint: every page the build freezes into dist/.

The views read the loaded Site from `app.extensions["portal.site"]`; `init_site(app, site)` sets it
and registers the blueprint. Only the build does that: the running service serves dist/ instead.
"""

from __future__ import annotations

from flask import Flask

from app.content.pages import Site

from .contexts import SiteData
from .documents import build_index
from .listings import Members
from .template_helpers import template_globals
from .views import bp


def init_site(app: Flask, site: Site) -> None:
    documents = build_index(site)
    app.extensions["portal.site"] = site
    app.extensions["portal.documents"] = documents
    app.extensions["portal.site_data"] = SiteData(site, Members.of(site), documents)
    app.register_blueprint(bp)
    # Globals rather than a context processor, so imported macro files see them too.
    app.jinja_env.globals.update(template_globals(site))
