"""The paths the portal answers itself, which no content page may take: read from the routes.

Two things share the site's addresses with content pages. The running service's routes (search,
forms, developer pages, feedback, the JSON API), which nginx sends to the service ahead of the
built files (docs/hosting.md), so a page under them could never be reached; and the site's own
pages and files (home, A to Z, organisations, feeds, error pages, assets, media), which a page
would overwrite. Reading both from the URL maps means a new route reserves its path by existing.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

# Folders the build writes that no route serves (app/pipeline/assets.py, the pages' media).
BUILD_FOLDERS = ("assets", "media")
# The static files' catch-all of the running service: not a route of its own.
BUILT_FILES_ENDPOINT = "static_site.serve"
# The operators' routes (/healthz, /readyz, /metrics): reserved like any route, but not for the
# public, so nginx does not pass them on; probes and scrapers reach each app server directly.
OPERATIONS_BLUEPRINTS = ("health", "metrics")


@dataclass(frozen=True)
class ReservedUrls:
    slugs: frozenset[str]  # first path segments no page may take
    service_paths: tuple[str, ...]  # what nginx sends to the service: "search", "api/v1", …
    # (not the operators' /healthz, /readyz and /metrics, which no page may take either)

    def is_service_path(self, path: str) -> bool:
        """Whether the service answers at `path` (one of its paths, or under one), not a page."""
        return any(
            path == f"/{served}" or path.startswith(f"/{served}/") for served in self.service_paths
        )


def _static_segments(rule: str) -> list[str]:
    """The leading path segments of a route that hold no variable: `/forms/<id>` -> ["forms"]."""
    segments = []
    for segment in rule.strip("/").split("/"):
        if not segment or "<" in segment:
            break
        segments.append(segment)
    return segments


def _site_slugs(rules: Iterable[str]) -> set[str]:
    slugs = set(BUILD_FOLDERS)
    for rule in rules:
        segments = _static_segments(rule)
        if rule == "/":
            slugs.add("index")  # the home page is written as index.html
        elif segments:
            # A page /404 would be written as 404.html, over the route /404.html.
            slugs.update({segments[0], segments[0].removesuffix(".html")})
    return slugs


def _service_paths(service_rules: Iterable[str], site_rules: Iterable[str]) -> tuple[str, ...]:
    """Each service route's shortest leading path that no page of the built site starts with:
    `search` for /search, but `api/v1` for /api/v1/forms, as the site publishes /api/content/."""
    site = [_static_segments(rule) for rule in site_rules]
    paths = set()
    for rule in service_rules:
        segments = _static_segments(rule)
        for length in range(1, len(segments) + 1):
            if not any(built[:length] == segments[:length] for built in site):
                paths.add("/".join(segments[:length]))
                break
    return tuple(sorted(paths))


def _route_paths(app, operations: bool = True) -> list[str]:
    return [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != BUILT_FILES_ENDPOINT
        and (operations or rule.endpoint.split(".")[0] not in OPERATIONS_BLUEPRINTS)
    ]


_remembered: list[ReservedUrls] = []


def remember(reserved: ReservedUrls) -> None:
    """Take these as the reserved URLs rather than reading the routes (which imports the whole
    service): the build cache's, kept by a build of the same code (its key covers the code)."""
    _remembered[:] = [reserved]


def forget() -> None:
    """Read the routes again from now on (a build remembers the cache's only while it runs)."""
    _remembered.clear()


# A process reading the routes while the build reads the pages: (process, its end of a pipe).
_pending: list = []
# What that process read: the routes of this process's code, as _read_routes' cache holds them.
_received: list[ReservedUrls] = []


def read_in_background() -> None:
    """Start reading the routes in a forked process, for a build that has no cache to take them
    from: they import the whole service (half a second of a clean build's one-process start,
    while the other core waits), and the first page checked needs them."""
    if _remembered or _received or _pending or _read_routes.cache_info().currsize:
        return
    if "fork" not in mp.get_all_start_methods():
        return
    context = mp.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_send_routes, args=(theirs,), daemon=True)
    process.start()
    theirs.close()
    _pending.append((process, ours))


def _send_routes(connection) -> None:
    try:
        connection.send(_read_routes())
    finally:
        connection.close()


def _from_background() -> ReservedUrls | None:
    process, connection = _pending.pop()
    try:
        found = connection.recv()
    except (EOFError, OSError):  # it failed: read them here, where an error shows
        found = None
    finally:
        connection.close()
        process.join()
    if found is not None:
        _received.append(found)
    return found


def reserved_urls() -> ReservedUrls:
    if _remembered:
        return _remembered[0]
    if _received:
        return _received[0]
    if _pending and (found := _from_background()) is not None:
        return found
    return _read_routes()


@cache
def _read_routes() -> ReservedUrls:
    """Read once a process from an app of just the service's routes and one of just the site's
    pages: neither reads a setting, a file or a store."""
    from flask import Flask

    from app import init_service_routes
    from app.site.views import bp as site_pages

    service = Flask("app", static_folder=None)
    init_service_routes(service)
    site = Flask("app", static_folder=None)
    site.register_blueprint(site_pages)
    site_rules = _route_paths(site)
    service_paths = _service_paths(_route_paths(service, operations=False), site_rules)
    every_path = _service_paths(_route_paths(service), site_rules)
    slugs = _site_slugs(site_rules) | {path.split("/")[0] for path in every_path}
    return ReservedUrls(frozenset(slugs), service_paths)
