"""The service forms the app serves: `<CONTENT_DIR>/forms/<id>.yaml`, read as `build.py check`
reads them and reread when the file changes, and the start page that names each form.

The citizen's pages, the embedded form, the developers' pages, the API and the delivery command
all find forms here.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import abort, current_app

from app.content.loader import load_page
from app.content.problems import ProblemList
from app.content.yamlsource import parse_yaml

from .definition import FormDefinition

EXTENSION = "portal.forms"
START_PAGES = "portal.forms.start_pages"  # form id -> path of its start page
FORM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_form(form_id: str) -> FormDefinition | None:
    """The form `<CONTENT_DIR>/forms/<form_id>.yaml`, or None when there is no such valid form."""
    if not FORM_ID.match(form_id):
        return None
    path = Path(current_app.config["CONTENT_DIR"]) / "forms" / f"{form_id}.yaml"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    cache = current_app.extensions.setdefault(EXTENSION, {})
    cached = cache.get(form_id)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        # read exactly as `build.py check` reads it (dates left as text for the schema to judge)
        form = FormDefinition.model_validate(parse_yaml(path.read_text(encoding="utf-8"))[0])
    except Exception:  # a broken file is reported by `build.py check`; here it is not found
        current_app.logger.exception("cannot read the form %s", path)
        return None
    if form.id != form_id or form.rule_problems():
        return None
    cache[form_id] = (mtime, form)
    return form


def form_or_404(form_id: str) -> FormDefinition:
    form = load_form(form_id)
    if form is None:
        abort(404)
    return form


def start_page_path(form: FormDefinition) -> str | None:
    """The path of the start page that names this form: where the first question's back link
    goes. Found once per form and process by reading the page files that mention the form."""
    cache = current_app.extensions.setdefault(START_PAGES, {})
    if form.id not in cache:
        cache[form.id] = _find_start_page(Path(current_app.config["CONTENT_DIR"]), form.id)
    return cache[form.id]


def _find_start_page(content_dir: Path, form_id: str) -> str | None:
    mention = f"form: {form_id}"
    for path in sorted(content_dir.rglob("*.md")):
        if mention not in path.read_text(encoding="utf-8", errors="replace"):
            continue  # most files: skipped without parsing
        page = load_page(path, path.name == "index.md", ProblemList())
        if page is not None and page.kind.start_button and page.meta.form == form_id:
            return page.url
    return None
