"""The build, as its own table of contents: load → check → render → freeze → finish.

Nothing is written until the whole content tree has passed its checks, and the site is frozen into
a new folder that replaces `out` only once complete: a failed build never leaves half a site.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask_frozen import MissingURLGeneratorWarning

from app import parallel
from app.content import ProblemList, Site, load_content
from app.search.indexer import IndexBuild

from .assets import copy_assets, copy_media, write_brand_css
from .compress import gzip_file, gzip_tree
from .redirects import nginx_map_path, write_nginx_map


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
    nginx_map: Path | None = None  # beside `out`, not in it: see app/pipeline/redirects.py
    documents: int = 0  # in the search index
    index_dir: Path | None = None
    site: Site | None = None  # what was built, for the preview's quick rebuilds
    warnings: list = field(default_factory=list)
    seconds: float = 0.0


def check(
    content_dir: Path,
    strict: bool = False,
    base_url: str | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
) -> tuple[Site | None, ProblemList]:
    """Load and check everything; raise ContentErrors if it may not be built."""
    site, problems = load_content(content_dir, today=today, jobs=jobs)
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


def _freeze_share(share: tuple[int, int]) -> int:
    """Freeze one share of the site's URLs (in a forked child, or in-process for one share)."""
    from app import create_app
    from app.site.freezer import make_freezer

    site, staging = parallel.shared["freeze"]
    app = create_app({"SITE": site})
    written = 0
    with warnings.catch_warnings():
        if share[1] > 1:  # a share freezes only some endpoints, as intended
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        for page in make_freezer(app, site, staging, share).freeze_yield():
            gzip_file(Path(staging) / page.path)
            parallel.tick()
            written += 1
    return written


def freeze(
    site: Site, staging: Path, jobs: int, on_progress: Callable[[int, int, str], None] | None
) -> list[str]:
    """Write every page of the site into `staging`; returns the URLs written."""
    from app import create_app
    from app.site.freezer import make_freezer

    app = create_app({"SITE": site})
    with app.app_context():
        urls = list(make_freezer(app, site, str(staging)).all_urls())
    jobs = parallel.jobs_for(len(urls), jobs)
    parallel.shared["freeze"] = (site, str(staging))
    try:
        report = (lambda done: on_progress(done, len(urls), "")) if on_progress else None
        parallel.forked_map(_freeze_share, [(i, jobs) for i in range(jobs)], report)
    finally:
        parallel.shared.pop("freeze", None)
    return urls


def build(
    content_dir: Path,
    out: Path,
    *,
    index_dir: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    jobs: int | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> BuildResult:
    """Build the site into `out` and its search index into `index_dir` (none if None), with
    `jobs` processes (default: one per core). Both are swapped in only when both are complete."""
    started = time.perf_counter()
    jobs = jobs or parallel.default_jobs()
    content_dir, out = Path(content_dir), Path(out).resolve()
    site, problems = check(content_dir, strict=strict, base_url=base_url, today=today, jobs=jobs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    result = BuildResult(out=out, warnings=problems.warnings, site=site)
    try:
        urls = freeze(site, staging, jobs, on_progress)
        result.pages = sum(1 for u in urls if not Path(u).suffix or u.endswith(".html"))
        copy_assets(staging)
        write_brand_css(site, staging)
        copy_media(site, staging)
        gzip_tree(staging)
        result.files = sum(len(files) for _d, _s, files in os.walk(staging))
        index = IndexBuild(index_dir, procs=jobs) if index_dir is not None else None
        try:
            if index is not None:
                result.documents = index.add_site(site)
                result.index_dir = index.index_dir
            _swap_into_place(staging, out)
            result.nginx_map = nginx_map_path(out)
            result.redirects = write_nginx_map(site, result.nginx_map)
        except BaseException:
            if index is not None:
                index.abandon()
            raise
        if index is not None:
            index.commit()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result
