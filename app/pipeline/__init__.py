"""The build, as its own table of contents: load → check → render → freeze → finish.

Nothing is written until the whole content tree has passed its checks, and the site is frozen into
a new folder that replaces `out` only once complete: a failed build never leaves half a site.

With a cache folder (app/pipeline/cache.py) a build reuses what the last one made: it reads and
renders only the pages whose files changed, freezes only the outputs whose fingerprint changed,
updates those pages' search documents, and swaps the result in whole (app/pipeline/trees.py).
Its output is the same, byte for byte, as a clean build's.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import posixpath
import shutil
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask_frozen import MissingURLGeneratorWarning

from app import asset_urls, memory, parallel
from app import reserved_urls as reserved
from app.content import ProblemList, Site, load_content
from app.i18n import templates
from app.search.indexer import IndexBuild, current_generation, document_count
from app.site.contexts import SiteData, site_data
from app.site.documents import content_json_url
from app.site.freezer import site_outputs

from . import incremental, page_pass, trees
from .assets import copy_assets, copy_media, write_brand_css
from .cache import (
    TEMPLATES_FOLDER,
    BuildState,
    CacheUnusable,
    PagesState,
    build_key,
    checked_in_a_child,
    load_pages,
    load_state,
    locked,
    save_state,
)
from .compress import gzip_copy, gzip_tree
from .loading import ContentErrors, Loaded, load
from .redirects import nginx_map_path
from .server_files import server_files_present, write_server_files
from .sources import FileDigests
from .trees import swap_into_place

# The listings (home, A to Z, sitemap, organisations, topics, feeds) are shared out over the
# processes from this many: each lists many pages, so forking pays for itself much sooner than
# for pages (parallel.MIN_ITEMS_PER_JOB).
LISTINGS_PER_JOB = 10


@dataclass
class BuildResult:
    out: Path
    pages: int = 0  # HTML pages in the site
    files: int = 0  # files written (every file of the site, in a clean build)
    redirects: int = 0
    nginx_map: Path | None = None  # beside `out`, not in it: app/pipeline/server_files.py
    documents: int = 0  # search documents written
    index_dir: Path | None = None
    site: Site | None = None  # what was built
    warnings: list = field(default_factory=list)
    seconds: float = 0.0
    incremental: bool = False  # whether the build cache was used
    rendered: int = 0  # outputs (pages, feeds, JSON) frozen by this build
    removed: int = 0  # files removed from the site (incremental builds)
    cache_message: str | None = None  # why a cache given was not used
    delta: tuple | None = None  # (files written, files removed) in `out`, for the next build
    spare: int | None = None  # the inode of the folder it replaced, kept for the next build


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


def _freeze_share(share: tuple[int, int]) -> int:
    """Freeze one share of the site's URLs (in a forked child, or in-process for one share)."""
    from app import create_app
    from app.site.freezer import make_freezer

    site, data, staging, only = parallel.shared["freeze"]
    app = create_app({"SITE": site, "SITE_DATA": data})
    written = 0
    with warnings.catch_warnings():
        if share[1] > 1 or only is not None:  # a share freezes only some endpoints, as intended
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        mine = None if only is None else only[share[0] :: share[1]]
        freezer = make_freezer(app, site, staging, share, mine)
        freezer.written = gzip_copy
        for _page in freezer.freeze_yield():
            parallel.tick()
            written += 1
    return written


