"""Checks between files: every slug, path and file a page names must exist."""

from __future__ import annotations

from app.delivery.address import points_at_this_machine
from app.reserved_urls import reserved_urls
from app.suggestions import did_you_mean

from .loader import display_path
from .models import DESCRIPTION_WARN_LENGTH, TITLE_WARN_LENGTH
from .pages import Page, Site
from .problems import ProblemList
from .translations import check_translations

# The portal's own index pages, published whatever the content.
INDEX_PAGES = ("/", "/organisations", "/browse", "/a-to-z", "/news")


def site_urls(site: Site) -> set[str]:
    """Every URL the build publishes, for checking links."""
    urls = {page_path(url) for url in index_pages(site)}  # /cy/ is linked to as /cy too
    for page in site.pages.values():
        urls.add(page.url)
        for part in page.parts[1:]:
            urls.add(part.url)
        if page.parts:
            urls.add(f"{page.url}/print")
    for prefix in ["", *(f"/{code}" for code in site.settings.other_languages)]:
        urls.update(prefix + org.url for org in site.organisations.values())
        urls.update(prefix + topic.url for topic in site.topics_by_slug.values())
    return urls


def index_pages(site: Site) -> list[str]:
    """The portal's own index pages in every language: /, /organisations, …, /cy/, /cy/news."""
    urls = list(INDEX_PAGES)
    for code in site.settings.other_languages:
        urls += [f"/{code}/" if path == "/" else f"/{code}{path}" for path in INDEX_PAGES]
    return urls


def without_language(site: Site, path: str) -> str:
    """A path without its language prefix: the service answers /cy/search as /search."""
    head, slash, rest = path[1:].partition("/")
    return f"/{rest}" if slash and head in site.settings.other_languages else path


def page_path(href: str) -> str:
    """The page a portal link names: `/fix-a-road/?print=1#report` is /fix-a-road."""
    return href.split("#", 1)[0].split("?", 1)[0].rstrip("/") or "/"


def link_checker(site: Site, urls: set[str] | frozenset[str] | None = None):
    """Whether a link goes somewhere; `urls` are the site's, if already worked out."""
    urls = site_urls(site) if urls is None else urls
    reserved = []  # the service's URLs, worked out when first needed: it imports the service

    def exists(href: str) -> bool:
        path = page_path(href)
        if path in urls or path.startswith("/media/") or path in site.unreadable:
            return True
        if not reserved:
            reserved.append(reserved_urls())
        return reserved[0].is_service_path(without_language(site, path))

    return exists


def _closest_page(site: Site, href: str, urls=None) -> str:
    """` (did you mean /x?)` for a path that is not a page, from the pages' and parts' URLs."""
    return did_you_mean(page_path(href), site_urls(site) if urls is None else urls, "{}")


def check_site(site: Site, problems: ProblemList) -> None:
    _check_settings(site, problems)
    _check_organisations(site, problems)
    _check_forms(site, problems)
    exists = link_checker(site)
    for page in site.pages.values():
        check_page(site, page, exists, problems)
    _check_redirects(site, problems)
    _check_search_settings(site, problems)
    check_translations(site, problems)
    collect_step_by_steps(site)


def check_site_wide(site: Site, problems: ProblemList, urls: frozenset | None = None) -> None:
    """The checks of settings, organisations, forms, redirects and search settings: everything but
    each page's own (`check_page`), which an incremental build runs only for the pages whose
    files or links changed."""
    _check_settings(site, problems)
    _check_organisations(site, problems)
    _check_forms(site, problems)
    urls = site_urls(site) if urls is None else urls
    _check_redirects(site, problems, urls)
    _check_search_settings(site, problems, urls)
    check_translations(site, problems)
    collect_step_by_steps(site)


def front_matter_links(page: Page) -> set[str]:
    """The site paths a page's front matter links to (related links, step links)."""
    links = {page_path(href) for href in page.meta.related}
    for step in page.meta.steps or []:
        links.update(page_path(link.path) for link in step.links if link.path.startswith("/"))
    return links


def _check_settings(site: Site, problems: ProblemList) -> None:
    if site.settings.organisation not in site.organisations:
        problems.error(
            display_path(site.content_dir / "site.yaml"),
            site.settings_lines.line_of(("organisation",)),
            f"organisation `{site.settings.organisation}` is not in "
            "content/organisations/: create it or correct the slug"
            + did_you_mean(site.settings.organisation, site.organisations),
        )


