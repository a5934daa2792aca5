"""The portal as the audit sees it: the content built once into a temporary folder with its search
index, and served on loopback by the real app (static files and the dynamic routes) in a thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from app import create_app
from app.pipeline import build
from app.store import dispose, get_engine

from .sources import SourceMap

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


class QuietHandler(WSGIRequestHandler):
    """No line per request: the audit makes thousands."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def whole_responses(app):
    """The app, with each response read whole before it is sent. werkzeug's server skips closing
    a response when the browser has already gone (a tab closed mid-load), which leaves a static
    file open; a response read here is closed here."""

    def wsgi(environ, start_response):
        chunks = app(environ, start_response)
        try:
            return [b"".join(chunks)]
        finally:
            if hasattr(chunks, "close"):
                chunks.close()

    return wsgi


def url_of(dist: Path, path: Path) -> str:
    """The URL of a built HTML file: `a/index.html` is `/a/`, `b.html` is `/b`."""
    relative = path.relative_to(dist).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative.removesuffix(".html")


def page_urls(dist: Path) -> list[str]:
    """The URL of every HTML page in a built site."""
    return [url_of(dist, path) for path in sorted(dist.rglob("*.html"))]


@dataclass
class Portal:
    """A built and running portal: `url("/path")` is where the browser finds a page."""

    root: str
    dist: Path
    content: Path
    server: BaseWSGIServer = field(repr=False)
    app: object = field(repr=False)

    @property
    def pages(self) -> list[str]:
        return page_urls(self.dist)

    @property
    def redirects(self) -> set[str]:
        """The pages that only send the browser on (a meta refresh to where a page moved)."""
        return {
            url_of(self.dist, path)
            for path in self.dist.rglob("*.html")
            if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")
        }

    @cached_property
    def sources(self) -> SourceMap:
        """The content file each built page came from, for messages naming `content/…:line`."""
        return SourceMap(self.content)

    def url(self, path: str) -> str:
        return self.root + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        dispose(self.app)


def start_portal(workdir: Path, content: Path = CONTENT) -> Portal:
    """Build `content` into `workdir` and serve it on a free loopback port."""
    dist, index = workdir / "dist", workdir / "search-index"
    build(content, dist, index_dir=index)
    app = create_app(
        {
            "DIST_DIR": str(dist),
            "SEARCH_INDEX_DIR": str(index),
            "CONTENT_DIR": str(content),
            "DATABASE_URL": f"sqlite:///{workdir / 'portal.db'}",
            "SECRET_KEY": "accessibility-audit",
            # Email on, so check answers offers a copy of the answers; no worker runs, so
            # nothing is ever sent to this address.
            "MAIL_FROM": "GOV.NM <no-reply@gov.nm.example>",
            "SMTP_HOST": "127.0.0.1",
        }
    )
    get_engine(app)  # make the database now, not in two request threads at once
    server = make_server(
        "127.0.0.1", 0, whole_responses(app), threaded=True, request_handler=QuietHandler
    )
    threading.Thread(target=server.serve_forever, name="portal", daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}"
    return Portal(root=root, dist=dist, content=content, server=server, app=app)
