"""Live reload for `build.py serve`: open pages reload themselves after each rebuild.

The served HTML gets one small script that polls /__build-id; the rebuild bumps the id. Polling, not
a socket, so it works behind any proxy and needs no extra dependency. Only in the preview server.
A page served while the last rebuild failed also gets the list of problems over it
(app/preview_problems.py); the same polling takes it away when a rebuild works.
"""

from __future__ import annotations

from flask import Flask, Response, current_app

from app.preview_problems import init_preview_problems, with_overlay

# The page carries the id of the build it was served from, so a rebuild that finishes before the
# first poll still reloads it.
POLL_SCRIPT = '<script type="module" src="/__live-reload.mjs" data-live-reload="{build}"></script>'
POLL_MODULE = """\
const last = document.querySelector("script[data-live-reload]").dataset.liveReload;
async function poll() {
  try {
    const response = await fetch("/__build-id", {cache: "no-store"});
    if (await response.text() !== last) { location.reload(); return; }
  } catch (error) { /* the server is restarting: try again */ }
  setTimeout(poll, 700);
}
poll();
// The error overlay's summary takes the focus (GOV.UK Frontend does it on pages that load it; a
// page the preview made without the site's scripts relies on this).
const summary = document.querySelector("[data-preview-problems] .govuk-error-summary");
if (summary && document.activeElement === document.body) { summary.focus(); }
"""


def inject(response: Response) -> Response:
    response.direct_passthrough = False
    html = with_overlay(response.get_data(as_text=True))
    script = POLL_SCRIPT.format(build=current_app.extensions["portal.build_id"])
    response.set_data(html.replace("</body>", script + "</body>", 1))
    response.headers["Cache-Control"] = "no-store"  # a reload must ask again
    response.headers.pop("Last-Modified", None)
    return response


def init_live_reload(app: Flask) -> None:
    app.extensions.setdefault("portal.build_id", "0")
    init_preview_problems(app)

    @app.get("/__build-id")
    def build_id():
        return Response(
            current_app.extensions["portal.build_id"],
            mimetype="text/plain",
            headers={"Cache-Control": "no-store"},
        )

    @app.get("/__live-reload.mjs")
    def live_reload_module():
        return Response(POLL_MODULE, mimetype="text/javascript")
