"""What the running service reads of the content, compiled by the build into `service.json`.

The service renders its own pages (search, forms, errors) in the site's layout and answers for
the service forms, so it needs a little of the content: the site's settings (`site.yaml`), every
form definition, the organisations' names (the developer pages) and which start page names each
form (the first question's back link). The build writes exactly that, checked, into one JSON
file beside the output folder (`dist/` -> `service.json` next to it, like the nginx map: server
data, not for the public), so an app server runs from a build output and its settings alone,
without the content tree (PORTAL_SERVICE_DATA names the file).

The file is written whole (a reader never sees half of it) and reread by the service when it
changes or when the path resolves to a new release (`current/service.json` after a publish).
Plain Python: the build, the service and the tests use it alike.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.content.models import SiteSettings
from app.content.pages import Site
from app.forms.definition import FormDefinition

FILE_NAME = "service.json"
FORMAT = 1  # changed when the shape of the file changes: an older service refuses a newer file


class ServiceContentError(Exception):
    """The compiled file is missing, unreadable or of another format."""


@dataclass(frozen=True)
class ServiceContent:
    settings: SiteSettings
    forms: dict[str, FormDefinition]  # every valid form, by id
    organisations: dict[str, str]  # slug -> name
    start_pages: dict[str, str]  # form id -> URL of the start page that names it
    # form id -> {language: URL of that start page's translation}, for the other languages
    start_page_translations: dict[str, dict[str, str]] = field(default_factory=dict)


def service_content_path(out: Path) -> Path:
    """Where the file of a site built into `out` goes: beside it, in the same parent folder."""
    return Path(out).parent / FILE_NAME


def start_pages_of(site: Site) -> dict[str, str]:
    """Form id -> the first start page (by file path, as the service's own lookup goes) that
    names it with a start button."""
    found: dict[str, tuple[Path, str]] = {}
    for page in site.pages.values():
        form_id = page.meta.form
        if not (page.kind.start_button and form_id) or page.is_translation:
            continue  # (a translation's start page is its original's, in another language)
        where = Path(page.source.path)  # compared by parts, as the service's lookup sorts
        if form_id not in found or where < found[form_id][0]:
            found[form_id] = (where, page.url)
    return {form_id: url for form_id, (_where, url) in sorted(found.items())}


def start_page_translations_of(
    site: Site, start_pages: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Form id -> {language: URL} of its start page's translations."""
    found: dict[str, dict[str, str]] = {}
    for form_id, url in start_pages.items():
        original = site.pages.get(url)
        versions = site.versions_of(original) if original is not None else {}
        translated = {code: page.url for code, page in versions.items() if page.is_translation}
        if translated:
            found[form_id] = dict(sorted(translated.items()))
    return found


def compile_service_content(site: Site) -> ServiceContent:
    return ServiceContent(
        settings=site.settings,
        forms={form_id: site.forms[form_id].definition for form_id in sorted(site.forms)},
        organisations={
            slug: site.organisations[slug].meta.title for slug in sorted(site.organisations)
        },
        start_pages=(start := start_pages_of(site)),
        start_page_translations=start_page_translations_of(site, start),
    )


def to_json(content: ServiceContent) -> bytes:
    """The same content always gives the same bytes (incremental builds equal clean ones)."""
    data = {
        "format": FORMAT,
        "site": content.settings.model_dump(mode="json", by_alias=True),
        "forms": {
            form_id: form.model_dump(mode="json", by_alias=True)
            for form_id, form in content.forms.items()
        },
        "organisations": content.organisations,
        "start_pages": content.start_pages,
        "start_page_translations": content.start_page_translations,
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def from_json(raw: bytes, where: str) -> ServiceContent:
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ServiceContentError(
                f"{where} is of format {data.get('format')!r}, this service reads format "
                f"{FORMAT}: build the site with this release's build.py"
            )
        return ServiceContent(
            settings=SiteSettings.model_validate(data["site"]),
            forms={k: FormDefinition.model_validate(v) for k, v in data["forms"].items()},
            organisations=dict(data["organisations"]),
            start_pages=dict(data["start_pages"]),
            # a file from before forms had languages has none: the default language's page
            start_page_translations=dict(data.get("start_page_translations", {})),
        )
    except ServiceContentError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage means the same to the reader
        raise ServiceContentError(f"{where} cannot be read ({type(exc).__name__}: {exc})") from None


def write_service_content(site: Site, path: Path) -> Path:
    """Write the file whole: a service rereading it never reads half of it."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(to_json(compile_service_content(site)))
    os.replace(partial, path)
    return path


class BuiltServiceContent:
    """The compiled file as the service reads it: loaded at start, and again whenever the file
    is replaced (a new build) or its path leads to another one (a publish switched `current`).
    One `stat` a call; the load itself happens once per change, under a lock."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._identity: tuple | None = None
        self._content: ServiceContent | None = None
        self.current()  # a missing or broken file is an error now, at start, not at a request

    def _identity_now(self) -> tuple:
        try:
            stat = os.stat(self.path)
        except OSError as exc:
            raise ServiceContentError(
                f"no compiled content at {self.path} ({exc.strerror}): build the site "
                f"(`python build.py`) and set PORTAL_SERVICE_DATA to the {FILE_NAME} it "
                "wrote beside the output folder"
            ) from None
        return (os.path.realpath(self.path), stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def current(self) -> ServiceContent:
        try:
            identity = self._identity_now()
        except ServiceContentError:
            if self._content is not None:
                return self._content  # gone for a moment (a release being pruned): keep serving
            raise
        if identity != self._identity:
            with self._lock:
                if identity != self._identity:
                    self._content = from_json(self.path.read_bytes(), str(self.path))
                    self._identity = identity
        assert self._content is not None
        return self._content