def freeze(
    site: Site,
    staging: Path,
    jobs: int,
    on_progress: Callable[[int, int, str], None] | None,
    only: list[str] | None = None,
    data: SiteData | None = None,
    per_job: int = parallel.MIN_ITEMS_PER_JOB,
) -> list[str]:
    """Write every page of the site (or `only` these URLs) into `staging`; returns the URLs.
    `data`: the site's indexes, if already made (each worker would make them again); `per_job`,
    the fewest URLs worth a process of their own."""
    from app import create_app
    from app.site.freezer import make_freezer

    if only is None:
        app = create_app({"SITE": site, "SITE_DATA": data})
        with app.app_context():
            urls = list(make_freezer(app, site, str(staging)).all_urls())
    else:
        urls = only
    jobs = parallel.jobs_for(len(urls), jobs, per_job)
    if data is not None and jobs > 1:
        data.whole()  # made once, before the workers are forked, rather than by each
    parallel.shared["freeze"] = (site, data, str(staging), only)
    try:
        report = (lambda done: on_progress(done, len(urls), "")) if on_progress else None
        parallel.forked_map(_freeze_share, [(i, jobs) for i in range(jobs)], report)
    finally:
        parallel.shared.pop("freeze", None)
    return urls


@dataclass
class _Options:
    content_dir: Path
    out: Path
    index_dir: Path | None
    cache_dir: Path | None
    jobs: int
    on_progress: Callable[[int, int, str], None] | None
    asked: dict  # base_url, strict, style_lint, today and clean, as given to build()

    def key(self) -> dict:
        """The options the output depends on, for the build key."""
        asked = self.asked
        return {
            "base_url": asked["base_url"],
            "strict": asked["strict"],
            # the cache keeps each page's warnings: the style lint's only if it ran, so a build
            # with it (the preview) never reuses the pages of one without it (`build`), nor the
            # reverse, and never shows stale or missing style warnings
            "style_lint": asked["style_lint"],
            "index": bool(self.index_dir),
        }


def _previous(
    options: _Options, key: bytes, digests: FileDigests
) -> tuple[BuildState | None, str | None]:
    """The last build's state, if this build may use it; else why not."""
    try:
        state = load_state(options.cache_dir)
    except CacheUnusable as exc:
        return None, str(exc)
    if state.key != key:
        return None, (
            "the code, its packages, the settings, the shared content or the build's options "
            "(--base-url, --strict, the style lint the preview runs and build does not) changed"
        )
    try:
        inode = os.stat(options.out).st_ino
    except FileNotFoundError:
        inode = None
    if state.out != (str(options.out), inode):
        return None, f"{options.out} is not the site it built"
    if options.index_dir is not None:
        live = current_generation(options.index_dir)
        if live is None or live.name != state.generation:
            return None, f"{options.index_dir} is not the index it built"
    digests.known = state.files
    if state.reserved is not None:
        reserved.remember(state.reserved)  # the same code has the same routes
    return state, None


def _pages_unless_unchanged(
    options: _Options, state: BuildState, today, digests: FileDigests, found: list
) -> tuple[PagesState | None, str | None]:
    """The last build's pages state, read while a child checks the page files for changes (the
    page files go into `found`, their digests into `digests`); (None, None) when nothing
    changed, the day included; (None, why) when the pages' half of the cache is unusable."""
    same_day = (today or dt.date.today()) == state.today
    checking = checked_in_a_child(options.content_dir, state, digests)
    try:
        answer: list[bool] = []

        def unchanged_yet() -> bool:  # asked between the cache's parts: stop if so
            if not answer and checking.sent():
                answer.append(checking.message())
            return bool(answer) and answer[0] and same_day

        try:
            pages, unusable = load_pages(options.cache_dir, state, stop=unchanged_yet), None
        except CacheUnusable as exc:
            pages, unusable = None, str(exc)
        if not answer:
            answer.append(checking.message())
        if answer[0] and same_day:
            return None, None
        files = checking.message()
    finally:
        checking.close()
    found.extend(files.files())
    files.add_to(digests, state)
    return pages, unusable


def _nothing_to_do(options: _Options, state: BuildState) -> BuildResult:
    result = BuildResult(out=options.out, warnings=list(state.warnings), incremental=True)
    result.pages, result.delta, result.spare = state.pages, state.delta, state.spare
    result.index_dir = options.index_dir
    return result


