"""Links in a built site that lead nowhere: to a path no file answers, or to an `#anchor` the page
lacks. The build already refuses a Markdown link to a missing page; this reads the output, so it
also catches what templates, listings and related links make, and anchors. Paths the running
service answers (search, forms, the API: app/reserved_urls.py) are not files and are not checked."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .sites import page_url


class _Anchors(HTMLParser):
    """The hrefs of a page's links and the ids (and names) it has."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the page's address
    href: str  # the link as written
    why: str


def _target(dist: Path, path: str) -> str | None:
    """The HTML file (relative) a site path serves, "" for a non-HTML file, None for nothing."""
    relative = unquote(path).lstrip("/")
    for candidate in (relative + "index.html",) if path.endswith("/") else (relative + ".html",):
        if (dist / candidate).is_file():
            return candidate
    return "" if relative and (dist / relative).is_file() else None


def _read(dist: Path, relative: str, cache: dict) -> _Anchors:
    if relative not in cache:
        parser = _Anchors()
        parser.feed((dist / relative).read_text(encoding="utf-8"))
        cache[relative] = parser
    return cache[relative]


def _why(dist: Path, relative: str, href: str, cache: dict, is_service_path) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not (parts.path.startswith("/") or not parts.path):
        return None  # external, mailto:, or relative (the build refuses relative links)
    target = relative if not parts.path else _target(dist, parts.path)
    if target is None:
        return None if is_service_path(parts.path) else f"no page at {parts.path}"
    if parts.fragment and target and unquote(parts.fragment) not in _read(dist, target, cache).ids:
        return f"no #{parts.fragment} on {page_url(target)}"
    return None


def broken_links(dist: Path, is_service_path=None) -> set[BrokenLink]:
    if is_service_path is None:
        from app.reserved_urls import reserved_urls

        is_service_path = reserved_urls().is_service_path
    cache: dict[str, _Anchors] = {}
    found = set()
    for path in sorted(dist.rglob("*.html")):
        relative = path.relative_to(dist).as_posix()
        for href in _read(dist, relative, cache).hrefs:
            why = _why(dist, relative, href, cache, is_service_path)
            if why:
                found.add(BrokenLink(page_url(relative), href, why))
    return found
