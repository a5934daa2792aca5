"""The preview's error overlay: while the last rebuild failed, every page `build.py serve` serves
starts with the list of problems (file, line, message with the fix), so a content designer sees
in the browser, where they look, that their edit did not publish, and why.

app/pipeline/serve.py records the problems of a failed build in `app.extensions` and clears them
after a good one; either way it bumps the build id, so the open page reloads (app/live_reload.py)
into the overlay, and back out of it once fixed. The overlay is put first in the page's body; its
stylesheet hides the page after it, which stays in the HTML only so the page's own stylesheet and
scripts (GOV.UK Frontend's error summary takes the focus) still apply.

Warnings (the style lint's, a long title: docs/style-lint.md) do not stop a build: after a build
that worked, each page starts with a panel that lists them, closed, above the page it does not
hide; after one that failed, the overlay lists them below the errors.
"""

from __future__ import annotations

import re

from flask import Flask, Response, current_app, render_template

KEY = "portal.build_problems"  # what failed the last build
WARNINGS_KEY = "portal.build_warnings"  # the last build's warnings, when not already in KEY
BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
STYLESHEET = """\
.app-preview-problems ~ * { display: none !important; }
.app-preview-problems { min-height: 100vh; }
.app-preview-problems__list li { margin-bottom: 15px; }
.app-preview-problems__place { display: block; font-weight: 700; overflow-wrap: anywhere; }
.app-preview-problems__message { color: #0b0c0c; }
.app-preview-warnings { margin-top: 15px; }
"""
# The page a preview serves when no build has worked yet: there is no site to show behind the list.
NOTHING_BUILT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The site was not built</title></head>
<body></body></html>"""


def current_problems() -> list:
    return current_app.extensions.get(KEY) or []


def _overlay() -> str:
    problems = current_problems()
    warnings = current_app.extensions.get(WARNINGS_KEY) or []
    if problems:
        return render_template("preview/problems.html", problems=problems, warnings=warnings)
    if warnings:
        return render_template("preview/warnings.html", warnings=warnings)
    return ""


def with_overlay(html: str) -> str:
    """The page with the overlay first in its body, if the last build failed, or the panel of
    warnings, if it had any."""
    overlay = _overlay()
    if not overlay:
        return html
    match = BODY_OPEN.search(html)
    if match is None:
        return overlay + html
    return html[: match.end()] + overlay + html[match.end() :]


def init_preview_problems(app: Flask) -> None:
    app.extensions.setdefault(KEY, [])
    app.extensions.setdefault(WARNINGS_KEY, [])

    @app.get("/__preview-problems.css")
    def preview_problems_css():
        return Response(STYLESHEET, mimetype="text/css", headers={"Cache-Control": "no-store"})
