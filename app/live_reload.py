"""Live reload for `build.py serve`: open pages reload themselves after each rebuild.

The served HTML gets one small script that polls /__build-id; the rebuild bumps the id. Polling, not
a socket, so it works behind any proxy and needs no extra dependency. Only in the preview server.
"""

from __future__ import annotations

from flask import Flask, Response, current_app

POLL_SCRIPT = '<script type="module" src="/__live-reload.mjs"></script>'
POLL_MODULE = """\
let last = null;
async function poll() {
  try {
    const response = await fetch("/__build-id", {cache: "no-store"});
    const id = await response.text();
    if (last !== null && id !== last) { location.reload(); return; }
    last = id;
  } catch (error) { /* the server is restarting: try again */ }
  setTimeout(poll, 700);
}
poll();
"""


def inject(response: Response) -> Response:
    response.direct_passthrough = False
    html = response.get_data(as_text=True)
    response.set_data(html.replace("</body>", POLL_SCRIPT + "</body>", 1))
    return response


def init_live_reload(app: Flask) -> None:
    app.extensions.setdefault("portal.build_id", "0")

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
