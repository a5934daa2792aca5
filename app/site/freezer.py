"""Freezing the site blueprint into files with Frozen-Flask.

Content URLs have no extension (`/vehicle-tax`, as on GOV.UK) and are written as
`vehicle-tax.html`, which a static host serves for `/vehicle-tax` with
`try_files $uri $uri.html` (see docs/hosting.md).

Frozen-Flask lists the URLs, and each one is asked of the app as a request; but the build always
freezes into a folder it has just made, so PortalFreezer fetches a URL the short way: one WSGI
call with a plain environ, the file written once. Frozen-Flask's own way (a new test client for
each URL, Werkzeug's environment builder and response wrapper, two looks for a previous file to
compare with) was about as much CPU as rendering the page's template.
"""

from __future__ import annotations

import io
import mimetypes
import os
import posixpath
import sys
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from unicodedata import normalize

from flask_frozen import Freezer, MimetypeMismatchWarning, Page

from app.content.pages import Site
from app.error_pages import BUILT_STATUSES

from .content_json import page_json
from .documents import content_json_url


def file_path_of(path: str) -> str:
    """The file a URL path is written to, relative to the site's folder."""
    if path.endswith("/"):
        return path[1:] + "index.html"
    if not posixpath.splitext(path)[1]:
        return path[1:] + ".html"
    return path[1:]


class PortalFreezer(Freezer):
    """Frozen-Flask's freezer, writing into a new, empty folder: a file that is already there
    is an error (the build never freezes over an older build). `written(path, body)`, if set, is
    called with each file's path and bytes once it is written (the build compresses them from
    memory rather than reading them back)."""

    written: Callable[[str, bytes], object] | None = None

    def urlpath_to_filepath(self, path: str) -> str:
        return file_path_of(path)

    def freeze_yield(self):
        """Frozen-Flask's freeze_yield for a new folder: each URL built once, in order, and its
        file's path relative to the folder; the endpoints no URL came from are warned about.
        (Frozen-Flask's own makes pathlib paths for each URL three times over.)"""
        self._folders: set[str] = set()
        self._root_text = str(self.root)
        os.makedirs(self._root_text, exist_ok=True)
        seen_urls: set[str] = set()
        seen_endpoints = set()
        for url, endpoint, _last_modified in self._generate_all_urls():
            seen_endpoints.add(endpoint)
            if url in seen_urls:
                continue
            seen_urls.add(url)
            yield Page(url, Path(self._write_one(url)))
        self._check_endpoints(seen_endpoints)

    def _build_one(self, url: str, last_modified=None) -> Path:
        """Frozen-Flask's way in for one URL (freeze_yield above does not use it)."""
        self._folders, self._root_text = set(), str(self.root)
        return self.root / self._write_one(url)

    def _write_one(self, url: str) -> str:
        """Fetch `url` and write its file; the file's path relative to the folder."""
        relative = normalize("NFC", self.urlpath_to_filepath(url))
        body = self._without_a_request(url)
        if body is None:
            status, content_type, body = self.fetch(url)
            if status != 200:
                raise ValueError(f"Unexpected status {status!r} on URL {url}")
            name = posixpath.basename(relative)
            guessed = _guess_type(name) or self.app.config["FREEZER_DEFAULT_MIMETYPE"]
            if guessed != content_type.split(";")[0].strip():
                warnings.warn(
                    f"Filename extension of {name!r} (type {guessed}) does not match "
                    f"Content-Type: {content_type}",
                    MimetypeMismatchWarning,
                    stacklevel=3,
                )
        path = os.path.join(self._root_text, relative)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(path, "xb") as file:
            file.write(body)
        if self.written is not None:
            self.written(path, body)
        return relative

    def _without_a_request(self, url: str) -> bytes | None:
        """The body of a page's content JSON, made as its view makes it (page_json) but without
        the request: half a page's URLs are these, and a request's routing, contexts and
        response cost more than making the JSON. None for any other URL."""
        if not url.startswith("/api/content/"):
            return None
        return page_json(self.app.extensions["portal.documents"], url)

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        """GET `url` from the app: its status, Content-Type and body."""
        answer: list = []
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            # PEP 3333: the path's UTF-8 bytes, each as one character
            "PATH_INFO": url.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        chunks = self.app(
            environ, lambda status, headers, exc_info=None: answer.append((status, headers))
        )
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        status, headers = answer[0]
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        return int(status.split(" ", 1)[0]), content_type, body