def _check_organisations(site: Site, problems: ProblemList) -> None:
    for org in site.organisations.values():
        lines, path = org.source.lines, org.source.path
        if org.meta.parent and org.meta.parent not in site.organisations:
            problems.error(
                path,
                lines.line_of(("parent",)),
                f"parent organisation `{org.meta.parent}` does not exist: use the name "
                "of a file in content/organisations/ without .md"
                + did_you_mean(org.meta.parent, site.organisations),
            )
        if org.meta.contact and org.meta.contact not in site.contacts:
            problems.error(
                path,
                lines.line_of(("contact",)),
                f"contact `{org.meta.contact}` does not exist: use the name of a file "
                "in content/contacts/ without .yaml"
                + did_you_mean(org.meta.contact, site.contacts),
            )


def _check_forms(site: Site, problems: ProblemList) -> None:
    for loaded in site.forms.values():
        slug = loaded.definition.organisation
        if slug not in site.organisations:
            problems.error(
                loaded.path,
                loaded.lines.line_of(("organisation",)),
                f"organisation `{slug}` does not exist: use the name of a file in "
                "content/organisations/ without .md" + did_you_mean(slug, site.organisations),
            )
        delivery = loaded.definition.delivery
        # A warning, not an error: a receiver on this machine is how delivery is tried out, and
        # the worker refuses it anyway unless the development setting is on.
        if delivery is not None and points_at_this_machine(delivery.webhook):
            problems.warning(
                loaded.path,
                loaded.lines.line_of(("delivery", "webhook")),
                "`delivery.webhook` is this machine: submissions are delivered to "
                "it only where the development setting DELIVERY_ALLOW_LOOPBACK is "
                "on; give the agency's public https:// address before publishing",
            )


def check_page(site: Site, page: Page, exists, problems: ProblemList) -> None:
    """Everything one page's front matter names must exist, in the order editors read it."""
    for check in PAGE_CHECKS:
        check(site, page, exists, problems)


def _page_slug(site: Site, page: Page, exists, problems: ProblemList) -> None:
    if page.original_url.strip("/") in reserved_urls().slugs:
        problems.error(
            page.source.path,
            page.source.lines.line_of(("slug",)),
            f"the URL {page.url} is reserved by the portal: set another `slug:`",
        )


def _page_organisations(site: Site, page: Page, exists, problems: ProblemList) -> None:
    meta, lines, path = page.meta, page.source.lines, page.source.path
    field = "organisation" if meta.organisation else "organisations"
    for index, slug in enumerate(meta.organisation_slugs):
        if slug not in site.organisations:
            loc = (field,) if meta.organisation else (field, index)
            problems.error(
                path,
                lines.line_of(loc),
                f"organisation `{slug}` does not exist: use "
                "the name of a file in content/organisations/ without .md"
                + did_you_mean(slug, site.organisations),
            )


def _page_topics(site: Site, page: Page, exists, problems: ProblemList) -> None:
    for index, slug in enumerate(page.meta.topics):
        if slug not in site.topics_by_slug:
            problems.error(
                page.source.path,
                page.source.lines.line_of(("topics", index)),
                f"topic `{slug}` is not in content/topics.yaml: add it there or correct the slug"
                + did_you_mean(slug, site.topics_by_slug),
            )


def _page_links(site: Site, page: Page, exists, problems: ProblemList) -> None:
    meta, lines, path = page.meta, page.source.lines, page.source.path
    for index, href in enumerate(meta.related):
        if not exists(href):
            problems.error(
                path,
                lines.line_of(("related", index)),
                f"related link {href} is not a page: check the path or remove it"
                + _closest_page(site, href),
            )
    for index, step in enumerate(meta.steps or []):
        for link_index, link in enumerate(step.links):
            if link.path.startswith("/") and not exists(link.path):
                problems.error(
                    path,
                    lines.line_of(("steps", index, "links", link_index)),
                    f"step link {link.path} is not a page: check the path"
                    + _closest_page(site, link.path),
                )


def _page_form(site: Site, page: Page, exists, problems: ProblemList) -> None:
    form = page.meta.form
    if form and form not in site.form_ids:
        # Before a site has any forms, a start page may name one still being written.
        report = problems.error if (site.content_dir / "forms").is_dir() else problems.warning
        report(
            page.source.path,
            page.source.lines.line_of(("form",)),
            f"form `{form}` is not defined yet: add content/forms/{form}.yaml or correct the id"
            + did_you_mean(form, site.form_ids),
        )


def _page_files(site: Site, page: Page, exists, problems: ProblemList) -> None:
    meta = page.meta
    for index, spec in enumerate([*meta.images, *meta.attachments]):
        if not (page.source.folder / spec.file).is_file():
            key = "images" if index < len(meta.images) else "attachments"
            position = index if key == "images" else index - len(meta.images)
            problems.error(
                page.source.path,
                page.source.lines.line_of((key, position, "file")),
                f"file {spec.file} is not beside this page: add it to "
                f"{display_path(page.source.folder)}",
            )


