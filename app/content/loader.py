"""Read `content/` into a Site: files → front matter → validated models.

Every problem is recorded with its file and line; nothing stops at the first. Cross-references
(organisations, topics, links) are checked afterwards by `crossref`, Markdown by `render`.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import (
    Contact,
    OrganisationMeta,
    PageMeta,
    PartMeta,
    Redirect,
    SearchSettings,
    SiteSettings,
    Topic,
)
from .pages import GuidePart, LoadedForm, Organisation, Page, Site, Source, TopicNode
from .problems import ProblemList
from .validation import validate
from .yamlsource import LineMap, YamlError, parse_yaml, split_front_matter

# Folders of content/ that hold things other than pages.
SPECIAL_FOLDERS = {"organisations", "contacts", "forms"}
# Files at the top of content/ that are not pages: the content designers' guide, which GitHub
# shows under the folder's listing.
NOT_PAGES = {"README.md"}


def display_path(path: Path | str) -> str:
    """The path as an editor would type it: relative to where they run the command if the file is
    below it, else absolute (with links resolved).

    Read for every page, so done in strings, and for a file outside the working folder (a
    benchmark's corpus in /dev/shm) worked out once a folder: `os.path.relpath` and
    `Path.resolve` (a look at each folder of the path on the way) were 1 s of a 10,000-page
    build's one-process start."""
    cwd = os.getcwd()
    absolute = os.path.normpath(os.path.join(cwd, path))
    if absolute.startswith(cwd) and absolute[len(cwd) : len(cwd) + 1] == os.sep:
        return absolute[len(cwd) + 1 :]
    if absolute == cwd:
        return os.curdir
    folder, name = os.path.split(absolute)
    shown = _shown_folder(cwd, folder)
    if shown is None:  # another drive on Windows
        return str(path)
    if not os.path.isabs(shown):  # below the working folder (the root, say)
        return name if shown == os.curdir else os.path.join(shown, name)
    if os.path.islink(absolute):
        return os.path.realpath(absolute)
    return os.path.join(shown, name)


@lru_cache(maxsize=1024)
def _shown_folder(cwd: str, folder: str) -> str | None:
    """How display_path shows a folder outside `cwd`: relative if below it, else with links
    resolved (its pages share it: worked out once); None on another drive."""
    try:
        relative = os.path.relpath(folder, cwd)
    except ValueError:
        return None
    if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
        return relative
    return os.path.realpath(folder)


def _read(path: Path, parse, problems: ProblemList):
    """`parse` the file's text; None, with the problem recorded, if it cannot be read."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        problems.error(display_path(path), exc.line, exc.message)
    except UnicodeDecodeError:
        problems.error(display_path(path), 1, "the file is not UTF-8 text: save it as UTF-8")
    return None


def _read_yaml(path: Path, problems: ProblemList) -> tuple[Any, LineMap] | None:
    return _read(path, parse_yaml, problems)


def _read_markdown(path: Path, problems: ProblemList):
    return _read(path, split_front_matter, problems)


def _source(path: Path, parsed) -> Source:
    return Source(
        display_path(path),
        path.parent,
        parsed.body,
        parsed.body_line,
        parsed.lines,
        parsed.style_comments,
    )


def load_settings(content_dir: Path, problems: ProblemList) -> tuple[SiteSettings | None, LineMap]:
    """The settings (None when unusable) and their line map, for later checks to point at."""
    path = content_dir / "site.yaml"
    if not path.is_file():
        problems.error(
            display_path(path),
            1,
            "site.yaml is missing: create it with the portal's name, organisation and base_url",
        )
        return None, LineMap()
    read = _read_yaml(path, problems)
    if not read:
        return None, LineMap()
    return validate(SiteSettings, read[0], read[1], display_path(path), problems), read[1]


def _load_list(path: Path, model, shape: str, problems: ProblemList):
    """A YAML file holding a list of `model`s: (item, its index, the file's LineMap) for each
    valid item; nothing if the file is missing or is not a list (`shape` says what it should be)."""
    if not path.is_file():
        return [], LineMap()
    read = _read_yaml(path, problems)
    if not read:
        return [], LineMap()
    data, lines = read
    if not isinstance(data, list):
        problems.error(display_path(path), 1, f"{path.name} must be a list of {shape}")
        return [], lines
    valid = []
    for index, item in enumerate(data):
        found = validate(model, item, _sub(lines, index), display_path(path), problems)
        if found:
            valid.append((found, index))
    return valid, lines


def load_topics(content_dir: Path, site: Site, problems: ProblemList) -> None:
    path = content_dir / "topics.yaml"
    specs, lines = _load_list(
        path, Topic, "topics (`- slug: …`, `title: …`, `description: …`)", problems
    )
    site.topic_specs = [spec for spec, _index in specs]
    site.topics = TopicNode.tree(site.topic_specs)
    _index_topics(site.topics, [(index,) for _spec, index in specs], site, path, lines, problems)


def _sub(lines: LineMap, *prefix) -> LineMap:
    """A view of a LineMap under one key, so list items validate with their own lines."""
    inner = {
        key[len(prefix) :]: line
        for key, line in lines._lines.items()
        if key[: len(prefix)] == prefix
    }
    return LineMap(lines.line_of(prefix), inner)


def _index_topics(
    nodes, locs, site: Site, path: Path, lines: LineMap, problems: ProblemList
) -> None:
    """Index topics by slug; `locs` are the nodes' places in topics.yaml, for line numbers."""
    for node, loc in zip(nodes, locs, strict=True):
        if node.slug in site.topics_by_slug:
            problems.error(
                display_path(path),
                lines.line_of((*loc, "slug")),
                f"topic slug `{node.slug}` is used twice: topic slugs must be unique",
            )
        site.topics_by_slug[node.slug] = node
        child_locs = [(*loc, "subtopics", index) for index in range(len(node.children))]
        _index_topics(node.children, child_locs, site, path, lines, problems)


def load_organisations(content_dir: Path, site: Site, problems: ProblemList) -> None:
    for path in sorted((content_dir / "organisations").glob("*.md")):
        parsed = _read_markdown(path, problems)
        if not parsed:
            continue
        meta = validate(
            OrganisationMeta, parsed.front_matter, parsed.lines, display_path(path), problems
        )
        if meta:
            site.organisations[path.stem] = Organisation(path.stem, meta, _source(path, parsed))


def load_contacts(content_dir: Path, site: Site, problems: ProblemList) -> None:
    for path in sorted((content_dir / "contacts").glob("*.yaml")):
        read = _read_yaml(path, problems)
        if read:
            contact = validate(Contact, read[0], read[1], display_path(path), problems)
            if contact:
                site.contacts[path.stem] = contact


def load_redirects(content_dir: Path, site: Site, problems: ProblemList) -> None:
    path = content_dir / "redirects.yaml"
    redirects, lines = _load_list(path, Redirect, "`- {from: /old-path, to: /new-path}`", problems)
    for redirect, index in redirects:
        site.redirects.append((redirect, (display_path(path), lines.line_of((index,)))))


def load_search_settings(content_dir: Path, site: Site, problems: ProblemList) -> None:
    path = content_dir / "search.yaml"
    if not path.is_file():
        return
    read = _read_yaml(path, problems)
    if read:
        data, lines = read
        settings = validate(SearchSettings, data or {}, lines, display_path(path), problems)
        if settings:
            site.search, site.search_lines = settings, lines


def language_of(name: str) -> tuple[str, str | None]:
    """A page file's name without `.md`, and its language suffix if it is a translation:
    `vehicle-tax.cy.md` -> ("vehicle-tax", "cy"), `vehicle-tax.md` -> ("vehicle-tax", None). A
    slug has no dot, so anything after one is a language (checked against site.yaml's)."""
    stem = name.removesuffix(".md")
    base, dot, language = stem.rpartition(".")
    return (base, language) if dot else (stem, None)


def translated_name(name: str, language: str | None) -> str:
    """The file of `name` (without `.md`) in `language`: `overview.cy.md`, or `overview.md`."""
    return f"{name}.{language}.md" if language else f"{name}.md"


def _guide_indexes(files: list[str]) -> list[str]:
    """A folder's guide index files: index.md and its translations (index.cy.md)."""
    return sorted(
        n
        for n in files
        if n.startswith("index") and n.endswith(".md") and language_of(n)[0] == "index"
    )


def page_files(content_dir: Path):
    """Markdown page files and guide folders, skipping the special folders."""
    for path, is_guide in page_file_names(content_dir):
        yield Path(path), is_guide


def page_file_names(content_dir: Path | str) -> list[tuple[str, bool]]:
    """page_files as strings (paths under `content_dir` as given), for a build that looks at a
    hundred thousand files to see which changed and reads only those: pathlib's objects cost
    more than the walk. In the order of os.walk's (a folder's files, then its folders, each
    sorted), without its generator for each folder (0.42 -> 0.25 s at 100,000 pages)."""
    found: list[tuple[str, bool]] = []
    _page_file_names(os.fspath(content_dir), True, found)
    return found


def _page_file_names(root: str, top: bool, found: list) -> None:
    folders, files = [], []
    try:
        with os.scandir(root) as entries:
            for entry in entries:
                if not entry.is_dir():
                    files.append(entry.name)
                elif not entry.is_symlink():  # as os.walk, a linked folder is not followed
                    folders.append(entry.name)
    except OSError:  # as os.walk, a folder that cannot be listed is left out
        return
    indexes = [] if top else _guide_indexes(files)
    if indexes:  # a guide: its parts are read with it (each language's with its index)
        found += [(os.path.join(root, name), True) for name in indexes]
        return
    prefix = os.path.join(root, "")
    found += [
        (prefix + name, False)
        for name in sorted(files)
        if name.endswith(".md") and not name.startswith(".") and not (top and name in NOT_PAGES)
    ]
    for name in sorted(folders):
        if not name.startswith(".") and not (top and name in SPECIAL_FOLDERS):
            _page_file_names(os.path.join(root, name), False, found)


def _unreadable(path: Path, is_guide: bool, parsed, problems: ProblemList) -> None:
    """Remember the URL a page that could not be read would have had: its own problem is
    reported, and links to it are not reported again (one mistake, one message)."""
    front_matter = parsed.front_matter if parsed else {}
    slug = front_matter.get("slug") if isinstance(front_matter.get("slug"), str) else None
    url, _original = _urls(path, is_guide, slug)
    problems.unreadable_pages.add(url)


def _urls(path: Path, is_guide: bool, slug: str | None) -> tuple[str, str]:
    """A page file's URL and its original's (the same without a translation's /cy prefix)."""
    stem, language = language_of(path.name)
    original = f"/{slug or (path.parent.name if is_guide else stem)}"
    return (f"/{language}{original}" if language else original), original


def load_page(path: Path, is_guide: bool, problems: ProblemList) -> Page | None:
    """One page file (for a guide, its index.md and the parts it lists)."""
    parsed = _read_markdown(path, problems)
    if not parsed:
        _unreadable(path, is_guide, parsed, problems)
        return None
    meta = validate(PageMeta, parsed.front_matter, parsed.lines, display_path(path), problems)
    if not meta:
        _unreadable(path, is_guide, parsed, problems)
        return None
    for field_name, message in meta.rule_problems():
        problems.error(display_path(path), parsed.lines.line_of((field_name,)), message)
    url, original = _urls(path, is_guide, meta.slug)
    page = Page(url, meta, _source(path, parsed))
    page.language, page.original_url = language_of(path.name)[1], original
    if is_guide and not page.kind.folder:
        problems.error(
            display_path(path),
            parsed.lines.line_of(("type",)),
            "a folder with index.md is a guide: set `type: guide` and list its "
            "parts, or rename index.md after the page",
        )
    elif is_guide:
        _load_guide_parts(page, path, problems)
    elif meta.parts is not None:
        problems.error(
            display_path(path),
            parsed.lines.line_of(("parts",)),
            "a guide must be a folder with index.md and one file a part: move "
            "this file to <guide>/index.md",
        )
    return page


def load_pages(content_dir: Path, problems: ProblemList) -> list[Page]:
    pages = []
    for path, is_guide in page_files(content_dir):
        page = load_page(path, is_guide, problems)
        if page is not None:
            pages.append(page)
    return pages


def _load_guide_parts(page: Page, index_path: Path, problems: ProblemList) -> None:
    meta, lines = page.meta, page.source.lines
    page.parts = [GuidePart("", page.url, meta.part_title or "Overview", page.source)]
    listed = meta.parts or []
    folder = index_path.parent
    language = page.language
    for position, part_slug in enumerate(listed):
        part_path = folder / translated_name(part_slug, language)
        if not part_path.is_file():
            problems.error(
                display_path(index_path),
                lines.line_of(("parts", position)),
                f"guide part `{part_slug}` is missing: create {display_path(part_path)}"
                " or remove it from `parts`",
            )
            continue
        parsed = _read_markdown(part_path, problems)
        if not parsed:
            continue
        part_meta = validate(
            PartMeta, parsed.front_matter, parsed.lines, display_path(part_path), problems
        )
        if part_meta:
            page.parts.append(
                GuidePart(
                    part_slug,
                    f"{page.url}/{part_slug}",
                    part_meta.title,
                    _source(part_path, parsed),
                )
            )
    for part_path in sorted(folder.glob("*.md")):
        name, part_language = language_of(part_path.name)
        if part_language != language:
            continue  # another language's: its own index lists it
        if name != "index" and name not in listed:
            problems.error(
                display_path(part_path),
                1,
                f"this guide part is not listed: add `{name}` to `parts` in "
                f"{display_path(index_path)}, or delete the file",
            )


def load_forms(content_dir: Path, site: Site, problems: ProblemList) -> None:
    """Every `forms/<id>.yaml`, validated; `site.form_ids` also counts the invalid ones, so a start
    page naming one is not reported as well."""
    # Imported here: app.forms.definition builds on app.content.models, so importing it while
    # app.content itself loads would be circular when app.forms is imported first.
    from app.forms.definition import FormDefinition
    from app.forms.translation import translation_problems

    settings = site.settings
    languages = settings.languages or [settings.language]
    paths = sorted((content_dir / "forms").glob("*.yaml"))
    site.form_ids = {path.stem for path in paths}
    for path in paths:
        read = _read_yaml(path, problems)
        if not read:
            continue
        data, lines = read
        shown = display_path(path)
        form = validate(FormDefinition, data, lines, shown, problems)
        if form is None:
            continue
        for loc, message in form.rule_problems():
            problems.error(shown, lines.line_of(loc), message)
        for loc, message in translation_problems(
            form, languages, settings.language, settings.language_names
        ):
            problems.error(shown, lines.line_of(loc), message)
        if form.id != path.stem:
            problems.error(
                shown,
                lines.line_of(("id",)),
                f"the id `{form.id}` is not the file "
                f"name: write `id: {path.stem}` or rename the file to {form.id}.yaml",
            )
            continue
        site.forms[form.id] = LoadedForm(form, shown, lines)


def load_site(
    content_dir: Path,
    problems: ProblemList,
    today: dt.date | None = None,
    pages=None,
    style_lint: bool = True,
) -> Site | None:
    """Read every file; None when the site settings themselves are unreadable. `pages(content_dir,
    problems)` gives the pages in the order of `page_files` (default: read them all); an
    incremental build gives the pages it has cached instead of reading them. `style_lint`: read
    content/style.yaml, so that rendering runs the style lint (`check` and the preview do;
    `build.py build` does not, for speed: docs/style-lint.md)."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        problems.error(
            display_path(content_dir), 1, "the content folder does not exist: check --content"
        )
        return None
    settings, settings_lines = load_settings(content_dir, problems)
    if settings is None:
        return None
    site = Site(settings, content_dir, today or dt.date.today(), settings_lines=settings_lines)
    site.unreadable = problems.unreadable_pages  # filled as the pages are read, below
    load_topics(content_dir, site, problems)
    load_organisations(content_dir, site, problems)
    load_contacts(content_dir, site, problems)
    load_redirects(content_dir, site, problems)
    load_forms(content_dir, site, problems)
    load_search_settings(content_dir, site, problems)
    from .style.config import load_style  # it names files as this module does: imported late

    site.style = load_style(content_dir, problems) if style_lint else None
    for page in (pages or load_pages)(content_dir, problems):
        if page.url in site.pages:
            other = site.pages[page.url].source.path
            # The line to change is `slug:` when the page sets one, else the file is misnamed.
            line = page.source.lines.line_of(("slug",)) if page.meta.slug else 1
            problems.error(
                page.source.path,
                line,
                f"the URL {page.url} is already used by "
                f"{other}: rename one of the files or set "
                "`slug:`",
            )
            continue
        site.pages[page.url] = page
    site.link_translations()
    return site
