"""The site's settings for pages the running service renders (search now, forms later).

The build hands every template the whole loaded content as `site`; the running service has no
content loaded, but its pages extend the same layout, which reads `site.settings` (name, footer
links, phase banner, base URL). `init_site_settings(app)` reads `<CONTENT_DIR>/site.yaml` once,
when the app is created, with the same loader and checks as the build, and exposes it as `site`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from app.content.loader import load_settings
from app.content.models import SiteSettings
from app.content.problems import ProblemList
from app.site.template_helpers import breadcrumbs_items

EXTENSION = "portal.settings"


class SiteSettingsError(Exception):
    """`site.yaml` is missing or wrong: the service cannot render its pages."""


@dataclass(frozen=True)
class ServingSite:
    """What the layout reads from `site` when the service, not the build, renders a page."""

    settings: SiteSettings


def read_site_settings(content_dir: Path | str) -> SiteSettings:
    path = Path(content_dir) / "site.yaml"
    problems = ProblemList()
    settings, _lines = load_settings(Path(content_dir), problems)
    if settings is None or problems.errors:
        listed = "\n".join(f"  {problem}" for problem in problems.errors)
        raise SiteSettingsError(f"cannot read the site settings from {path} (set CONTENT_DIR "
                                f"to the content folder the site was built from):\n{listed}")
    return settings


def init_site_settings(app: Flask) -> SiteSettings:
    settings = read_site_settings(app.config["CONTENT_DIR"])
    app.extensions[EXTENSION] = settings
    app.jinja_env.globals.update(site=ServingSite(settings), breadcrumbs_items=breadcrumbs_items)
    return settings


def site_settings(app: Flask) -> SiteSettings:
    return app.extensions[EXTENSION]
