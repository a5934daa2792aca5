"""The service forms the app serves, and what the service knows about them from the content:
the organisations' names and the start page that names each form.

Read from the build's compiled `service.json` when PORTAL_SERVICE_DATA names it (an app server:
no content tree needed; app/service_content.py), else straight from `<CONTENT_DIR>/forms/<id>.yaml`
(development and tests: read as `build.py check` reads them, and reread when the file changes).

The citizen's pages, the embedded form, the developers' pages, the API, the delivery command and
`flask doctor` all find forms here.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, abort, current_app

from app.content.loader import load_organisations, load_page
from app.content.pages import Site
from app.content.problems import ProblemList
from app.content.yamlsource import parse_yaml
from app.i18n import current_language
from app.service_content import BuiltServiceContent

from .definition import FormDefinition
from .translation import localised, offered_languages

EXTENSION = "portal.forms"
BUILT = "portal.forms.built"  # the BuiltServiceContent, when SERVICE_DATA is set
START_PAGES = "portal.forms.start_pages"  # form id -> path of its start page
ORGANISATIONS = "portal.forms.organisations"  # slug -> name
FORM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def built_content(app: Flask) -> BuiltServiceContent | None:
    """The compiled content named by SERVICE_DATA, opened once per app; None without it."""
    if not app.config.get("SERVICE_DATA"):
        return None
    built = app.extensions.get(BUILT)
    if built is None:
        built = app.extensions[BUILT] = BuiltServiceContent(app.config["SERVICE_DATA"])
    return built


def content_source(app: Flask) -> str:
    """Where this app reads the content it needs, in words (for `flask doctor`)."""
    if app.config.get("SERVICE_DATA"):
        return f"compiled by the build: {app.config['SERVICE_DATA']}"
    return f"the content folder itself: {app.config['CONTENT_DIR']}"


def load_form(form_id: str, language: str | None = None) -> FormDefinition | None:
    """The form `form_id` in `language` (default: the current one; its text in the site's
    default language when it does not offer that one: app/forms/translation.py), or None when
    there is no such valid form."""
    form = _load_form(form_id)
    if form is None:
        return None
    return localised(form, language or current_language(), default_language())


def form_languages(form: FormDefinition) -> list[str]:
    """The site's languages the form's text is written in, the default first."""
    from app.site_settings import site_settings

    settings = site_settings(current_app)
    offered = offered_languages(form, settings.language)
    return [code for code in offered if code in settings.languages]


def default_language() -> str:
    from app.site_settings import site_settings

    return site_settings(current_app).language


def _load_form(form_id: str) -> FormDefinition | None:
    if not FORM_ID.match(form_id):
        return None
    built = built_content(current_app)
    if built is not None:
        return built.current().forms.get(form_id)
    return _form_from_folder(form_id)


def form_ids() -> list[str]:
    """The id of every valid form, in order."""
    built = built_content(current_app)
    if built is not None:
        return sorted(built.current().forms)
    folder = Path(current_app.config["CONTENT_DIR"]) / "forms"
    names = sorted(path.stem for path in folder.glob("*.yaml") if FORM_ID.match(path.stem))
    return [name for name in names if _form_from_folder(name) is not None]


def _form_from_folder(form_id: str) -> FormDefinition | None:
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


def start_page_path(form: FormDefinition, language: str | None = None) -> str | None:
    """The path of the start page that names this form, in `language` (default: the current
    one) when it has a translation in it, else the default language's: where the first
    question's back link goes. From the content folder: found once per form and process by
    reading the page files that mention the form."""
    language = language or current_language()
    built = built_content(current_app)
    if built is not None:
        content = built.current()
        translated = content.start_page_translations.get(form.id, {}).get(language)
        return translated or content.start_pages.get(form.id)
    cache = current_app.extensions.setdefault(START_PAGES, {})
    if form.id not in cache:
        cache[form.id] = find_start_pages(Path(current_app.config["CONTENT_DIR"]), form.id)
    found = cache[form.id]
    return found.get(language) or found.get("")


def find_start_pages(content_dir: Path, form_id: str) -> dict[str, str]:
    """The start page's URL in the default language (key "") and in each language it is
    translated into: {"": "/report-a-pothole", "cy": "/cy/report-a-pothole"}."""
    mention = f"form: {form_id}"
    found: dict[str, str] = {}
    for path in sorted(content_dir.rglob("*.md")):
        if mention not in path.read_text(encoding="utf-8", errors="replace"):
            continue  # most files: skipped without parsing
        page = load_page(path, path.name == "index.md", ProblemList())
        if page is not None and page.kind.start_button and page.meta.form == form_id:
            found.setdefault(page.language if page.is_translation else "", page.url)
    return found


def organisation_names() -> dict[str, str]:
    """Organisation slug -> name (from the content folder: read once per process)."""
    built = built_content(current_app)
    if built is not None:
        return built.current().organisations
    names = current_app.extensions.get(ORGANISATIONS)
    if names is None:
        from app.site_settings import site_settings

        folder = Path(current_app.config["CONTENT_DIR"])
        site = Site(settings=site_settings(current_app), content_dir=folder, today=None)
        load_organisations(folder, site, ProblemList())
        names = {slug: org.meta.title for slug, org in sorted(site.organisations.items())}
        current_app.extensions[ORGANISATIONS] = names
    return names
