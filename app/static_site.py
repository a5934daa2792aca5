"""Serving the built site from dist/ (development and `flask --app app run`).

In production nginx or a CDN serves these files; this blueprint does the same lookups so that
`/vehicle-tax` finds `vehicle-tax.html`, and unknown paths get the site's own 404 page.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, send_from_directory
from werkzeug.security import safe_join

from app.languages import request_language_prefix

bp = Blueprint("static_site", __name__)


def _dist() -> Path:
    return Path(current_app.config["DIST_DIR"])


def _candidates(path: str):
    if path == "" or path.endswith("/"):
        yield path + "index.html"
    else:
        yield path
        yield path + ".html"


def is_built_page(url_path: str) -> bool:
    """Whether `url_path` is the address of a page the build wrote: `/` (index.html) or
    `/a/b` with `a/b.html` in dist/. Only the address as the site writes it counts (not the
    file's own name, `.` or `..` parts, a trailing slash or a query), and safe_join keeps the
    lookup inside dist/."""
    # a language's home page, /cy/, is the folder's index.html
    folder = url_path.endswith("/") and url_path != "/"
    checked = url_path[:-1] if folder else url_path
    if not checked.startswith("/") or posixpath.normpath(checked) != checked:
        return False
    if any(character in url_path for character in "?#\\"):
        return False
    name = checked[1:] + ("/index.html" if folder else ".html") if checked != "/" else "index.html"
    full = safe_join(str(_dist()), name)
    return bool(full) and Path(full).is_file()


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def serve(path: str):
    dist = _dist()
    prefix = request_language_prefix()  # /cy/news reaches here as /news (app/languages.py)
    if prefix:
        path = f"{prefix[1:]}/{path}"
    for candidate in _candidates(path):
        full = safe_join(str(dist), candidate)
        if full and Path(full).is_file():
            if candidate.endswith(".html") and current_app.config.get("LIVE_RELOAD"):
                from app.live_reload import inject

                # never a 304: the same file is another page while the preview's problems show
                plain = send_from_directory(dist, candidate, conditional=False, etag=False)
                return inject(plain)
            return send_from_directory(dist, candidate, max_age=0)
    abort(404)


def not_found(error):
    # under /cy/, the Welsh 404 page the build wrote (the default's when a build has none)
    prefix = request_language_prefix()
    localised = _dist() / prefix.lstrip("/") / "404.html"
    page = localised if prefix and localised.is_file() else _dist() / "404.html"
    if current_app.config.get("LIVE_RELOAD"):
        # the preview: a page deleted, or not made yet, comes back by itself when it is built,
        # and a failed first build still shows its problems
        from app.live_reload import inject
        from app.preview_problems import NOTHING_BUILT

        html = page.read_text(encoding="utf-8") if page.is_file() else NOTHING_BUILT
        return inject(Response(html, 404, mimetype="text/html"))
    if page.is_file():
        return page.read_text(encoding="utf-8"), 404, {"Content-Type": "text/html; charset=utf-8"}
    return "Page not found. The site has not been built yet: run `python build.py`.", 404


def init_static_site(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(404, not_found)
    if app.config.get("LIVE_RELOAD"):
        from app.live_reload import init_live_reload

        init_live_reload(app)
