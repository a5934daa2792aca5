"""The site's documents are plain data: a page's related links, the title of whatever is at a URL
and what a template is given are looked up from the site and its index alone, with no app."""

from __future__ import annotations

import pytest
from flask import has_app_context

from app.content import load_content
from app.site.contexts import SiteData, document_context
from app.site.documents import build_index, title_of
from app.site.listings import Members
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
    context = document_context(SiteData(site, Members.of(site), documents), birth)
    assert context["related"] == [
        ("Request a copy of a birth certificate", "/request-a-copy-of-a-birth-certificate"),
        ("Register a death", "/register-a-death"),
    ]
    assert title_of(site, documents, "/register-a-death") == "Register a death"
    assert title_of(site, documents, "/no-such-page") is None
