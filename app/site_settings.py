"""The site's settings for the pages the running service renders (search, forms, errors).

The build hands every template the whole loaded content as `site`; the running service has no
content loaded, but its pages extend the same layout, which reads `site.settings` (name, footer
links, phase banner, base URL). `init_site_settings(app)` reads them once, when the app is
created, and exposes them as `site`: from the build's compiled `service.json` when SERVICE_DATA
names it (app/service_content.py), else from `<CONTENT_DIR>/site.yaml` with the same loader and
checks as the build.
The BASE_URL setting, when set, replaces site.yaml's `base_url`, as `build.py --base-url` does for
the build: the service's absolute URLs come from it, never from the request's Host header.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from pydantic import TypeAdapter, ValidationError

from app.content.loader import load_settings
from app.content.models import BaseUrl, SiteSettings
from app.content.problems import ProblemList
from app.service_content import ServiceContentError
from app.site.template_helpers import (
    breadcrumbs_html,
    phase_banner_html,
    rendered_once,
)

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
        raise SiteSettingsError(
            f"cannot read the site settings from {path} (set CONTENT_DIR "
            f"to the content folder the site was built from):\n{listed}"
        )
    return settings


def with_base_url(settings: SiteSettings, base_url: str) -> SiteSettings:
    """The settings with the public address BASE_URL gives (unchanged when it is empty)."""
    if not base_url:
        return settings
    try:
        checked = TypeAdapter(BaseUrl).validate_python(base_url.rstrip("/"))
    except ValidationError:
        raise SiteSettingsError(
            f"BASE_URL {base_url!r} is not the site's public address: write "
            "its scheme and host name, such as https://www.gov.nm.example, "
            "with no path"
        ) from None
    return settings.model_copy(update={"base_url": checked})


def init_site_settings(app: Flask) -> SiteSettings:
    from app.forms.registry import built_content

    try:
        built = built_content(app)
    except ServiceContentError as error:
        raise SiteSettingsError(str(error)) from None
    read = built.current().settings if built else read_site_settings(app.config["CONTENT_DIR"])
    settings = with_base_url(read, app.config.get("BASE_URL", ""))
    app.extensions[EXTENSION] = settings
    app.jinja_env.globals.update(
        site=ServingSite(settings),
        breadcrumbs_html=breadcrumbs_html,
        phase_banner_html=phase_banner_html,
        rendered_once=rendered_once,
    )
    return settings


def site_settings(app: Flask) -> SiteSettings:
    return app.extensions[EXTENSION]
