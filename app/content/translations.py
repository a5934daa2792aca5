"""Checks of translations: each is linked to an original in the default language, in one of the
site's languages, says the same things about itself as its original, and is not out of date.

A translation (`vehicle-tax.cy.md`) is linked to the page whose URL it has after its language
prefix (/cy/vehicle-tax translates /vehicle-tax): Site.link_translations. These checks run
every build over every page's front matter (they read no Markdown), like the redirect checks.
"""

from __future__ import annotations

from .pages import Page, Site
from .problems import ProblemList

# Front matter a translation must give as its original does: what the page is, who publishes it
# and where it is listed. (Repeated in the file, not inherited, so that a file read alone says
# what it is, and the build cache keys each page by its own files.) A guide's `parts` may differ
# while a new part waits for its translation: its switcher leads to the language's home page.
SHARED_FIELDS = ("type", "organisation", "organisations", "topics", "form")


def _value(page: Page, name: str):
    value = getattr(page.meta, name)
    return value.value if hasattr(value, "value") else value


def _shown(value) -> str:
    if isinstance(value, list):
        return f"[{', '.join(str(item) for item in value)}]"
    return str(value)


def _check_names(site: Site, problems: ProblemList) -> None:
    """Organisations' names in languages the site has."""
    settings = site.settings
    for org in site.organisations.values():
        for code in org.meta.translations:
            if code not in settings.languages:
                problems.error(
                    org.source.path,
                    org.source.lines.line_of(("translations", code)),
                    f"`{code}` is not one of the site's `languages` "
                    f"({', '.join(settings.languages)}): add it to site.yaml or remove this name",
                )


def check_translations(site: Site, problems: ProblemList) -> None:
    settings = site.settings
    names = settings.language_names
    _check_names(site, problems)
    other_languages = set(settings.other_languages)  # a property: a new list each time
    for page in site.pages.values():
        path, lines = page.source.path, page.source.lines
        if not page.is_translation:
            first = page.original_url.strip("/").split("/", 1)[0] if other_languages else ""
            if first in other_languages:
                problems.error(
                    path,
                    lines.line_of(("slug",)) if page.meta.slug else 1,
                    f"the URL {page.url} is where the site's pages in `{first}` are: "
                    "set another `slug:` or rename the file",
                )
            if page.meta.original_updated is not None:
                problems.error(
                    path,
                    lines.line_of(("original_updated",)),
                    "`original_updated` is for translations (files such as <page>.cy.md): "
                    "remove it",
                )
            continue
        language = page.language
        if language == settings.language:
            problems.error(
                path,
                1,
                f"`{language}` is the site's default language, whose pages have no language in "
                f"their file name: rename this file to {page.original_url.strip('/')}.md",
            )
            continue
        if language not in settings.languages:
            problems.error(
                path,
                1,
                f"the file name says this page is in `{language}`, a language the site does "
                f"not have: add `{language}` to `languages` in site.yaml, or rename the file "
                f"(the site's languages: {', '.join(settings.languages)})",
            )
            continue
        original = site.versions_of(page).get(settings.language)
        if original is None:
            problems.error(
                path,
                1,
                f"this translation points at nothing: there is no page {page.original_url} "
                f"in {names.get(settings.language, settings.language)} for it to translate. "
                f"Name the file after the original's file (<original>.{language}.md, beside "
                "it), and set the same `slug:` if the original sets one",
            )
            continue
        _check_shared(page, original, problems)
        _check_up_to_date(page, original, problems)


def _check_shared(page: Page, original: Page, problems: ProblemList) -> None:
    for name in SHARED_FIELDS:
        mine, theirs = _value(page, name), _value(original, name)
        if mine != theirs and (mine or theirs):
            shown = f"`{name}: {_shown(theirs)}`" if theirs else f"no `{name}`"
            problems.error(
                page.source.path,
                page.source.lines.line_of((name,)),
                f"a translation gives the same `{name}` as its original: "
                f"{original.source.path} has {shown}",
            )


def _check_up_to_date(page: Page, original: Page, problems: ProblemList) -> None:
    """A warning when the original changed after the version this translation was made from:
    its `original_updated` (else its own `updated`) is older than the original's `updated`."""
    made_from = page.meta.original_updated or page.meta.updated
    if original.meta.updated > made_from:
        field = "original_updated" if page.meta.original_updated else "updated"
        problems.warning(
            page.source.path,
            page.source.lines.line_of((field,)),
            f"this translation may be out of date: {original.source.path} was updated on "
            f"{original.meta.updated.isoformat()}, after {made_from.isoformat()} (its "
            f"`{field}`). Translate the changes, then set "
            f"`original_updated: {original.meta.updated.isoformat()}`",
        )
