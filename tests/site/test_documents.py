"""The site's documents are plain data: a page's related links, the title of whatever is at a URL
and what a template is given are looked up from the site and its index alone, with no app."""

from __future__ import annotations

import pytest
from flask import has_app_context

from app.content import load_content
from app.site.contexts import SiteData, document_context
from app.site.documents import Documents, build_index, title_of
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def loaded():
    site, problems = load_content(SAMPLE)
    assert site is not None and not problems.errors
    return site, build_index(site)


def test_lookups_need_no_app(loaded):
    site, documents = loaded
    assert not has_app_context()
    birth = documents["/register-a-birth"]
    context = document_context(SiteData(site), birth)
    assert context["related"] == [
        ("Request a copy of a birth certificate", "/request-a-copy-of-a-birth-certificate", None),
        ("Register a death", "/register-a-death", None),
    ]
    assert title_of(site, documents, "/register-a-death") == "Register a death"
    assert title_of(site, documents, "/no-such-page") is None


def test_a_url_looked_up_alone_is_the_document_the_whole_index_has(loaded):
    site, whole = loaded
    # guide parts, printable guides, redirects from pages and from redirects.yaml, and misses
    asked = [*whole, "/no-such-page", "/register-a-birth/no-such-part", "/print", "/a/b/c"]
    assert any(d.kind == "redirect" for d in whole.values())
    assert {d.kind for d in whole.values()} >= {"page", "part", "print", "redirect"}
    for url in asked:
        alone = Documents(site)
        assert alone.get(url) == whole.get(url), url
        assert (url in alone) == (url in whole)
    pages_only = Documents(site)
    for url, document in whole.items():
        if document.kind != "redirect":
            assert pages_only.get(url) == document
    assert pages_only._all is None  # a page's own documents need no index
    assert dict(pages_only.items()) == whole  # and a walk over them all has them all


def test_site_data_makes_its_indexes_when_first_needed(loaded):
    site, whole = loaded
    data = SiteData(site)
    assert "members" not in data.__dict__ and data.documents._all is None
    assert data.whole() is data
    assert data.members.of_organisation and data.documents._all == whole