def _page_lengths(site: Site, page: Page, exists, problems: ProblemList) -> None:
    meta, lines, path = page.meta, page.source.lines, page.source.path
    if len(meta.title) > TITLE_WARN_LENGTH:
        problems.warning(
            path,
            lines.line_of(("title",)),
            f"the title is {len(meta.title)} "
            f"characters: keep it under {TITLE_WARN_LENGTH} so search results show "
            "all of it",
        )
    if len(meta.description) > DESCRIPTION_WARN_LENGTH:
        problems.warning(
            path,
            lines.line_of(("description",)),
            f"the description is "
            f"{len(meta.description)} characters: keep it under "
            f"{DESCRIPTION_WARN_LENGTH} so search results show all of it",
        )


PAGE_CHECKS = (
    _page_slug,
    _page_organisations,
    _page_topics,
    _page_links,
    _page_form,
    _page_files,
    _page_lengths,
)


def _check_redirects(site: Site, problems: ProblemList, urls=None) -> None:
    live = site_urls(site) if urls is None else urls
    exists = link_checker(site, live)
    seen: dict[str, str] = {}
    for page in site.pages.values():
        for index, old in enumerate(page.meta.redirect_from):
            where = (page.source.path, page.source.lines.line_of(("redirect_from", index)))
            _check_redirect(old, page.url, where, (live, exists), seen, problems)
    for redirect, where in site.redirects:
        _check_redirect(redirect.from_, redirect.to, where, (live, exists), seen, problems)


def _check_redirect(old, new, where, checks, seen, problems: ProblemList) -> None:
    (path, line), (live, exists) = where, checks
    if old in live or reserved_urls().is_service_path(old):
        problems.error(
            path,
            line,
            f"{old} is a live page and cannot also redirect: remove the redirect or the page",
        )
    elif old in seen:
        problems.error(path, line, f"{old} already redirects to {seen[old]}: keep one redirect")
    if not new.startswith("https://") and not exists(new):
        fix = did_you_mean(page_path(new), live, "{}")
        problems.error(path, line, f"redirect target {new} is not a page: check the path{fix}")
    seen[old] = new


def collect_step_by_steps(site: Site) -> None:
    site.step_by_steps_of.clear()
    for page in site.pages.values():
        for step in page.meta.steps or []:
            for link in step.links:
                members = site.step_by_steps_of.setdefault(page_path(link.path), [])
                if page not in members:
                    members.append(page)


def _normalise_query(text: str) -> str:
    return " ".join(text.lower().split())


def _check_search_settings(site: Site, problems: ProblemList, urls=None) -> None:
    path, lines = display_path(site.content_dir / "search.yaml"), site.search_lines
    exists = link_checker(site, urls)
    default = site.settings.language
    _check_language_search(site, site.search, (), exists, path, urls, problems)
    for code, settings in site.search.languages.items():
        where = ("languages", code)
        if code == default or code not in site.settings.languages:
            others = ", ".join(site.settings.other_languages) or "it has none"
            problems.error(
                path,
                lines.line_of(where),
                f"`languages: {code}` is not one of the site's other languages ({others}): "
                "the default language's synonyms and best bets go at the top level",
            )
            continue
        _check_language_search(site, settings, where, exists, path, urls, problems)


def _check_language_search(site, settings, where: tuple, exists, path, urls, problems) -> None:
    """One language's best bets and synonyms (`where`: their place in search.yaml)."""
    lines = site.search_lines
    seen: dict[str, int] = {}
    for index, bet in enumerate(settings.best_bets):
        query = _normalise_query(bet.query)
        line = lines.line_of((*where, "best_bets", index, "query"))
        if query in seen:
            problems.error(
                path,
                line,
                f'best bet for "{bet.query}" is given twice (also on line {seen[query]}): keep one',
            )
        seen.setdefault(query, line)
        for position, page in enumerate(bet.pages):
            if not exists(page):
                problems.error(
                    path,
                    lines.line_of((*where, "best_bets", index, "pages", position)),
                    f"best bet page {page} is not a page: check the path"
                    + _closest_page(site, page, urls),
                )
    for index, group in enumerate(settings.synonyms):
        if len({_normalise_query(words) for words in group}) < 2:
            problems.error(
                path,
                lines.line_of((*where, "synonyms", index)),
                "a synonym group needs at least two different words or phrases",
            )
