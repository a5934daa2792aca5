"""The sample content is the demo and the fixture of the whole product: it must build, cover every
page type and Govspeak block, and every link in it must lead somewhere."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from app.content import load_content
from app.content.crossref import without_language
from app.reserved_urls import reserved_urls
from tests.conftest import SAMPLE

# One selector per Govspeak block (see docs/markdown.md): each must appear on some sample page.
GOVSPEAK_SELECTORS = {
    "information callout": "div.application-notice.info-notice[role=note]",
    "warning callout": "div.application-notice.help-notice[role=note]",
    "example": "div.example",
    "contact": "div.contact",
    "address": "div.address .adr",
    "download": "div.form-download",
    "place": "div.place",
    "information": "div.information",
    "additional information": "div.additional-information",
    "call to action": "div.call-to-action",
    "summary": "div.summary",
    "steps": "ol.steps",
    "legislative list": "ol.legislative-list",
    "devolved content": "div.devolved-content .devolved-header",
    "button": "a.govuk-button[role=button]",
    "start button": "a.govuk-button--start",
    "statistic headline": "div.stat-headline",
    "table row header": "table.govuk-table tbody th[scope=row]",
    "abbreviation": "abbr[title]",
    "footnote": "div.footnotes",
    "external link": "a[rel~=external]",
    "image": "figure.image.embedded img[alt]",
    "attachment": "section.gem-c-attachment",
    "attachment link": ".gem-c-attachment-link",
}


@pytest.fixture(scope="module")
def sample():
    site, problems = load_content(SAMPLE)
    assert problems.errors == [], "\n".join(map(str, problems.errors))
    return site


def test_sample_is_a_whole_portal(sample):
    originals = [page for page in sample.pages.values() if not page.is_translation]
    types = Counter(page.type.value for page in originals)
    assert len(sample.pages) >= 60
    assert len(sample.organisations) >= 9  # 8 agencies and the office running the portal
    assert set(types) == {
        "guide",
        "answer",
        "start",
        "step-by-step",
        "news",
        "consultation",
        "page",
    }
    assert types["start"] == 4 and types["step-by-step"] >= 2
    assert any(len(page.parts) == 5 for page in sample.pages.values())
    statuses = {
        "open" if page.meta.opens <= sample.today <= page.meta.closes else "not open"
        for page in sample.pages.values()
        if page.type.value == "consultation"
    }
    assert "open" in statuses
    for path in ("/cookies", "/privacy", "/accessibility-statement"):
        assert path in sample.pages


def test_every_govspeak_block_is_used(sample_site):
    found = dict.fromkeys(GOVSPEAK_SELECTORS, False)
    for path in sample_site.html_files():
        soup = sample_site.soup("/" + str(path.relative_to(sample_site.out)))
        for name, selector in GOVSPEAK_SELECTORS.items():
            if not found[name] and soup.select_one(f"main {selector}"):
                found[name] = True
    assert [name for name, seen in found.items() if not seen] == []


def test_every_internal_link_in_the_built_site_resolves(sample_site):
    """Links are checked at build time; this checks the built result, templates included. A
    link to the service (search, forms, feedback, the developers' pages) is the service's."""
    service = reserved_urls()
    broken = []
    for path in sample_site.html_files():
        page = "/" + str(path.relative_to(sample_site.out))
        soup = sample_site.soup(page)
        for element in soup.select("a[href], link[href], img[src], script[src]"):
            target = element.get("href") or element.get("src")
            parts = urlsplit(target)
            if (
                parts.scheme
                or parts.netloc
                or not parts.path
                or service.is_service_path(without_language(sample_site.result.site, parts.path))
            ):
                continue
            if not sample_site.file(parts.path).is_file():
                broken.append(f"{page} -> {target}")
    assert broken == []


def test_every_page_title_is_unique(sample_site):
    titles = Counter()
    for path in sample_site.html_files():
        soup = sample_site.soup("/" + str(path.relative_to(sample_site.out)))
        if soup.select_one("meta[http-equiv=refresh]"):
            continue
        titles[soup.html["lang"], soup.title.get_text()] += 1  # unique in each language
    assert [title for title, count in titles.items() if count > 1] == []


def test_no_duplicate_ids_on_any_page(sample_site):
    for path in sample_site.html_files():
        soup = sample_site.soup("/" + str(path.relative_to(sample_site.out)))
        ids = Counter(tag["id"] for tag in soup.select("[id]"))
        assert [i for i, n in ids.items() if n > 1] == [], path