def _guess_type(name: str) -> str | None:
    """mimetypes.guess_type(name)[0], looked up once an extension (a site has a handful)."""
    extension = posixpath.splitext(name)[1]
    if not extension or extension in mimetypes.suffix_map or extension in mimetypes.encodings_map:
        return mimetypes.guess_type(name)[0]  # no extension, or one that is not a type's
    return _type_of_extension(extension)


@lru_cache(maxsize=64)
def _type_of_extension(extension: str) -> str | None:
    return mimetypes.guess_type(f"file{extension}")[0]


def site_outputs(site: Site, documents) -> list[tuple[str, str, dict]]:
    """Every output of the site as (URL, endpoint of the site blueprint, its values), in the order
    they are frozen: the index pages, then every content document, then the content JSON."""
    outputs = [
        ("/", "site.home", {}),
        ("/organisations", "site.organisations", {}),
        ("/browse", "site.browse_index", {}),
        ("/a-to-z", "site.a_to_z", {}),
        ("/news", "site.news", {}),
        ("/404.html", "site.not_found_page", {}),
        ("/robots.txt", "site.robots", {}),
        ("/sitemap.xml", "site.sitemap", {}),
    ]
    outputs += [(f"/errors/{s}.html", "site.error_page", {"status": s}) for s in BUILT_STATUSES]
    for code in site.settings.other_languages:  # the index pages again, in each other language
        prefix, lang = f"/{code}", {"lang": code}
        outputs += [
            (f"{prefix}/", "site.home", lang),
            (f"{prefix}/organisations", "site.organisations", lang),
            (f"{prefix}/browse", "site.browse_index", lang),
            (f"{prefix}/a-to-z", "site.a_to_z", lang),
            (f"{prefix}/news", "site.news", lang),
            (f"{prefix}/404.html", "site.not_found_page", lang),
        ]
        outputs += [
            (f"{prefix}/errors/{s}.html", "site.error_page", {"status": s, **lang})
            for s in BUILT_STATUSES
        ]
    for prefix, lang in _language_prefixes(site):
        for slug in site.organisations:
            values = {"slug": slug, **lang}
            outputs.append((f"{prefix}/organisations/{slug}", "site.organisation", values))
            feed = f"{prefix}/feeds/organisations/{slug}.atom"
            outputs.append((feed, "site.organisation_feed", values))
        for slug in site.topics_by_slug:
            values = {"slug": slug, **lang}
            outputs.append((f"{prefix}/browse/{slug}", "site.browse", values))
            outputs.append((f"{prefix}/feeds/topics/{slug}.atom", "site.topic_feed", values))
    outputs += [(url, "site.document", {"path": url[1:]}) for url in documents]
    for document in documents.values():
        if json_url := content_json_url(document):
            outputs.append((json_url, "site.content_api", {"path": document.url[1:]}))
    for slug in site.organisations:
        path = f"organisations/{slug}"
        outputs.append((f"/api/content/{path}.json", "site.content_api", {"path": path}))
    return outputs


def _language_prefixes(site: Site) -> list[tuple[str, dict]]:
    """("", {}) for the default language, then ("/cy", {"lang": "cy"}) for each other one."""
    others = site.settings.other_languages
    return [("", {}), *((f"/{code}", {"lang": code}) for code in others)]


def _site_endpoints(site: Site):
    from flask import current_app

    for _url, endpoint, values in site_outputs(site, current_app.extensions["portal.documents"]):
        yield endpoint, values


def _share_of(generator, share: tuple[int, int] | None):
    """Only every n-th URL of a generator, when the freeze is shared out over n processes."""
    if share is None:
        return generator
    index, count = share

    def shared_generator():
        for position, item in enumerate(generator()):
            if position % count == index:
                yield item

    return shared_generator


def make_freezer(
    app,
    site: Site,
    destination: str,
    share: tuple[int, int] | None = None,
    only: list[str] | None = None,
) -> PortalFreezer:
    """A freezer of the whole site, of share (i, n): the i-th of n equal parts of it, or of
    `only` these URLs (the preview's quick rebuild of edited pages)."""
    app.config.update(
        FREEZER_DESTINATION=destination,
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_IGNORE_MIMETYPE_WARNINGS=False,
        FREEZER_BASE_URL="http://localhost/",
        PROPAGATE_EXCEPTIONS=True,  # a template error stops the build with its own traceback
    )
    freezer = PortalFreezer(
        app, with_static_files=False, with_no_argument_rules=False, log_url_for=False
    )
    if only is not None:
        freezer.register_generator(lambda: iter(only))
        return freezer
    freezer.register_generator(_share_of(lambda: _site_endpoints(site), share))
    return freezer
