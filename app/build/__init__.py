"""The build, as its own table of contents: load → check → render → freeze → finish.

Nothing is written until the whole content tree has passed its checks, and the site is frozen into
a new folder that replaces `out` only once complete: a failed build never leaves half a site.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.content import ProblemList, Site, load_content

from .assets import copy_assets, copy_media, write_brand_css
from .compress import gzip_tree
from .redirects import write_nginx_map


class ContentErrors(Exception):
    """The content has errors; `problems` lists every one."""

    def __init__(self, problems: ProblemList):
        super().__init__(f"{len(problems.errors)} content errors")
        self.problems = problems


@dataclass
class BuildResult:
    out: Path
    pages: int = 0  # HTML pages written
    files: int = 0  # every file written, pages included
    redirects: int = 0
    warnings: list = field(default_factory=list)
    seconds: float = 0.0


def check(content_dir: Path, strict: bool = False, base_url: str | None = None,
          today: dt.date | None = None) -> tuple[Site | None, ProblemList]:
    """Load and check everything; raise ContentErrors if it may not be built."""
    site, problems = load_content(content_dir, today=today)
    if site is not None and base_url:
        site.settings = site.settings.model_copy(update={"base_url": base_url.rstrip("/")})
    if problems.errors or (strict and problems.warnings) or site is None:
        raise ContentErrors(problems)
    return site, problems


def _swap_into_place(built: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(built, out)
    shutil.rmtree(old, ignore_errors=True)


def build(content_dir: Path, out: Path, *, base_url: str | None = None, strict: bool = False,
          today: dt.date | None = None,
          on_progress: Callable[[int, int, str], None] | None = None) -> BuildResult:
    started = time.perf_counter()
    content_dir, out = Path(content_dir), Path(out).resolve()
    site, problems = check(content_dir, strict=strict, base_url=base_url, today=today)

    from app import create_app
    from app.site.freezer import make_freezer

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    result = BuildResult(out=out, warnings=problems.warnings)
    try:
        app = create_app({"SITE": site, "CONTENT_DIR": str(content_dir)})
        freezer = make_freezer(app, site, str(staging))
        with app.app_context():
            urls = list(freezer.all_urls())
        for done, url in enumerate(freezer.freeze_yield(), start=1):
            if on_progress:
                on_progress(done, len(urls), url.url)
        result.pages = sum(1 for u in urls if not Path(u).suffix or u.endswith(".html"))
        copy_assets(staging)
        write_brand_css(site, staging)
        copy_media(site, staging)
        result.redirects = write_nginx_map(site, staging)
        gzip_tree(staging)
        result.files = sum(len(files) for _d, _s, files in os.walk(staging))
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result