def build(
    content_dir: Path,
    out: Path,
    *,
    index_dir: Path | None = None,
    cache_dir: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    jobs: int | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    clean: bool = False,
    style_lint: bool = False,
) -> BuildResult:
    """Build the site into `out` and its search index into `index_dir` (none if None), with
    `jobs` processes (default: one per core), reusing the build cache in `cache_dir` if given
    (unless `clean`: then it is written afresh). Both are swapped in only when both are
    complete. `style_lint`: run the style lint as pages are rendered, its findings among the
    warnings (the preview does; `build.py build` does not: 1.3 ms a page, and `check --strict`
    is CI's gate on it)."""
    started = time.perf_counter()
    options = _Options(
        # absolute: its files' names are the cache's keys, and problems still name them as
        # typed (loader.display_path)
        Path(os.path.abspath(content_dir)),
        Path(out).resolve(),
        Path(index_dir).resolve() if index_dir is not None else None,
        Path(cache_dir) if cache_dir is not None else None,
        jobs or parallel.default_jobs(),
        on_progress,
        {
            "base_url": base_url,
            "strict": strict,
            "style_lint": style_lint,
            "today": today,
            "clean": clean,
        },
    )
    try:
        with asset_urls.held():  # the build's key covers them
            if options.cache_dir is None:
                result = _build(options)
            else:
                with locked(options.cache_dir):
                    templates.keep_compiled_in(options.cache_dir / TEMPLATES_FOLDER)
                    result = _build(options)
    finally:
        templates.keep_compiled_in(None)
        gc.unfreeze()  # what the build froze (app/pipeline/loading.py) is collectable again
        reserved.forget()  # the cache's routes were this build's
        trees.forget_copies()  # a failed build's spare in the making
        trees.finish_removals()

    result.seconds = time.perf_counter() - started
    return result


def _build(options: _Options) -> BuildResult:
    base_url, strict, today = (options.asked[k] for k in ("base_url", "strict", "today"))
    digests, state, message, key = FileDigests(), None, None, b""
    if options.cache_dir is not None:
        key = build_key(options.content_dir, options.key(), digests)
        if not options.asked["clean"]:
            state, message = _previous(options, key, digests)
    page_files: list = []  # as the check for changes found them, so as not to look twice
    pages = None
    if state is not None:
        pages, unusable = _pages_unless_unchanged(options, state, today, digests, page_files)
        if pages is None and unusable is None:
            memory.keep(state, digests)
            return _nothing_to_do(options, state)
        if unusable is not None:
            state, message = None, unusable
    if state is None:
        reserved.read_in_background()  # while the pages are read: each page's check needs them
        if options.cache_dir is not None:  # compiled by other code or packages, maybe
            shutil.rmtree(options.cache_dir / TEMPLATES_FOLDER, ignore_errors=True)
    load_options = {
        "today": today,
        "base_url": base_url,
        "strict": strict,
        "jobs": options.jobs,
        "style_lint": options.asked["style_lint"],
    }
    outputs = None  # the outputs whose fingerprints may have changed: None, any
    if state is None:
        result, loaded, fingerprints = _clean_and_kept(options, digests, load_options)
    else:
        loaded = load(
            options.content_dir,
            pages.entries,
            state.urls,
            digests,
            files=page_files,
            old_cards=state.cards,
            **load_options,
        )
        result, fingerprints, outputs = _incremental(loaded, options, state, pages)
    result.cache_message = (
        f"Build cache {options.cache_dir} not used: {message}." if message else None
    )
    if options.cache_dir is not None:
        last = (state, pages, outputs) if state else None
        _save(options, loaded, key, fingerprints, result, digests, last)
    memory.keep(loaded, state, pages, digests)  # freed as usual, unless the process is ending
    return result


def _inputs(loaded: Loaded, last: BuildState | None) -> dict:
    """Each page file's inputs, for the cache: the last build's, but for the entries replaced."""
    if last is None:
        return {k: (e.is_guide, e.inputs) for k, e in loaded.entries.items()}
    inputs = dict(last.inputs)
    for key in loaded.replaced:
        entry = loaded.entries.get(key)
        if entry is None:
            inputs.pop(key, None)
        else:
            inputs[key] = (entry.is_guide, entry.inputs)
    return inputs


