"""Files the site needs beside its pages: compiled CSS and JS (with their fingerprinted copies:
app/asset_urls.py), icons, brand colours, media."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.asset_urls import ASSET_FILES, write_fingerprinted
from app.config import PROJECT_ROOT
from app.content.pages import Site


class MissingAsset(Exception):
    """A front-end file is missing: the npm install or Sass build has not been run."""


def missing_assets() -> list[Path]:
    return [source for source, _name in ASSET_FILES if not source.is_file()]


def copy_assets(out: Path) -> None:
    missing = missing_assets()
    if missing:
        names = ", ".join(str(p.relative_to(PROJECT_ROOT)) for p in missing)
        raise MissingAsset(
            f"front-end files are missing ({names}): run `make assets` "
            "(npm ci, then npm run build:css)"
        )
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for source, name in ASSET_FILES:
        shutil.copyfile(source, assets / name)
    write_fingerprinted(assets)  # the names the pages load (app/asset_urls.py)


def brand_css(site: Site) -> str:
    """The portal's and each organisation's colours, from content, as CSS custom properties."""
    rules = [f":root{{--portal-brand:{site.settings.brand_colour}}}"]
    for org in site.organisations.values():
        colour = org.meta.brand_colour or site.settings.brand_colour
        rules.append(f".app-org-colour--{org.slug}{{--org-colour:{colour}}}")
    return "\n".join(rules) + "\n"


def write_brand_css(site: Site, out: Path) -> None:
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / "assets" / "brand.css").write_text(brand_css(site), encoding="utf-8")


def copy_media(site: Site, out: Path) -> int:
    """Copy each page's images and attachments to /media/<page>/<file>; returns how many."""
    count = 0
    for page in site.pages.values():
        for file_name, url in page.media.items():
            target = out / url.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page.source.folder / file_name, target)
            count += 1
    return count