def _save(
    options: _Options, loaded: Loaded, key: bytes, fingerprints, result, digests, last
) -> None:
    """Write the cache. `last`: the last build's state and pages state, and the outputs whose
    fingerprints this build may have changed (None after a clean build)."""
    generation = current_generation(options.index_dir) if options.index_dir else None
    stamp = uuid.uuid4().hex
    previous, pages, outputs = last or (None, None, None)
    save_state(
        options.cache_dir,
        BuildState(
            key=key,
            today=loaded.site.today,
            inputs=_inputs(loaded, previous),
            warnings=result.warnings,
            pages=result.pages,
            stamp=stamp,
            urls=loaded.urls,
            cards=loaded.cards,
            files=dict(digests.seen),
            out=(str(options.out), os.stat(options.out).st_ino),
            generation=generation.name if generation else None,
            delta=result.delta,
            spare=result.spare,
            redirects=result.redirects,
            reserved=reserved.reserved_urls(),
        ),
        pages.changed(loaded.entries, loaded.replaced, fingerprints, outputs)
        if pages
        else PagesState(stamp, loaded.entries, fingerprints),
        previous,
    )


def _count_pages(urls) -> int:
    return sum(1 for u in urls if u.endswith(".html") or not posixpath.splitext(u)[1])


def _clean(
    options: _Options, digests: FileDigests, load_options: dict
) -> tuple[BuildResult, Loaded]:
    """Build everything into a new folder and index generation, and swap them in."""
    out = options.out
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    index = IndexBuild(options.index_dir, procs=options.jobs) if options.index_dir else None
    try:
        segments: dict[str, list] = {}
        made: list[SiteData] = []
        outputs: list[tuple[list[str], list[str]]] = []  # every URL, and the listings

        def render(site: Site, urls: list[str]):
            report = options.on_progress and (lambda done: options.on_progress(done, len(urls), ""))
            folder = None
            if index is not None:
                index.hold(site)  # its languages' indexes, made before the workers fork
                folder = index.generation
            made.append(site_data(site).whole())  # the site is whole now, and not changed after
            outputs.append(_outputs(made[0]))
            renderings, written = page_pass.render_freeze_index(
                made[0], urls, staging, folder, options.jobs, report, outputs[0][1]
            )
            segments.update(written)
            return renderings

        loaded = load(options.content_dir, {}, frozenset(), digests, render=render, **load_options)
        site = loaded.site
        page_pass.forget_sources(site)
        result = BuildResult(out=out, warnings=sorted(loaded.problems.warnings), site=site)
        data = made[0] if made else site_data(site)
        urls, listings = outputs[0] if outputs else _outputs(data)
        if not made:  # the page pass froze the listings too, when there was one
            freeze(site, staging, options.jobs, None, listings, data, per_job=LISTINGS_PER_JOB)
        result.pages, result.rendered = _count_pages(urls), len(urls)
        copy_assets(staging)
        write_brand_css(site, staging)
        copy_media(site, staging)
        # the pages and listings were compressed by the processes that froze them: what came
        # in since is under assets/ and media/ (walking the whole site for it took 0.5 s)
        for copied in ("assets", "media"):
            gzip_tree(staging / copied)
        result.files = sum(len(files) for _d, _s, files in os.walk(staging))
        if index is not None:
            index.add_segments(site, segments)
            result.documents = document_count(site)
            result.index_dir = index.index_dir
        swap_into_place(staging, out)  # staging now holds the last build, if there was one
        # the last build's folders go while the build writes its server files and cache
        trees.remove_in_background(staging, trees.spare_path(out))
        if options.cache_dir is not None:  # a next build will change this one
            trees.copy_in_background(out)
        result.nginx_map, result.redirects = write_server_files(site, out)
    except BaseException:
        if index is not None:
            index.abandon()
        raise
    finally:
        trees.remove_in_background(staging)  # a failed build's part, if any
    if index is not None:
        index.commit()
    return result, loaded


def _outputs(data: SiteData) -> tuple[list[str], list[str]]:
    """Every URL of the site, and those the pages' own outputs are not: the outputs that list
    pages, the redirect pages and the fixed ones (the listings)."""
    site, documents = data.site, data.documents
    own = {d.url for d in documents.values() if d.kind != "redirect"}
    own |= {u for d in documents.values() if (u := content_json_url(d))}
    urls = [url for url, _endpoint, _values in site_outputs(site, documents)]
    return urls, [url for url in urls if url not in own]


def _clean_and_kept(options: _Options, digests: FileDigests, load_options: dict):
    """A clean build, and what a cache keeps of it for the next build: every output's
    fingerprint, and the copy of the site the next build changes (its spare, with nothing
    changed since: trees.py)."""
    result, loaded = _clean(options, digests, load_options)
    if options.cache_dir is None:
        return result, loaded, {}
    fingerprints = _all_fingerprints(loaded, options.jobs)
    result.delta, result.spare = ([], []), trees.spare_made(options.out)
    return result, loaded, fingerprints


def _all_fingerprints(loaded: Loaded, jobs: int) -> dict:
    data = site_data(loaded.site)
    return incremental.all_fingerprints(data, incremental.page_keys(loaded), jobs)


def _incremental(
    loaded: Loaded, options: _Options, state: BuildState, pages: PagesState
) -> tuple[BuildResult, dict, list[str]]:
    """The build from the cache; its result, the outputs' fingerprints, and the outputs whose
    fingerprints may differ from the last build's."""
    site, out = loaded.site, options.out
    data = site_data(site)
    plan = incremental.plan(data, loaded, state, pages.fingerprints, options.jobs)
    loaded.fill(incremental.owners(data, plan.render), options.jobs)
    result = BuildResult(
        out=out, warnings=sorted(loaded.problems.warnings), site=site, incremental=True
    )
    # the same outputs as the last build's when no card changed (no page came or went)
    result.pages = state.pages if plan.same_outputs else _count_pages(plan.fingerprints)
    result.rendered = len(plan.render)
    scratch = out.with_name(f".{out.name}.incoming-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        if plan.render:
            freeze(site, scratch, options.jobs, options.on_progress, plan.render, data)
        changed = [site.pages[url] for url in loaded.changed]
        new_media = incremental.media_files(changed)
        incremental.write_media(scratch, new_media)
        old_media = incremental.old_media(pages.entries, loaded)
        written = incremental.written_files(scratch)
        removed = incremental.removals(
            plan.render, written, plan.remove, sorted(set(old_media) - set(new_media)), new_media
        )
        index = None
        if options.index_dir is not None:
            index = IndexBuild.updating(options.index_dir)
        try:
            if index is not None:
                before = {entry.url for entry in pages.entries.values()}
                gone = sorted((loaded.changed | loaded.removed) & before)
                result.documents = index.update(site, gone, sorted(loaded.changed))
                result.index_dir = index.index_dir
            last = (state.delta, state.spare)
            result.spare = trees.update_and_swap(out, scratch, written, removed, last)
            if plan.same_outputs and server_files_present(out):
                # they follow from the shared content and code (the build key) and from the
                # pages' cards (redirects, start pages): all as the last build had them
                result.nginx_map, result.redirects = nginx_map_path(out), state.redirects
            else:
                result.nginx_map, result.redirects = write_server_files(site, out)
        except BaseException:
            if index is not None:
                index.abandon()
            raise
        if index is not None:
            index.commit()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result.files, result.removed = len(written), len(removed)
    result.delta = (written, removed)
    return result, plan.fingerprints, plan.render + plan.remove
